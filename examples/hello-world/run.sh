#!/usr/bin/env bash
# Runs Linkerd's hello-world locally: world (7778), hello (7777, http_proxy=127.0.0.1:4140) and
# hoplink with linkerd.yaml (outgoing router 4140, admin 9990), all on 127.0.0.1.
#   examples/hello-world/run.sh           start all three, keep running until Ctrl-C / SIGTERM
#   examples/hello-world/run.sh --check   start, curl hello through the router once, compare, stop
# Environment: HOPLINK_JAR (default target/hoplink.jar, built if missing), JAVA (default java),
# LOG_DIR (default: a new temp dir), START_TIMEOUT_S (default 60, per process).
set -euo pipefail

usage() { echo "usage: $0 [--check]" >&2; exit 2; }
mode=serve
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) usage ;;
esac
[ $# -le 1 ] || usage

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
jar=${HOPLINK_JAR:-target/hoplink.jar}
java=${JAVA:-java}
timeout_s=${START_TIMEOUT_S:-60}
expected='Hello (127.0.0.1) world (127.0.0.1)!'
ports=(7778 7777 4140 9990)

pids=()
names=()
stop_all() {
  local status=$?
  trap - EXIT INT TERM
  if [ ${#pids[@]} -gt 0 ]; then
    echo "stopping ${names[*]}"
    kill "${pids[@]}" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while [ $SECONDS -lt $deadline ] && kill -0 "${pids[@]}" 2>/dev/null; do sleep 0.2; done
    kill -9 "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "${ports[@]}"; do
  if port_in_use "$port"; then
    echo "port 127.0.0.1:$port is already in use; stop whatever listens there first" >&2
    exit 1
  fi
done

if [ ! -f "$jar" ]; then
  if [ -n "${HOPLINK_JAR:-}" ]; then
    echo "HOPLINK_JAR=$jar does not exist" >&2
    exit 1
  fi
  echo "building $jar (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
  [ -f "$jar" ] || { echo "the build did not produce $jar" >&2; exit 1; }
fi

logs=${LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/hoplink-hello-world.XXXXXX")}
mkdir -p "$logs"

# start NAME CMD...: runs CMD in the background with its output in $logs/NAME.log
start() {
  local name=$1; shift
  "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

# wait_for NAME PID CHECK...: polls CHECK until it succeeds, the process dies or time runs out
wait_for() {
  local name=$1 pid=$2; shift 2
  local deadline=$((SECONDS + timeout_s))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start; the end of $logs/$name.log:" >&2
      tail -n 20 "$logs/$name.log" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$name did not answer within ${timeout_s}s; the end of $logs/$name.log:" >&2
      tail -n 20 "$logs/$name.log" >&2
      exit 1
    fi
    sleep 0.3
  done
}

get() { curl -s --noproxy '*' --max-time 2 "$@"; }
world_answers() { [[ "$(get http://127.0.0.1:7778/)" == "world ("* ]]; }
router_answers() { [ "$(get http://127.0.0.1:9990/admin/ping)" = pong ]; }
hello_answers() { port_in_use 7777; }  # a full request would test the whole chain

echo "logs in $logs"
start world env PORT=7778 "$java" examples/hello-world/World.java
start hello env PORT=7777 http_proxy=http://127.0.0.1:4140 "$java" examples/hello-world/Hello.java
start hoplink "$java" ${JAVA_OPTS:-} -jar "$jar" examples/hello-world/linkerd.yaml
wait_for world "${pids[0]}" world_answers
wait_for hoplink "${pids[2]}" router_answers
wait_for hello "${pids[1]}" hello_answers

if [ "$mode" = check ]; then
  answer=$(curl -s --noproxy '' --max-time 10 -x http://127.0.0.1:4140 http://hello/ || true)
  echo "$answer"
  if [ "$answer" != "$expected" ]; then
    echo "check failed: expected '$expected'; logs in $logs" >&2
    exit 1
  fi
  echo "check passed"
  exit 0
fi

cat <<EOF
hello-world is up: world 127.0.0.1:7778, hello 127.0.0.1:7777, router 127.0.0.1:4140, admin http://127.0.0.1:9990/
try:
  curl -s -x http://127.0.0.1:4140 http://hello/
  (answers: $expected)
Ctrl-C stops all three.
EOF
all_alive() { local pid; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done; }
while all_alive; do sleep 1; done
for i in "${!pids[@]}"; do
  if ! kill -0 "${pids[$i]}" 2>/dev/null; then
    echo "${names[$i]} exited; the end of $logs/${names[$i]}.log:" >&2
    tail -n 20 "$logs/${names[$i]}.log" >&2
  fi
done
exit 1
