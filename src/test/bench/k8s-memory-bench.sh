#!/usr/bin/env bash
# The router's memory with the DaemonSet's JVM flags and config (the io.l5d.k8s namer, the
# daemonset and localnode transformers) when it routes to many Kubernetes services: the mock
# Kubernetes API serves SERVICES services (each with ENDPOINTS pods on this node, nginx on
# 127.0.0.x), one request names each of them (each is resolved, watched and gets a client in the
# outgoing and the incoming router), then a steady wrk load cycles over all of them. Prints the
# peak RSS (VmHWM), the highest VmRSS under load, RSS at the end, the heap in use after a full GC
# (jcmd GC.run, GC.heap_info) and the bound names. See src/test/bench/README.md.
# Environment (defaults): SERVICES=1000, ENDPOINTS=2, DURATION=60 (s of steady load, at most
# 300), CONNECTIONS=64, HOPLINK_JAR=target/hoplink.jar, JAVA=java, DSFLAGS (the DaemonSet's JVM
# flags from daemonset/l5d.yaml, with the CDS archive beside the jar), KEEP_LOGS=1, HEAP_DUMP (a path:
# an hprof heap dump after the full GC).
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
services=${SERVICES:-1000}
endpoints=${ENDPOINTS:-2}
duration=${DURATION:-60}
connections=${CONNECTIONS:-64}
jar=${HOPLINK_JAR:-target/hoplink.jar}
java=${JAVA:-java}
for n in "$services" "$endpoints" "$duration" "$connections"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "SERVICES, ENDPOINTS, DURATION, CONNECTIONS must be integers" >&2; exit 2; }
done
[ "$duration" -le 300 ] || { echo "DURATION is at most 300 s" >&2; exit 2; }
[ "$services" -ge 1 ] && [ "$services" -le 9999 ] || { echo "SERVICES: 1 to 9999" >&2; exit 2; }
[ "$endpoints" -ge 1 ] && [ "$endpoints" -le 254 ] || { echo "ENDPOINTS: 1 to 254" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "needs two cores (one for the router, one for the rest)" >&2; exit 1; }
ds_default=$(awk '/name: JAVA_TOOL_OPTIONS/ { getline; sub(/^ *value: */, ""); gsub(/"/, ""); print; exit }' daemonset/l5d.yaml \
  | sed "s#/opt/hoplink/hoplink.jsa#${jar%.jar}.jsa#")  # the image's CDS archive: the build's
dsflags=${DSFLAGS:-$ds_default}
[ -n "$dsflags" ] || { echo "no JAVA_TOOL_OPTIONS found in daemonset/l5d.yaml; set DSFLAGS" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hoplink-k8s-mem.XXXXXX")
. "$root/src/test/bench/bench-lib.sh"
WAIT_SECS=90

need_wrk
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
  echo "installing nginx-light"
  apt_install nginx-light || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 1; }
  systemctl stop nginx >/dev/null 2>&1 || true
fi
command -v jcmd >/dev/null || { echo "needs jcmd (a JDK)" >&2; exit 1; }
if [ ! -f "$jar" ]; then
  [ -z "${HOPLINK_JAR:-}" ] || { echo "HOPLINK_JAR=$jar does not exist" >&2; exit 1; }
  echo "building $jar (mvn -o -q -B -DskipTests package)"
  mvn -o -q -B -DskipTests package
fi
test_classpath "$work/cp.txt"
cp=$(cat "$work/cp.txt")

get() { curl -s --noproxy '*' --max-time 5 "$@"; }
kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$2/status"; }
mib() { echo "$(( $1 / 1024 ))"; }
# a prefix, not a function: a function run in the background is a subshell whose PID is not the
# command's, so stopping that PID at the end left nginx and the mock API running
on0=(taskset -c 0)

for p in be api admin out in h2out h2in grpcout grpcin; do
  free_port; printf -v "port_$p" %s "${taken[-1]}"
done

# the backend: nginx on 127.0.0.1 .. 127.0.0.<ENDPOINTS>, one port (all of 127/8 is loopback)
mkdir -p "$work/nginx"
{
  echo "worker_processes 1; daemon off; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;"
  echo "events { worker_connections 8192; }"
  echo "http { access_log off; keepalive_requests 100000000;"
  echo "  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;"
  echo "  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;"
  echo "  server {"
  for e in $(seq 1 "$endpoints"); do echo "    listen 127.0.0.$e:$port_be;"; done
  echo '    location / { default_type text/plain; return 200 "ok"; } } }'
} >"$work/nginx.conf"
start backend "${on0[@]}" "$nginx" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx.conf"
wait_for backend "${pids[-1]}" eval '[ "$(get "http://127.0.0.$endpoints:$port_be/")" = ok ]'

