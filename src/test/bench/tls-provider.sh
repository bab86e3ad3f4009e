#!/usr/bin/env bash
# TLS provider cost: the router's CPU per full TLS handshake (openssl s_time, a new connection
# each time) and per request on kept-alive TLS connections (wrk over https), with OpenSSL
# (BoringSSL through netty-tcnative) and with the JDK's provider. The router's CPU comes from
# /proc/<pid>/stat (utime + stime) around each measured run.
#   src/test/bench/tls-provider.sh            # about 60 s
#   DURATION=20 src/test/bench/tls-provider.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION=${DURATION:-10}
JAR=${HOPLINK_JAR:-target/hoplink.jar}
work=$(mktemp -d)
. src/test/bench/bench-lib.sh

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v openssl >/dev/null || need+=(openssl)
  [ ${#need[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
[ -f "$JAR" ] || mvn -q -B -DskipTests package

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" \
  -out "$work/ca.pem" -days 1 -subj /CN=bench-ca 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/node.key" \
  -out "$work/node.csr" -subj /CN=bench.mesh 2>/dev/null
printf 'subjectAltName=DNS:bench.mesh,IP:127.0.0.1\n' > "$work/ext"
openssl x509 -req -in "$work/node.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -CAcreateserial -days 1 -extfile "$work/ext" -out "$work/node.pem" 2>/dev/null

free_port; backend=${taken[-1]}
start backend java src/test/bench/BenchBackend.java "$backend"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_s=$(getconf CLK_TCK)

printf '%-8s %14s %16s %12s %16s\n' provider "handshakes/s" "CPU µs/handshake" "requests/s" "CPU µs/request"
for provider in openssl jdk; do
  free_port; port=${taken[-1]}; free_port; admin=${taken[-1]}
  cat >"$work/$provider.yaml" <<EOF
admin: {port: $admin}
routers:
- protocol: http
  dtab: /svc => /\$/inet/127.0.0.1/$backend;
  servers:
  - port: $port
    tls: {certPath: $work/node.pem, keyPath: $work/node.key}
EOF
  start "router-$provider" java -Dhoplink.tls.provider=$provider ${JAVA_OPTS:-} -jar "$JAR" "$work/$provider.yaml"
  pid=${pids[-1]}
  wait_for "router-$provider" "$pid" grep -q "admin listening" "$work/router-$provider.log"
  # warm-up, not measured
  openssl s_time -connect "127.0.0.1:$port" -new -time 3 >/dev/null 2>&1 || true
  wrk -t1 -c16 -d3s "https://127.0.0.1:$port/" >/dev/null 2>&1 || true

  before=$(cpu_ticks "$pid")
  hs=$(openssl s_time -connect "127.0.0.1:$port" -new -time "$DURATION" 2>/dev/null \
    | awk '/connections in [0-9.]+s;/ {print $1; exit}')
  after=$(cpu_ticks "$pid")
  hs_rate=$(awk -v n="$hs" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}')
  hs_cpu=$(awk -v t=$((after - before)) -v hz="$ticks_per_s" -v n="$hs" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')

  before=$(cpu_ticks "$pid")
  reqs=$(wrk -t2 -c32 -d"${DURATION}s" "https://127.0.0.1:$port/" | awk '/requests in/ {print $1}')
  after=$(cpu_ticks "$pid")
  rq_rate=$(awk -v n="$reqs" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}')
  rq_cpu=$(awk -v t=$((after - before)) -v hz="$ticks_per_s" -v n="$reqs" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
  printf '%-8s %14s %16s %12s %16s\n' "$provider" "$hs_rate" "$hs_cpu" "$rq_rate" "$rq_cpu"
  kill "$pid"
done
