#!/usr/bin/env bash
# hoplink beside HAProxy and nginx in one run, per core: the load generator and the backend share
# core 0, each proxy has core 1 to itself. For each row: requests per second, p50 and p99, the
# proxy's CPU time per request (utime + stime from /proc over the measured run) and its peak RSS
# (VmHWM). See src/test/bench/README.md.
# Environment (defaults): DURATION=10 (s per measured run, at most 60), WARM=30 (s of load before
# a JVM row is measured), CONNECTIONS=64, ONLY (a space-separated subset of the rows),
# HOPLINK_JAR=target/hoplink.jar, JAVA=java, DSFLAGS (the DaemonSet's JVM flags: read from
# daemonset/l5d.yaml, one processor, the CDS archive beside the jar), KEEP_LOGS=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
duration=${DURATION:-10}
warm=${WARM:-30}
connections=${CONNECTIONS:-64}
only=${ONLY:-}
jar=${HOPLINK_JAR:-target/hoplink.jar}
java=${JAVA:-java}
for n in "$duration" "$warm" "$connections"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "DURATION, WARM, CONNECTIONS must be integers" >&2; exit 2; }
done
[ "$duration" -le 60 ] || { echo "DURATION is at most 60 s" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "needs two cores (one for the load, one for the proxy)" >&2; exit 1; }
ds_default=$(sed -n 's/.*-Xms\(.*\)"$/-Xms\1/p' daemonset/l5d.yaml | head -1 \
  | sed 's/-XX:ActiveProcessorCount=[0-9]*/-XX:ActiveProcessorCount=1/' \
  | sed "s#/opt/hoplink/hoplink.jsa#${jar%.jar}.jsa#")  # the image's CDS archive: the build's
dsflags=${DSFLAGS:-$ds_default}
[ -n "$dsflags" ] || { echo "no JAVA_TOOL_OPTIONS found in daemonset/l5d.yaml; set DSFLAGS" >&2; exit 1; }
# as the manifest ships them: two processors, so two event loops and servers per http router,
# here sharing the one core as they share a node's CPU under contention
dsflags2="${dsflags//-XX:ActiveProcessorCount=1/} -XX:ActiveProcessorCount=2"

work=$(mktemp -d "${TMPDIR:-/tmp}/hoplink-peers.XXXXXX")
. "$root/src/test/bench/bench-lib.sh"
WAIT_SECS=60

missing=()
for tool in wrk:wrk nginx:nginx-light haproxy:haproxy h2load:nghttp2-client; do
  command -v "${tool%%:*}" >/dev/null || [ -x "/usr/sbin/${tool%%:*}" ] || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt_install "${missing[@]}" \
    || { echo "missing: apt-get install ${missing[*]} (as root; see $work/apt.log)" >&2; exit 1; }
  # the packages start their services on port 80 where systemd runs; this bench starts its own
  for s in nginx haproxy; do systemctl stop "$s" >/dev/null 2>&1 || true; done
fi
PATH=$PATH:/usr/sbin
if [ ! -f "$jar" ]; then
  [ -z "${HOPLINK_JAR:-}" ] || { echo "HOPLINK_JAR=$jar does not exist" >&2; exit 1; }
  echo "building $jar (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
fi
# the h2 backend and the gRPC load client: compiled once, run on the test class path
test_classpath "$work/cp.txt"
cp=$(cat "$work/cp.txt")
mkdir -p "$work/classes"
javac -nowarn -cp "$cp" -d "$work/classes" src/test/bench/H2BenchBackend.java src/test/bench/GrpcLoad.java \
  src/test/bench/VertxFloorProxy.java
cp="$work/classes:$cp"

