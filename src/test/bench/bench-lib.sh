# Process and port handling shared by the bench scripts; source it after setting $work (a fresh
# temp dir). Every process started with start or in_background is stopped on exit; the temp
# dir is removed unless the run failed or KEEP_LOGS is set. WAIT_SECS bounds wait_for (30).
# Also: wrk's output (summary, wrk_max), installs (apt_install, need_wrk), the "200 ok" backend
# (pick_backend, start_backend) and the tests' classpath (test_classpath).
pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ ${#pids[@]} -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while [ $SECONDS -lt $deadline ] && kill -0 "${pids[@]}" 2>/dev/null; do sleep 0.2; done
    kill -9 "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] || [ -n "${KEEP_LOGS:-}" ]; then
    echo "logs kept in $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
taken=()
# a free port below Linux's ephemeral range, distinct from the ones already picked
free_port() {
  local p _
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 12000))
    [[ " ${taken[*]} " == *" $p "* ]] || port_in_use "$p" || { taken+=("$p"); return 0; }
  done
  echo "no free port found" >&2
  exit 1
}
# start NAME COMMAND...: a tracked background process logging to $work/NAME.log
start() {
  local name=$1; shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}
# wait_for NAME PID CHECK...: bounded poll; fails early if the process died
wait_for() {
  local name=$1 pid=$2; shift 2
  local deadline=$((SECONDS + ${WAIT_SECS:-30}))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "$name did not start; the end of $work/$name.log:" >&2
      tail -n 20 "$work/$name.log" >&2
      exit 1
    fi
    sleep 0.3
  done
}
# runs a command as a tracked child and waits, so that a signal stops it at once
in_background() {
  "$@" &
  pids+=($!)
  local status=0
  wait "$!" || status=$?
  unset 'pids[-1]'
  return "$status"
}

# wrk prints latencies with units (812.00us, 1.23ms, 2.00s): this awk function makes them ms
wrk_ms_awk='
  function ms(v) {
    if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
    if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
    if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
    if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
    return v + 0
  }'

# summary FILE: "rps p50_ms p99_ms errors" from wrk's output
summary() {
  awk "$wrk_ms_awk"'
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { for (i = 3; i <= NF; i++) { gsub(",", "", $i); if ($i ~ /^[0-9]+$/) errors += $i } }
    END { printf "%s %s %s %d\n", rps == "" ? "nan" : rps, p50 == "" ? "nan" : p50, p99 == "" ? "nan" : p99, errors }
  ' "$1"
}

# wrk_max FILE: the slowest request's latency in ms (wrk's "Latency" line: avg, stdev, max)
wrk_max() {
  awk "$wrk_ms_awk"'$1 == "Latency" && NF >= 4 { max = ms($4) } END { print max == "" ? "nan" : max }' "$1"
}

# apt_install PACKAGE...: as root with apt-get (lists updated once if the first try fails)
apt_updated=
apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$@" >"$work/apt.log" 2>&1 && return 0
  [ -z "$apt_updated" ] || return 1
  apt_updated=1
  apt-get update -q >>"$work/apt.log" 2>&1 && apt-get install -y -q "$@" >>"$work/apt.log" 2>&1
}

need_wrk() {
  command -v wrk >/dev/null && return 0
  echo "installing wrk"
  apt_install wrk || { echo "wrk is missing and could not be installed (apt-get install wrk)" >&2; exit 1; }
}

# pick_backend: sets $backend from $BACKEND (auto | nginx | java), and $nginx; auto installs
# nginx-light only where no systemd runs (a container), since the package starts a service
pick_backend() {
  backend=${BACKEND:-auto}
  case "$backend" in auto|nginx|java) ;; *) echo "BACKEND must be auto, nginx or java" >&2; exit 2 ;; esac
  nginx=$(command -v nginx || true)
  if [ -z "$nginx" ] && [ -x /usr/sbin/nginx ]; then nginx=/usr/sbin/nginx; fi
  if [ -z "$nginx" ] && { [ "$backend" = nginx ] || { [ "$backend" = auto ] && [ ! -d /run/systemd/system ]; }; }; then
    echo "installing nginx-light"
    if apt_install nginx-light; then
      nginx=$(command -v nginx || echo /usr/sbin/nginx)
    elif [ "$backend" = nginx ]; then
      echo "nginx is missing and could not be installed" >&2; exit 1
    fi
  fi
  [ "$backend" != auto ] || backend=$([ -n "$nginx" ] && echo nginx || echo java)
}

# start_backend PORT: the picked backend answering "200 ok" with keep-alive on 127.0.0.1:PORT,
# waited for; $backend_pid is its process
start_backend() {
  local port=$1
  if [ "$backend" = nginx ]; then
    mkdir -p "$work/nginx"
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
    listen 127.0.0.1:$port;
    location / { default_type text/plain; return 200 "ok"; }
  }
}
EOF
    start backend "$nginx" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx.conf"
  else
    start backend "${JAVA:-java}" src/test/bench/BenchBackend.java "$port"
  fi
  backend_pid=${pids[-1]}
  wait_for backend "$backend_pid" eval \
    "[ \"\$(curl -s --noproxy '*' --max-time 2 http://127.0.0.1:$port/)\" = ok ]"
}

# test_classpath FILE: compiles the tests and writes their classpath (with target/) to FILE
test_classpath() {
  if ! mvn -o -q -B test-compile >"$work/mvn.log" 2>&1 ||
      ! mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$1.deps" >>"$work/mvn.log" 2>&1; then
    tail -n 30 "$work/mvn.log" >&2
    exit 1
  fi
  echo "target/test-classes:target/classes:$(cat "$1.deps")" >"$1"
}