# the mock API with the services and the routers' Service l5d (its incoming ports: this router's)
"$java" -cp "$cp" io.hoplink.namers.k8s.ServiceFleet "$work/objects.yaml" "$services" "$port_be" \
  "$endpoints" node-1 incoming="$port_in" h2-incoming="$port_h2in" grpc-incoming="$port_grpcin"
mkfifo "$work/api.stdin"
exec 3<>"$work/api.stdin"  # the mock API runs until its stdin closes
"${on0[@]}" "$java" -Xmx384m -XX:+UseSerialGC -cp "$cp" io.hoplink.namers.k8s.MockKubeApi \
  127.0.0.1 "$port_api" "$work/objects.yaml" <&3 >"$work/kube-api.log" 2>&1 &
pids+=($!)
wait_for kube-api "${pids[-1]}" grep -q 'mock Kubernetes API listening on' "$work/kube-api.log"

# the DaemonSet's config (l5d-config.yaml's config.yaml) on loopback, with the API at the mock
awk '/^  config.yaml: \|-$/ { on = 1; next } on { sub(/^    /, ""); print }' daemonset/l5d-config.yaml \
  | sed -E -e 's/^- kind: io\.l5d\.k8s$/&\n  host: 127.0.0.1\n  port: '"$port_api"'/' \
    -e 's/^( *)service: l5d$/&\n\1k8sHost: 127.0.0.1\n\1k8sPort: '"$port_api"'/' \
    -e 's/ip: 0\.0\.0\.0/ip: 127.0.0.1/' \
    -e "s/^( *)port: 9990\$/\\1port: $port_admin/;s/^( *)port: 4140\$/\\1port: $port_out/" \
    -e "s/^( *)port: 4141\$/\\1port: $port_in/;s/^( *)port: 4240\$/\\1port: $port_h2out/" \
    -e "s/^( *)port: 4241\$/\\1port: $port_h2in/;s/^( *)port: 4340\$/\\1port: $port_grpcout/" \
    -e "s/^( *)port: 4341\$/\\1port: $port_grpcin/" >"$work/hoplink.yaml"
if grep -Eq '0\.0\.0\.0|port: (9990|4[123]4[01])$' "$work/hoplink.yaml" || ! grep -q "port: $port_api" "$work/hoplink.yaml"; then
  echo "daemonset/l5d-config.yaml changed shape; the config made from it:" >&2; cat "$work/hoplink.yaml" >&2; exit 1
fi
# shellcheck disable=SC2086
start hoplink env NODE_NAME=node-1 POD_IP=127.0.0.1 HOST_IP=127.0.0.1 POD_NAMESPACE=default \
  taskset -c 1 "$java" $dsflags -jar "$jar" "$work/hoplink.yaml"
hop=${pids[-1]}
wait_for hoplink "$hop" eval '[ "$(get "http://127.0.0.1:$port_admin/admin/ping")" = pong ]'
idle_rss=$(kib VmRSS "$hop")

# one request naming each service, repeated for those not yet answered 200 (the namer is
# listing and watching): each service is then resolved, watched and has a client
names() { for i in $(seq 1 "$services"); do printf 'svc-%04d\n' "$i"; done; }
names >"$work/pending"
deadline=$((SECONDS + 120)); started=$SECONDS
while [ -s "$work/pending" ]; do
  [ $SECONDS -lt $deadline ] || { echo "$(wc -l <"$work/pending") services never answered 200 (first: $(head -1 "$work/pending"))" >&2; exit 1; }
  kill -0 "$hop" 2>/dev/null || { echo "the router exited; the end of its log:" >&2; tail -5 "$work/hoplink.log" >&2; exit 1; }
  while read -r n; do  # one transfer each, "next" between them
    printf 'next\nurl = "http://127.0.0.1:%s/%s"\nheader = "Host: %s"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{url_effective}\\n"\n' "$port_out" "$n" "$n"
  done <"$work/pending" | tail -n +2 >"$work/curl.cfg"
  "${on0[@]}" curl -s --noproxy '*' --max-time 10 --parallel --parallel-max 16 -K "$work/curl.cfg" >"$work/curl.out" 2>"$work/curl.err" || true
  # what was not answered 200 (or not at all) is asked again
  awk '$1 == "200" { sub(".*/", "", $2); print $2 }' "$work/curl.out" | sort >"$work/ok"
  comm -23 <(sort "$work/pending") "$work/ok" >"$work/pending.next"
  mv "$work/pending.next" "$work/pending"
  [ ! -s "$work/pending" ] || sleep 1
