#!/usr/bin/env bash
# HTTP/2 and gRPC throughput and latency through hoplink versus the same backends called
# directly: h2load against an h2c backend, and GrpcLoad.java (grpc-java, unary calls) against a
# grpc-java backend, each once directly and once through an h2 router. See
# src/test/bench/README.md.
# Environment (defaults): DURATION=15 (s per measured run, at most 30), WARMUP=4 (s per run,
# not measured), CLIENTS=8 and STREAMS=16 (h2load -c, -m), THREADS=2 (h2load -t),
# CONCURRENCY=64 (gRPC calls in flight), HOPLINK_JAR=target/hoplink.jar, JAVA=java,
# JAVA_OPTS (for the router), KEEP_LOGS=1 (keep the temp dir).
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
duration=${DURATION:-15}
warmup=${WARMUP:-4}
clients=${CLIENTS:-8}
streams=${STREAMS:-16}
threads=${THREADS:-2}
concurrency=${CONCURRENCY:-64}
jar=${HOPLINK_JAR:-target/hoplink.jar}
java=${JAVA:-java}
for n in "$duration" "$warmup" "$clients" "$streams" "$threads" "$concurrency"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "DURATION, WARMUP, CLIENTS, STREAMS, THREADS, CONCURRENCY must be integers" >&2; exit 2; }
done
[ "$duration" -le 30 ] || { echo "DURATION is at most 30 s" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hoplink-h2-bench.XXXXXX")
. "$root/src/test/bench/bench-lib.sh"
WAIT_SECS=60

if ! command -v h2load >/dev/null; then
  echo "installing nghttp2-client (h2load)"
  { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; } \
    || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q nghttp2-client >"$work/apt.log" 2>&1 \
    || { apt-get update -q >>"$work/apt.log" 2>&1 && apt-get install -y -q nghttp2-client >>"$work/apt.log" 2>&1; } \
    || { echo "could not install nghttp2-client; see $work/apt.log" >&2; exit 1; }
fi
if [ ! -f "$jar" ]; then
  [ -z "${HOPLINK_JAR:-}" ] || { echo "HOPLINK_JAR=$jar does not exist" >&2; exit 1; }
  echo "building $jar (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
fi
# the backends and the load client run on the test class path (Vert.x, grpc-java)
mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" \
  >"$work/mvn.log" 2>&1 \
  || mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" \
  >>"$work/mvn.log" 2>&1 || { echo "could not resolve the test class path; see $work/mvn.log" >&2; exit 1; }
cp=$(cat "$work/cp.txt")

free_port; h2c_port=${taken[-1]}
free_port; grpc_port=${taken[-1]}
free_port; router_h2_port=${taken[-1]}
free_port; router_grpc_port=${taken[-1]}
free_port; admin_port=${taken[-1]}

get() { curl -s --noproxy '*' --max-time 2 "$@"; }

start backend "$java" -cp "$cp" src/test/bench/H2BenchBackend.java "$h2c_port" "$grpc_port"
wait_for backend "${pids[0]}" grep -q '^ready' "$work/backend.log"

mkdir -p "$work/disco"
echo "127.0.0.1 $h2c_port" >"$work/disco/bench"
echo "127.0.0.1 $grpc_port" >"$work/disco/test.Echo"
cat >"$work/hoplink.yaml" <<EOF
admin:
  ip: 127.0.0.1
  port: $admin_port
namers:
- kind: io.l5d.fs
  rootDir: $work/disco
routers:
- protocol: h2
  label: h2
  identifier: {kind: io.l5d.static, path: /bench}
  dtab: /svc => /#/io.l5d.fs;
  servers:
  - ip: 127.0.0.1
    port: $router_h2_port
- protocol: h2
  label: grpc
  identifier: {kind: io.l5d.header.path, segments: 1}
  dtab: /svc => /#/io.l5d.fs;
  service:
    responseClassifier: {kind: io.l5d.h2.grpc.default}
  servers:
  - ip: 127.0.0.1
    port: $router_grpc_port
EOF
start hoplink "$java" ${JAVA_OPTS:-} -jar "$jar" "$work/hoplink.yaml"
wait_for hoplink "${pids[1]}" eval '[ "$(get http://127.0.0.1:$admin_port/admin/ping)" = pong ]'
wait_for hoplink "${pids[1]}" eval '[ "$(get --http2-prior-knowledge http://127.0.0.1:$router_h2_port/)" = ok ]'

# run_h2load NAME URL: warm-up then measured, one line per request into $work/NAME.tsv
run_h2load() {
  local name=$1 url=$2
  local args=(-t"$threads" -c"$clients" -m"$streams" -D"$duration" --warm-up-time="$warmup")
  echo "measuring $name: h2load ${args[*]} $url"
  in_background h2load "${args[@]}" --log-file="$work/$name.tsv" "$url" >"$work/$name.h2load"
}
# h2summary NAME: "rps p50_ms p99_ms errors"; latencies of the requests logged after the warm-up
h2summary() {
  local rps failed from n p50 p99
  rps=$(awk '/^finished in/ { gsub(",", "", $4); print $4 }' "$work/$1.h2load")
  failed=$(awk '/^requests:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^(failed|errored|timeout),?$/) n += $i }
    END { print n + 0 }' "$work/$1.h2load")
  from=$(awk -F'\t' -v w="$warmup" 'NR == 1 || $1 < m { m = $1 } END { printf "%.0f", m + w * 1000000 }' "$work/$1.tsv")
  awk -F'\t' -v from="$from" '$1 >= from { print $3 }' "$work/$1.tsv" | sort -n >"$work/$1.sorted"
  n=$(wc -l <"$work/$1.sorted")
  p50=$(awk -v n="$n" 'NR == int(n * 0.50) + 1 { printf "%.3f", $1 / 1000 }' "$work/$1.sorted")
  p99=$(awk -v n="$n" 'NR == int(n * 0.99) + 1 { printf "%.3f", $1 / 1000 }' "$work/$1.sorted")
  echo "${rps:-nan} ${p50:-nan} ${p99:-nan} $failed"
}
run_grpc() {
  local name=$1 target=$2
  echo "measuring $name: GrpcLoad $target, $concurrency calls in flight, ${warmup}s + ${duration}s"
  in_background "$java" -cp "$cp" src/test/bench/GrpcLoad.java "$target" "$concurrency" \
    "$duration" "$warmup" >"$work/$name.grpc"
}
grpcsummary() {
  sed -n 's/^rps=\([0-9.]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) errors=\([0-9]*\)$/\1 \2 \3 \4/p' "$work/$1.grpc"
}

run_h2load h2-direct "http://127.0.0.1:$h2c_port/"
run_h2load h2-proxied "http://127.0.0.1:$router_h2_port/"
run_grpc grpc-direct "127.0.0.1:$grpc_port"
run_grpc grpc-proxied "127.0.0.1:$router_grpc_port"

echo
echo "hoplink h2 bench: $(nproc) cores, loopback; h2load -t$threads -c$clients -m$streams -D$duration;" \
  "GrpcLoad $concurrency unary calls in flight for ${duration}s"
printf "%-14s %10s %10s %10s %8s\n" "" "rps" "p50 ms" "p99 ms" "errors"
errors=0
for run in h2-direct h2-proxied grpc-direct grpc-proxied; do
  if [[ $run == h2-* ]]; then line=$(h2summary "$run"); else line=$(grpcsummary "$run"); fi
  read -r rps p50 p99 err <<<"${line:-nan nan nan 1}"
  printf "%-14s %10.0f %10.3f %10.3f %8d\n" "$run" "$rps" "$p50" "$p99" "$err"
  errors=$((errors + err))
done
if [ "$errors" -gt 0 ]; then
  echo "some requests failed" >&2
  exit 1
fi
