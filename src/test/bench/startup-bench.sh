#!/usr/bin/env bash
# Start to ready: from launching the JVM to the first answer of /admin/ping (and the CPU time used
# by then, which other load on the machine disturbs less), with the DaemonSet's
# JVM flags (read from daemonset/l5d.yaml), without and with the AppCDS archive that the build
# makes (target/hoplink.jsa), runs alternating. The config is the DaemonSet's shape: an io.l5d.fs
# namer, an http and an h2 router, the admin. See src/test/bench/README.md.
# Environment (defaults): RUNS=5 (of each), HOPLINK_JAR=target/hoplink.jar,
# HOPLINK_JSA=target/hoplink.jsa, JAVA=java, DSFLAGS (the DaemonSet's flags), KEEP_LOGS=1,
# BEFORE_JAR (another build: then that jar and HOPLINK_JAR are compared, both without an archive).
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
runs=${RUNS:-5}
jar=${HOPLINK_JAR:-target/hoplink.jar}
jsa=${HOPLINK_JSA:-target/hoplink.jsa}
java=${JAVA:-java}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer" >&2; exit 2; }
ds_default=$(awk '/name: JAVA_TOOL_OPTIONS/ { getline; sub(/^ *value: */, ""); gsub(/"/, ""); print; exit }' \
  daemonset/l5d.yaml)
dsflags=${DSFLAGS:-$ds_default}
[ -n "$dsflags" ] || { echo "no JAVA_TOOL_OPTIONS found in daemonset/l5d.yaml; set DSFLAGS" >&2; exit 1; }
before_jar=${BEFORE_JAR:-}
[ -f "$jar" ] || { echo "$jar is missing: mvn -q -B -DskipTests package" >&2; exit 1; }
# "without" drops the archive (the JDK's own base archive stays, as for any java command)
without=$(sed -E 's/(^| )-XX:SharedArchiveFile=[^ ]*//g' <<<"$dsflags")
if [ -n "$before_jar" ]; then
  [ -f "$before_jar" ] || { echo "BEFORE_JAR=$before_jar does not exist" >&2; exit 1; }
  a=("before: $before_jar" "$before_jar" "$without") b=("after: $jar" "$jar" "$without")
else
  [ -f "$jsa" ] || { echo "$jsa is missing: mvn -q -B -DskipTests package" >&2; exit 1; }
  # the image's archive path becomes the build's
  a=("without the archive" "$jar" "$without")
  b=("with $jsa" "$jar" "$without -XX:SharedArchiveFile=$(realpath "$jsa")")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hoplink-startup.XXXXXX")
. "$root/src/test/bench/bench-lib.sh"
get() { curl -s --noproxy '*' --max-time 1 "$@"; }

for p in http h2 admin backend; do
  free_port; printf -v "port_$p" %s "${taken[-1]}"
done
mkdir -p "$work/disco"
echo "127.0.0.1 $port_backend" >"$work/disco/web"
cat >"$work/hoplink.yaml" <<EOF
admin: {ip: 127.0.0.1, port: $port_admin}
namers:
- {kind: io.l5d.fs, rootDir: $work/disco}
routers:
- protocol: http
  label: outgoing
  dtab: /svc => /#/io.l5d.fs;
  servers: [{ip: 127.0.0.1, port: $port_http}]
- protocol: h2
  label: h2-outgoing
  dtab: /svc => /#/io.l5d.fs;
  servers: [{ip: 127.0.0.1, port: $port_h2}]
EOF

# once NAME JAR FLAGS: sets ready_ms, the milliseconds from launch to the first pong, and cpu_ms,
# the CPU time (user + system, all threads) the JVM had used by then; stops the router (SIGTERM:
# it drains and exits)
once() {
  local name=$1 jar=$2 flags=$3 begin pid
  begin=$(date +%s%N)
  # shellcheck disable=SC2086
  start "$name" "$java" $flags -jar "$jar" "$work/hoplink.yaml"
  pid=${pids[-1]}
  until [ "$(get "http://127.0.0.1:$port_admin/admin/ping")" = pong ]; do
    kill -0 "$pid" 2>/dev/null || { echo "$name did not start:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    [ $(( ($(date +%s%N) - begin) / 1000000000 )) -lt 30 ] || { echo "$name: no pong within 30 s" >&2; exit 1; }
    sleep 0.01
  done
  ready_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  unset 'pids[-1]'
  if grep -q 'Unable to use shared archive' "$work/$name.log"; then
    echo "$name: the archive did not map:" >&2; grep 'shared archive' "$work/$name.log" >&2; exit 1
  fi
}
# stats MS...: "median M ms (min A, max B)"
stats() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "median %d ms (min %d, max %d)", m, v[1], v[NR] }'
}

echo "${a[0]}: ${a[2]}"
echo "${b[0]}: ${b[2]}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
t_a=(); t_b=(); c_a=(); c_b=()
for i in $(seq 1 "$runs"); do
  once "a-$i" "${a[1]}" "${a[2]}"; t_a+=("$ready_ms"); c_a+=("$cpu_ms")
  once "b-$i" "${b[1]}" "${b[2]}"; t_b+=("$ready_ms"); c_b+=("$cpu_ms")
  echo "run $i: ${a[0]} ${t_a[-1]} ms (CPU ${c_a[-1]} ms), ${b[0]} ${t_b[-1]} ms (CPU ${c_b[-1]} ms)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "${a[0]}: ready $(stats "${t_a[@]}"); CPU $(stats "${c_a[@]}")"
echo "${b[0]}: ready $(stats "${t_b[@]}"); CPU $(stats "${c_b[@]}")"