done
first_pass=$((SECONDS - started))
after_first_rss=$(kib VmRSS "$hop")

# the steady load: wrk cycling over every service
{
  echo "local names = {}"
  echo "for i = 1, $services do names[i] = string.format('svc-%04d', i) end"
  echo "local i = 0"
  echo "request = function() i = i % $services + 1; return wrk.format('GET', '/', { Host = names[i] }) end"
} >"$work/cycle.lua"
"${on0[@]}" wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s -s "$work/cycle.lua" "http://127.0.0.1:$port_out/" >"$work/wrk.out" 2>&1 &
pids+=($!); w=$!
max=0
while kill -0 "$w" 2>/dev/null; do
  v=$(kib VmRSS "$hop"); [ "$v" -gt "$max" ] && max=$v
  sleep 0.5
done
wait "$w"; unset 'pids[-1]'
read -r rps _ _ errors <<<"$(summary "$work/wrk.out")"
end_rss=$(kib VmRSS "$hop"); peak=$(kib VmHWM "$hop")
jcmd "$hop" GC.run >/dev/null
jcmd "$hop" GC.heap_info >"$work/heap.txt"
jcmd "$hop" GC.class_histogram >"$work/histogram.txt"
[ -z "${HEAP_DUMP:-}" ] || jcmd "$hop" GC.heap_dump "$HEAP_DUMP" >/dev/null  # for a heap analyser
heap_used=$(awk '/generation +total/ { for (i = 1; i < NF; i++) if ($i == "used") { sub("K,?", "", $(i + 1)); s += $(i + 1) } }
  END { printf "%.1f", s / 1024 }' "$work/heap.txt")
meta=$(awk '/Metaspace/ { for (i = 1; i < NF; i++) if ($i == "used") { sub("K,?", "", $(i + 1)); printf "%.1f", $(i + 1) / 1024 } }' "$work/heap.txt")
get "http://127.0.0.1:$port_admin/bound-names.json" | tr ',' '\n' >"$work/bound.txt"
bound_out=$(grep -c 'io.l5d.k8s.daemonset/.*/svc-' "$work/bound.txt" || true)
bound_in=$(grep -c 'io.l5d.k8s.localnode/.*/svc-' "$work/bound.txt" || true)
after_gc_rss=$(kib VmRSS "$hop")

echo
echo "k8s memory bench, $(date -u +%F): $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $("$java" -version 2>&1 | head -n 1)"
echo "router on core 1 with: $dsflags"
echo "$services services x $endpoints endpoints (io.l5d.k8s against the mock API, the DaemonSet's config);" \
  "every service answered 200 within ${first_pass}s; then wrk -t1 -c$connections ${duration}s over all of them:" \
  "$rps req/s, $errors errors"
echo "bound names: $bound_out outgoing (io.l5d.k8s.daemonset), $bound_in incoming (io.l5d.k8s.localnode)"
echo "RSS: idle at start $(mib "$idle_rss") MiB; after one request per service $(mib "$after_first_rss") MiB;" \
  "highest under load $(mib "$max") MiB; at the end $(mib "$end_rss") MiB; after a full GC $(mib "$after_gc_rss") MiB"
echo "peak RSS (VmHWM): $(mib "$peak") MiB"
echo "heap in use after a full GC: $heap_used MiB (metaspace used $meta MiB)"
sed 's/^/  /' "$work/heap.txt"
echo "the largest classes on the heap after the GC (jcmd GC.class_histogram):"
sed -n '1,14p' "$work/histogram.txt" | sed 's/^/  /'
[ "$bound_out" -ge "$services" ] && [ "$bound_in" -ge "$services" ] && [ "$errors" = 0 ] \
  || { echo "not every service was bound in both routers, or the load saw errors" >&2; exit 1; }
