# Process and port handling shared by the bench scripts; source it after setting $work (a fresh
# temp dir). Every process started with start or in_background is stopped on exit; the temp
# dir is removed unless the run failed or KEEP_LOGS is set. WAIT_SECS bounds wait_for (30).
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

# summary FILE: "rps p50_ms p99_ms errors" from wrk's output
summary() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { for (i = 3; i <= NF; i++) { gsub(",", "", $i); if ($i ~ /^[0-9]+$/) errors += $i } }
    END { printf "%s %s %s %d\n", rps == "" ? "nan" : rps, p50 == "" ? "nan" : p50, p99 == "" ? "nan" : p99, errors }
  ' "$1"
}
