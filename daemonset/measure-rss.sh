#!/usr/bin/env bash
# Measures the router's resident memory (RSS, from /proc/<pid>/status) with the JVM flags the
# DaemonSet uses, to size its memory request and limit: idle after start, then during and after
# bounded wrk runs through the router to an nginx backend on loopback (small responses with many
# connections, then 1 MiB responses, which stream through direct buffers).
# Environment (defaults): JAVA_OPTS (the DaemonSet's flags, read from daemonset/l5d.yaml, with
# the CDS archive beside the jar),
# DURATION=20 (s per load run), CONNECTIONS=64, HOPLINK_JAR=target/hoplink.jar, JAVA=java.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=${HOPLINK_JAR:-target/hoplink.jar}
java=${JAVA:-java}
duration=${DURATION:-20}
connections=${CONNECTIONS:-64}
if [ -z "${JAVA_OPTS+x}" ]; then
  JAVA_OPTS=$(awk '/name: JAVA_TOOL_OPTIONS/ { getline; sub(/^ *value: */, ""); gsub(/"/, ""); print; exit }' daemonset/l5d.yaml \
    | sed "s#/opt/hoplink/hoplink.jsa#${jar%.jar}.jsa#")  # the image's CDS archive: the build's
fi
command -v wrk >/dev/null || { echo "needs wrk" >&2; exit 1; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "needs nginx" >&2; exit 1; }
[ -f "$jar" ] || { echo "$jar is missing: mvn -q -B -DskipTests package" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hoplink-rss.XXXXXX")
pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  [ "$status" -eq 0 ] && rm -rf "$work" || echo "logs kept in $work" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 12000))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  echo "no free port" >&2; return 1
}
backend_port=$(free_port); router_port=$(free_port); admin_port=$(free_port)
wait_for() {
  local deadline=$((SECONDS + 30))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for: $*" >&2; exit 1; }
    sleep 0.3
  done
}
get() { curl -s --noproxy '*' --max-time 2 -H 'Host: bench' "$@"; }

chmod 755 "$work"
mkdir -p "$work/nginx/html"
head -c 1048576 /dev/zero >"$work/nginx/html/big"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  keepalive_requests 10000000;
  server {
    listen 127.0.0.1:$backend_port;
    root $work/nginx/html;
    location = / { default_type text/plain; return 200 "ok"; }
  }
}
EOF
"$nginx" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx.conf" >"$work/nginx.log" 2>&1 &
pids+=($!)
wait_for eval '[ "$(get http://127.0.0.1:$backend_port/)" = ok ]'

mkdir -p "$work/disco"
echo "127.0.0.1 $backend_port" >"$work/disco/bench"
cat >"$work/hoplink.yaml" <<EOF
admin: {ip: 127.0.0.1, port: $admin_port}
namers:
- {kind: io.l5d.fs, rootDir: $work/disco}
routers:
- protocol: http
  label: outgoing
  dtab: /svc => /#/io.l5d.fs;
  servers: [{ip: 127.0.0.1, port: $router_port}]
EOF
# shellcheck disable=SC2086
"$java" $JAVA_OPTS -jar "$jar" "$work/hoplink.yaml" >"$work/hoplink.log" 2>&1 &
router=$!
pids+=("$router")
wait_for eval '[ "$(get http://127.0.0.1:$admin_port/admin/ping)" = pong ]'
wait_for eval '[ "$(get http://127.0.0.1:$router_port/)" = ok ]'

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$router/status"; }
mib() { echo "$(( $1 / 1024 ))"; }
report() { echo "$1: VmRSS $(mib "$(kib VmRSS)") MiB, VmHWM (peak) $(mib "$(kib VmHWM)") MiB"; }
# polls RSS every 0.5 s while a command runs; prints the highest value seen
load() {
  local name=$1; shift
  "$@" >"$work/$name.wrk" &
  local w=$! max=0 v
  while kill -0 "$w" 2>/dev/null; do
    v=$(kib VmRSS); [ "$v" -gt "$max" ] && max=$v
    sleep 0.5
  done
  wait "$w"
  local errors
  errors=$(awk '/Non-2xx|Socket errors/' "$work/$name.wrk" | tr '\n' ' ')
  echo "$name: $(awk '/^Requests\/sec:/ { print $2 }' "$work/$name.wrk") req/s, ${errors:-no errors, }highest VmRSS during load $(mib "$max") MiB"
}

echo "JAVA_OPTS: $JAVA_OPTS"
sleep 3  # let start-up settle before the idle reading
report "idle after start"
load small wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s -H 'Host: bench' "http://127.0.0.1:$router_port/"
report "after small responses"
load large wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s -H 'Host: bench' "http://127.0.0.1:$router_port/big"
report "after 1 MiB responses"
sleep 5
report "idle 5 s after load"