want() { [ -z "$only" ] || [[ " $only " == *" $1 "* ]]; }
get() { curl -s --noproxy '*' --max-time 2 "$@"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
peak_mb() { awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
on0=(taskset -c 0)  # a prefix, not a function: in the background its PID is the command's

for p in be be_1m be_h2 be_grpc haproxy haproxy_1m nginx nginx_1m floor hop hop_in hop_h2 hop_grpc admin; do
  free_port; printf -v "port_$p" %s "${taken[-1]}"
done
head -c 1048576 /dev/urandom >"$work/1m.bin"
mkdir -p "$work/nginx"
chmod 755 "$work"; chmod 644 "$work/1m.bin"  # nginx workers run as nobody
cat >"$work/backend.conf" <<EOF
worker_processes 1; daemon off; pid $work/nginx/be.pid; error_log $work/nginx/be.err warn;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 100000000;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$port_be; location / { return 200 "hello world\n"; } }
  server { listen 127.0.0.1:$port_be_1m; location / { root $work; try_files /1m.bin =404; } }
}
EOF
cat >"$work/proxy.conf" <<EOF
worker_processes 1; daemon off; pid $work/nginx/px.pid; error_log $work/nginx/px.err warn;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 100000000;
  client_body_temp_path $work/nginx/pbody; proxy_temp_path $work/nginx/pproxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream be { server 127.0.0.1:$port_be; keepalive 128; }
  upstream be1m { server 127.0.0.1:$port_be_1m; keepalive 128; }
  server { listen 127.0.0.1:$port_nginx; location / {
    proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection ""; } }
  server { listen 127.0.0.1:$port_nginx_1m; location / {
    proxy_pass http://be1m; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
EOF
cat >"$work/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  option http-keep-alive
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend small
  bind 127.0.0.1:$port_haproxy
  default_backend small
frontend large
  bind 127.0.0.1:$port_haproxy_1m
  default_backend large
backend small
  server s1 127.0.0.1:$port_be
backend large
  server s1 127.0.0.1:$port_be_1m
EOF
mkdir -p "$work/disco"
echo "127.0.0.1 $port_be" >"$work/disco/small"
echo "127.0.0.1 $port_be_1m" >"$work/disco/large"
echo "127.0.0.1 $port_be_h2" >"$work/disco/h2"
echo "127.0.0.1 $port_be_grpc" >"$work/disco/test.Echo"
# one process as a DaemonSet pod runs it: the outgoing router hands every request to the
# incoming one (4141 on the destination's node, here the same process), which delivers it
cat >"$work/hoplink.yaml" <<EOF
admin: {ip: 127.0.0.1, port: $port_admin}
namers:
- kind: io.l5d.fs
  rootDir: $work/disco
routers:
- protocol: http
  label: outgoing
  dtab: |
    /svc => /#/io.l5d.fs;
    /svc/hop => /\$/inet/127.0.0.1/$port_hop_in;
  servers: [{ip: 127.0.0.1, port: $port_hop}]
- protocol: http
  label: incoming
  identifier: {kind: io.l5d.static, path: /small}
  dtab: /svc => /#/io.l5d.fs;
  servers: [{ip: 127.0.0.1, port: $port_hop_in}]
- protocol: h2
  label: h2
  identifier: {kind: io.l5d.static, path: /h2}
  dtab: /svc => /#/io.l5d.fs;
  servers: [{ip: 127.0.0.1, port: $port_hop_h2}]
- protocol: h2
  label: grpc
  identifier: {kind: io.l5d.header.path, segments: 1}
  dtab: /svc => /#/io.l5d.fs;
  service:
    responseClassifier: {kind: io.l5d.h2.grpc.default}
  servers: [{ip: 127.0.0.1, port: $port_hop_grpc}]
EOF

results=()
# measure ROW PID KIND TARGET [jvm] [HOST]: a warm-up (WARM s for a JVM, 3 s otherwise), then the measured
# run with the proxy's CPU sampled around it; PID is empty for a direct row. A JVM is warmed up by
# three loads in turn, not one: each closes its connections and the next opens new ones, as
# clients do all the time in use. After one long load, the JIT's code knows only connections in
# mid-stream, and the new connections of the measured run make it throw code away and compile it
# again during the run (1 MiB rows: 1.4 s of 10 on compiling, about 300 methods, against 0.3 s).
measure() {
  local row=$1 pid=$2 kind=$3 target=$4 jvm=${5:-} host=${6:-} w=3 rounds=1 t0=0 t1=0 out="$work/$1.out"
  [ -z "$jvm" ] || { rounds=3; w=$(( (warm + 2) / 3 )); }
  echo "measuring $row (${rounds} x ${w}s warm-up, ${duration}s measured)" >&2
  for _ in $(seq "$rounds"); do load "$kind" "$target" "$w" "$work/$row.warm" "$host"; done
  [ -z "$pid" ] || t0=$(cpu_ticks "$pid")
  load "$kind" "$target" "$duration" "$out" "$host"
  [ -z "$pid" ] || t1=$(cpu_ticks "$pid")
  local rps p50 p99 errors cpu=- peak=-
  read -r rps p50 p99 errors <<<"$(summarise "$kind" "$out")"
  if [ -n "$pid" ]; then
    cpu=$(awk -v a="$t0" -v b="$t1" -v r="$rps" -v d="$duration" \
      'BEGIN { printf "%.1f", (r > 0 ? (b - a) / 100 * 1e6 / (r * d) : 0) }')
    peak=$(peak_mb "$pid")
  fi
  results+=("$(printf '%-16s %10.0f %9s %9s %11s %8s %7s' "$row" "$rps" "$p50" "$p99" "$cpu" "$peak" "$errors")")
}
load() { # KIND TARGET SECONDS OUT [HOST]
  local host=()
  [ -z "${5:-}" ] || host=(-H "Host: $5")
  case $1 in
    wrk) in_background "${on0[@]}" wrk -t1 -c"$connections" -d"$3"s --latency "${host[@]}" "$2" >"$4" 2>&1 ;;
    h2) in_background "${on0[@]}" h2load -t1 -c8 -m16 -D"$3" "$2" >"$4" 2>&1 ;;
    grpc) in_background "${on0[@]}" "$java" -cp "$cp" GrpcLoad "$2" 64 "$3" 0 >"$4" 2>&1 ;;
  esac
}
summarise() { # KIND OUT: "rps p50_ms p99_ms errors"
  case $1 in
    wrk) summary "$2" ;;
    h2) awk '/^finished in/ { gsub(",", "", $4); rps = $4 }
        /^requests:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^(failed|errored|timeout),?$/) e += $i }
        /^time for request:/ { mean = $6 }
        END { printf "%s %s - %d\n", rps, "mean:" mean, e }' "$2" ;;
    grpc) sed -n 's/^rps=\([0-9.]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) errors=\([0-9]*\)$/\1 \2ms \3ms \4/p' "$2" ;;
  esac
}
# start_hoplink NAME FLAGS: the jar on core 1; prints start-to-ready (first /admin/ping answer)
start_hoplink() {
  local name=$1 flags=$2 begin
  begin=$(date +%s%N)
  # shellcheck disable=SC2086
  start "$name" taskset -c 1 "$java" $flags -jar "$jar" "$work/hoplink.yaml"
  hop_pid=${pids[-1]}
  until [ "$(get "http://127.0.0.1:$port_admin/admin/ping")" = pong ]; do
    kill -0 "$hop_pid" 2>/dev/null || { echo "$name did not start:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    sleep 0.01
  done
  ready_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  sleep 5
  notes+=("$name: ready in ${ready_ms} ms; idle RSS $(rss_mb "$hop_pid") MB 5 s after; flags: ${flags:-(none)}")
}
stop_last() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }
notes=()

start backend taskset -c 0 nginx -c "$work/backend.conf"
wait_for backend "${pids[-1]}" eval '[ "$(get "http://127.0.0.1:$port_be/")" = "hello world" ]'
want direct && measure direct "" wrk "http://127.0.0.1:$port_be/"
want direct-1m && measure direct-1m "" wrk "http://127.0.0.1:$port_be_1m/"
if want haproxy || want haproxy-1m; then
  start haproxy taskset -c 1 haproxy -f "$work/haproxy.cfg" -db
  wait_for haproxy "${pids[-1]}" eval '[ "$(get "http://127.0.0.1:$port_haproxy/")" = "hello world" ]'
  want haproxy && measure haproxy "${pids[-1]}" wrk "http://127.0.0.1:$port_haproxy/"
  want haproxy-1m && measure haproxy-1m "${pids[-1]}" wrk "http://127.0.0.1:$port_haproxy_1m/"
  stop_last
fi
if want nginx || want nginx-1m; then
  start nginx taskset -c 1 nginx -c "$work/proxy.conf"
  wait_for nginx "${pids[-1]}" eval '[ "$(get "http://127.0.0.1:$port_nginx/")" = "hello world" ]'
  worker=$(pgrep -P "$(cat "$work/nginx/px.pid")" | head -1)
  want nginx && measure nginx "$worker" wrk "http://127.0.0.1:$port_nginx/"
  want nginx-1m && measure nginx-1m "$worker" wrk "http://127.0.0.1:$port_nginx_1m/"
  stop_last
fi
if want vertx-floor; then
  # the DaemonSet's JVM flags without hoplink's CDS archive, which holds hoplink's classes
  # shellcheck disable=SC2086
  start floor taskset -c 1 "$java" $(sed 's/-XX:SharedArchiveFile=[^ ]*//' <<<"$dsflags") -cp "$cp" \
    VertxFloorProxy "$port_floor" "$port_be"
  wait_for floor "${pids[-1]}" grep -q '^ready' "$work/floor.log"
  measure vertx-floor "${pids[-1]}" wrk "http://127.0.0.1:$port_floor/" jvm
  stop_last
fi
if want hoplink; then
  start_hoplink hoplink "-XX:ActiveProcessorCount=1"
  measure hoplink "$hop_pid" wrk "http://127.0.0.1:$port_hop/" jvm small
  stop_last
fi
if want hoplink-ds2; then
  start_hoplink hoplink-ds2 "$dsflags2"
  measure hoplink-ds2 "$hop_pid" wrk "http://127.0.0.1:$port_hop/" jvm small
  stop_last
fi
if want hoplink-ds || want hoplink-ds-1m || want two-hops || want h2-direct || want h2 || want grpc-direct || want grpc; then
  start_hoplink hoplink-ds "$dsflags"
  # the outgoing router names /svc/<Host>
  want hoplink-ds && measure hoplink-ds "$hop_pid" wrk "http://127.0.0.1:$port_hop/" jvm small
  want hoplink-ds-1m && measure hoplink-ds-1m "$hop_pid" wrk "http://127.0.0.1:$port_hop/" jvm large
  want two-hops && measure two-hops "$hop_pid" wrk "http://127.0.0.1:$port_hop/" jvm hop
  if want h2-direct || want h2 || want grpc-direct || want grpc; then
    start h2backend taskset -c 0 "$java" -Xmx256m -cp "$cp" H2BenchBackend "$port_be_h2" "$port_be_grpc"
    wait_for h2backend "${pids[-1]}" grep -q '^ready' "$work/h2backend.log"
    want h2-direct && measure h2-direct "" h2 "http://127.0.0.1:$port_be_h2/" jvm
    want h2 && measure h2 "$hop_pid" h2 "http://127.0.0.1:$port_hop_h2/" jvm
    want grpc-direct && measure grpc-direct "" grpc "127.0.0.1:$port_be_grpc" jvm
    want grpc && measure grpc "$hop_pid" grpc "127.0.0.1:$port_hop_grpc" jvm
  fi
fi

echo
echo "hoplink peers bench, $(date -u +%F): $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))," \
  "load and backend on core 0, proxy on core 1; ${duration}s runs, wrk -t1 -c$connections," \
  "h2load -t1 -c8 -m16, gRPC 64 calls in flight; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-16s %10s %9s %9s %11s %8s %7s\n' row "req/s" p50 p99 "cpu-us/req" "peak-MB" errors
printf '%s\n' "${results[@]}"
printf '%s\n' "${notes[@]}"
