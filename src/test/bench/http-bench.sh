#!/usr/bin/env bash
# HTTP/1.1 throughput and latency through hoplink versus the same backend called directly.
# Starts a fixed "200 ok" backend and hoplink on loopback, runs wrk against each with the same
# settings and prints rps, p50, p99 and the proxied/direct ratio. See src/test/bench/README.md.
# Environment (defaults): DURATION=15 (s per measured run), WARMUP=4 (s per target, not
# measured), THREADS=2, CONNECTIONS=32, BACKEND=auto (nginx | java | auto: nginx if it is
# installed, or installable outside systemd, else BenchBackend.java), HOPLINK_JAR=target/hoplink.jar,
# JAVA=java, JAVA_OPTS (for the router), KEEP_LOGS=1 (keep the temp dir).
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
duration=${DURATION:-15}
warmup=${WARMUP:-4}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
jar=${HOPLINK_JAR:-target/hoplink.jar}
java=${JAVA:-java}
for n in "$duration" "$threads" "$connections" "$warmup"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "DURATION, WARMUP, THREADS, CONNECTIONS must be integers" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/hoplink-bench.XXXXXX")
. "$root/src/test/bench/bench-lib.sh"

need_wrk
pick_backend

if [ ! -f "$jar" ]; then
  [ -z "${HOPLINK_JAR:-}" ] || { echo "HOPLINK_JAR=$jar does not exist" >&2; exit 1; }
  echo "building $jar (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
fi

free_port; backend_port=${taken[-1]}
free_port; router_port=${taken[-1]}
free_port; admin_port=${taken[-1]}

get() { curl -s --noproxy '*' --max-time 2 -H 'Host: bench' "$@"; }

start_backend "$backend_port"

mkdir -p "$work/disco"
echo "127.0.0.1 $backend_port" >"$work/disco/bench"
cat >"$work/hoplink.yaml" <<EOF
admin:
  ip: 127.0.0.1
  port: $admin_port
namers:
- kind: io.l5d.fs
  rootDir: $work/disco
routers:
- protocol: http
  label: bench
  dtab: /svc => /#/io.l5d.fs;
  servers:
  - ip: 127.0.0.1
    port: $router_port
EOF
start hoplink "$java" ${JAVA_OPTS:-} -jar "$jar" "$work/hoplink.yaml"
hoplink_pid=${pids[-1]}
wait_for hoplink "$hoplink_pid" eval '[ "$(get http://127.0.0.1:$admin_port/admin/ping)" = pong ]'
wait_for hoplink "$hoplink_pid" eval '[ "$(get http://127.0.0.1:$router_port/)" = ok ]'

# run_wrk NAME URL: a warm-up run, then the measured run into $work/NAME.wrk
run_wrk() {
  local name=$1 url=$2
  local args=(-t"$threads" -c"$connections" -H 'Host: bench' --timeout 5s)
  if [ "$warmup" -gt 0 ]; then
    echo "warming up $name for ${warmup}s"
    in_background wrk "${args[@]}" -d"${warmup}s" "$url" >"$work/$name-warmup.wrk"
  fi
  echo "measuring $name for ${duration}s: wrk $(printf "%q " "${args[@]}")-d${duration}s --latency $url"
  in_background wrk "${args[@]}" -d"${duration}s" --latency "$url" >"$work/$name.wrk"
}

run_wrk direct "http://127.0.0.1:$backend_port/"
run_wrk proxied "http://127.0.0.1:$router_port/"

read -r d_rps d_p50 d_p99 d_err < <(summary "$work/direct.wrk")
read -r p_rps p_p50 p_p99 p_err < <(summary "$work/proxied.wrk")
echo
echo "hoplink HTTP/1.1 bench: backend $backend, wrk -t$threads -c$connections -d${duration}s, $(nproc) cores, loopback"
awk -v d_rps="$d_rps" -v d_p50="$d_p50" -v d_p99="$d_p99" -v d_err="$d_err" \
    -v p_rps="$p_rps" -v p_p50="$p_p50" -v p_p99="$p_p99" -v p_err="$p_err" '
  function ratio(a, b) { return (b + 0 > 0) ? sprintf("%.2fx", a / b) : "n/a" }
  BEGIN {
    printf "%-8s %12s %10s %10s %8s\n", "", "rps", "p50 ms", "p99 ms", "errors"
    printf "%-8s %12.0f %10.3f %10.3f %8d\n", "direct", d_rps, d_p50, d_p99, d_err
    printf "%-8s %12.0f %10.3f %10.3f %8d\n", "proxied", p_rps, p_p50, p_p99, p_err
    printf "%-8s %12s %10s %10s\n", "ratio", ratio(p_rps, d_rps), ratio(p_p50, d_p50), ratio(p_p99, d_p99)
  }'
if [ "$d_err" -gt 0 ] || [ "$p_err" -gt 0 ]; then
  echo "some requests failed (non-2xx or socket errors)" >&2
  exit 1
fi
