#!/usr/bin/env bash
# Two routers in the DaemonSet's layout (outgoing -> incoming -> backend, all on 127.0.0.1),
# once in plaintext and once with mutual TLS between them (EC P-256 certificates from a mesh CA
# made here with openssl): wrk through the outgoing router, requests per second, p50 and p99,
# and the CPU both routers spent per request (from /proc/<pid>/stat).
#   src/test/bench/mtls-bench.sh                  # about 60 s
#   DURATION=20 CONNECTIONS=64 src/test/bench/mtls-bench.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
duration=${DURATION:-15}
warmup=${WARMUP:-4}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
jar=${HOPLINK_JAR:-target/hoplink.jar}
java=${JAVA:-java}
work=$(mktemp -d)
. "$root/src/test/bench/bench-lib.sh"

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v openssl >/dev/null || need+=(openssl)
  [ ${#need[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
[ -f "$jar" ] || mvn -q -B -DskipTests package

cert() { # cert NAME DNS: a key and a certificate for DNS from the mesh CA
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/$1.key" \
    -out "$work/$1.csr" -subj "/CN=$2" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$2" >"$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
    -CAcreateserial -days 1 -extfile "$work/$1.ext" -out "$work/$1.pem" 2>/dev/null
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" \
  -out "$work/ca.pem" -days 1 -subj /CN=mesh-ca 2>/dev/null
cert node-a node-a.mesh
cert node-b node-b.mesh

free_port; backend=${taken[-1]}
start backend "$java" src/test/bench/BenchBackend.java "$backend"
wait_for backend "${pids[0]}" eval '[ "$(curl -s --noproxy "*" http://127.0.0.1:'"$backend"'/)" = ok ]'

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# pair MODE: starts an incoming and an outgoing router, plaintext or mtls, sets $out_port
pair() {
  local mode=$1 in_port out_port_ admin_in admin_out client_tls="" server_tls=""
  free_port; in_port=${taken[-1]}; free_port; out_port_=${taken[-1]}
  free_port; admin_in=${taken[-1]}; free_port; admin_out=${taken[-1]}
  if [ "$mode" = mtls ]; then
    server_tls="    tls: {certPath: $work/node-b.pem, keyPath: $work/node-b.key, caCertPath: $work/ca.pem, requireClientAuth: true}"
    client_tls="  client:
    tls:
      commonName: node-b.mesh
      trustCerts: [$work/ca.pem]
      clientAuth: {certPath: $work/node-a.pem, keyPath: $work/node-a.key}"
  fi
  cat >"$work/in-$mode.yaml" <<EOF
admin: {port: $admin_in}
routers:
- protocol: http
  label: incoming
  dtab: /svc => /\$/inet/127.0.0.1/$backend;
  servers:
  - port: $in_port
$server_tls
EOF
  cat >"$work/out-$mode.yaml" <<EOF
admin: {port: $admin_out}
routers:
- protocol: http
  label: outgoing
  dtab: /svc => /\$/inet/127.0.0.1/$in_port;
  servers: [{port: $out_port_}]
$client_tls
EOF
  start "in-$mode" "$java" ${JAVA_OPTS:-} -jar "$jar" "$work/in-$mode.yaml"; in_pid=${pids[-1]}
  start "out-$mode" "$java" ${JAVA_OPTS:-} -jar "$jar" "$work/out-$mode.yaml"; out_pid=${pids[-1]}
  out_port=$out_port_
  wait_for "out-$mode" "$out_pid" eval '[ "$(curl -s --noproxy "*" -H "Host: bench" http://127.0.0.1:'"$out_port"'/)" = ok ]'
}

printf '%-10s %10s %8s %8s %8s %22s\n' mode "req/s" "p50 ms" "p99 ms" errors "CPU µs/request (both)"
for mode in plaintext mtls; do
  pair "$mode"
  args=(-t"$threads" -c"$connections" -H 'Host: bench' --timeout 5s)
  [ "$warmup" -gt 0 ] && in_background wrk "${args[@]}" -d"${warmup}s" "http://127.0.0.1:$out_port/" >/dev/null
  before=$(( $(cpu_ticks "$in_pid") + $(cpu_ticks "$out_pid") ))
  in_background wrk "${args[@]}" -d"${duration}s" --latency "http://127.0.0.1:$out_port/" >"$work/$mode.wrk"
  after=$(( $(cpu_ticks "$in_pid") + $(cpu_ticks "$out_pid") ))
  read -r rps p50 p99 errors < <(summary "$work/$mode.wrk")
  cpu=$(awk -v t=$((after - before)) -v hz="$hz" -v r="$rps" -v d="$duration" \
    'BEGIN {printf "%.1f", t / hz * 1e6 / (r * d)}')
  printf '%-10s %10s %8s %8s %8s %22s\n' "$mode" "$rps" "$p50" "$p99" "$errors" "$cpu"
  kill "$in_pid" "$out_pid"
  [ "$errors" = 0 ] || { echo "requests failed in the $mode run" >&2; exit 1; }
done
