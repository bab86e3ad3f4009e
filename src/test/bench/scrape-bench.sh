#!/usr/bin/env bash
# What scraping costs over HTTP with 1000 services and 1000 clients: the time and size of
# /admin/metrics.json (plain, pretty, tree, q) and of the Prometheus page, as curl sees them;
# then the router's request latency under a steady wrk load without scraping, with a scrape
# every second and with scrapes back to back. See src/test/bench/README.md.
# Environment (defaults): APPS=1000, SAMPLES=50 (curl timings per page), QUERY=t3-app17 (for q=),
# DURATION=12 (s per wrk run), ROUNDS=3, CONNECTIONS=16, PACE_MS=5 (each wrk connection waits
# this long between requests; 0: none, as fast as it can), BACKEND=auto (nginx | java),
# HOPLINK_JAR=target/hoplink.jar, JAVA=java, ROUTER_JVM_ARGS (for the router; "daemonset": the
# flags of daemonset/l5d.yaml, -Xmx192m and SerialGC), KEEP_LOGS=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
apps=${APPS:-1000}
samples=${SAMPLES:-50}
query=${QUERY:-t3-app17}
duration=${DURATION:-12}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-16}
pace_ms=${PACE_MS:-5}
jar=${HOPLINK_JAR:-target/hoplink.jar}
java=${JAVA:-java}
for n in "$apps" "$samples" "$duration" "$rounds" "$connections" "$pace_ms"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "APPS, SAMPLES, DURATION, ROUNDS, CONNECTIONS, PACE_MS must be integers" >&2; exit 2; }
done
[[ "$query" =~ ^[A-Za-z0-9/._-]+$ ]] || { echo "QUERY: letters, digits and / . _ - only" >&2; exit 2; }
router_jvm_args=${ROUTER_JVM_ARGS:-}
if [ "$router_jvm_args" = daemonset ]; then
  router_jvm_args=$(awk '/name: JAVA_TOOL_OPTIONS/ { getline; sub(/^ *value: */, ""); gsub(/"/, ""); print; exit }' daemonset/l5d.yaml)
  [ -n "$router_jvm_args" ] || { echo "no JAVA_TOOL_OPTIONS in daemonset/l5d.yaml" >&2; exit 2; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hoplink-scrape.XXXXXX")
. "$root/src/test/bench/bench-lib.sh"

echo "scrape-bench $(date -u +%FT%TZ): $(nproc) cores, $(uptime | sed 's/^ *//'), $("$java" -version 2>&1 | head -n 1)"
need_wrk
pick_backend
if [ ! -f "$jar" ]; then
  [ -z "${HOPLINK_JAR:-}" ] || { echo "HOPLINK_JAR=$jar does not exist" >&2; exit 1; }
  echo "building $jar (mvn -o -q -B -DskipTests package)"
  mvn -o -q -B -DskipTests package
fi
echo "compiling the tests for the router generator (DashboardRig)"
test_classpath "$work/classpath"

free_port; backend_port=${taken[-1]}
start_backend "$backend_port"

# The dashboard bench's router: APPS services and clients, each hit once, plus /load/bench.
echo "starting the router with $apps services and $apps clients; its JVM options: ${router_jvm_args:-none}"
start rig "$java" -Dhoplink.jar="$jar" -Dhoplink.basedir="$root" \
  -Djava.util.logging.config.file=src/test/logging.properties -Dsun.net.httpserver.nodelay=true \
  -Dapps="$apps" -DbenchPort="$backend_port" -Ddir="$work/rig" \
  -DrouterJvmArgs="$router_jvm_args" -cp "$(cat "$work/classpath")" \
  io.hoplink.bench.ManyClientsRouter
rig_pid=${pids[-1]}
WAIT_SECS=${WAIT_SECS:-180} wait_for rig "$rig_pid" grep -qs '^ready$' "$work/rig.log"
admin=$(awk '$1 == "admin" { print $2 }' "$work/rig.log")
router_port=$(awk '$1 == "router" { print $2 }' "$work/rig.log")
router_pid=$(awk '$1 == "pid" { print $2 }' "$work/rig.log")
pids+=("$router_pid") # stopped by the rig too; this makes sure
load_url="http://127.0.0.1:$router_port/load/bench"
wait_for rig "$rig_pid" eval '[ "$(curl -s --noproxy "*" --max-time 2 "$load_url")" = ok ]'

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# router_cpu: the router's user + system CPU time so far, in clock ticks
router_cpu() { awk '{ print $14 + $15 }' "/proc/$router_pid/stat"; }
hz=$(getconf CLK_TCK)

# scrape PATH: one GET of the admin PATH; prints "seconds bytes" (curl's time_total, body size)
scrape() {
  curl -s --noproxy '*' --max-time 30 -o /dev/null -w '%{time_total} %{size_download}\n' \
    "$admin$1"
}
# stats FILE: "median p99 max" in ms of the first column (seconds); p99 by nearest rank
stats() {
  sort -n "$1" | awk '{ t[NR] = $1 * 1000 }
    END { p = int(NR * 0.99); if (p < NR * 0.99) p++
          printf "%.1f %.1f %.1f\n", t[int((NR + 1) / 2)], t[p], t[NR] }'
}

pages=("/admin/metrics.json" "/admin/metrics.json?pretty=1" "/admin/metrics.json?tree=1"
  "/admin/metrics.json?q=$query" "/admin/metrics/prometheus")
echo
echo "scrape times, the router idle: $samples GETs of each page after 5 not counted (load average $(loadavg))"
echo "(cpu ms: the router's CPU time over the $samples GETs, from /proc, divided by $samples)"
printf '%-36s %10s %10s %10s %10s %12s\n' "page" "median ms" "p99 ms" "max ms" "cpu ms" "bytes"
for i in "${!pages[@]}"; do
  page=${pages[$i]}
  for _ in 1 2 3 4 5; do scrape "$page" >/dev/null; done
  : >"$work/page$i.times"
  cpu0=$(router_cpu)
  for _ in $(seq "$samples"); do scrape "$page" >>"$work/page$i.times"; done
  cpu1=$(router_cpu)
  read -r median p99 max < <(stats "$work/page$i.times")
  bytes=$(awk 'END { print $2 }' "$work/page$i.times")
  printf '%-36s %10s %10s %10s %10.1f %12s\n' "$page" "$median" "$p99" "$max" \
    "$(awk -v c=$((cpu1 - cpu0)) -v hz="$hz" -v n="$samples" 'BEGIN { print 1000 * c / hz / n }')" \
    "$bytes"
done

# scrape_loop MODE NAME: the Prometheus page then metrics.json, again and again, their times
# into $work/NAME.prom and $work/NAME.json; MODE "1s" starts a pair each second (a 1 s scrape
# interval), "b2b" starts the next pair at once
scrape_loop() {
  local mode=$1 name=$2 start
  while :; do
    start=$EPOCHREALTIME
    scrape /admin/metrics/prometheus >>"$work/$name.prom" || true
    scrape /admin/metrics.json >>"$work/$name.json" || true
    if [ "$mode" = 1s ]; then
      sleep "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { r = 1 - (b - a); print (r > 0 ? r : 0) }')"
    fi
  done
}

if [ "$rounds" -eq 0 ]; then
  echo
  echo "$(nproc) cores; $(uptime)"
  exit 0
fi

wrk_args=(-t1 -c"$connections" --timeout 5s)
if [ "$pace_ms" -gt 0 ]; then
  echo "function delay() return $pace_ms end" >"$work/pace.lua"
  wrk_args+=(-s "$work/pace.lua")
fi
echo
echo "warming up the load path for 5s: wrk ${wrk_args[*]} $load_url"
in_background wrk "${wrk_args[@]}" -d5s "$load_url" >"$work/warmup.wrk"

# median_ms FILE: the median of curl's times in FILE, or - when it is empty
median_ms() {
  if [ -s "$1" ]; then stats "$1" | cut -d' ' -f1; else echo -; fi
}

# run NAME MODE: one measured wrk run with MODE scraping (none, 1s, b2b); prints its row
run() {
  local name=$1 mode=$2 loop_pid="" load cpu0 cpu1 max
  load=$(loadavg)
  : >"$work/$name.prom"
  : >"$work/$name.json"
  if [ "$mode" != none ]; then
    scrape_loop "$mode" "$name" &
    loop_pid=$!
    pids+=("$loop_pid")
  fi
  cpu0=$(router_cpu)
  in_background wrk "${wrk_args[@]}" -d"${duration}s" --latency "$load_url" >"$work/$name.wrk"
  cpu1=$(router_cpu)
  if [ -n "$loop_pid" ]; then
    kill "$loop_pid" 2>/dev/null || true
    wait "$loop_pid" 2>/dev/null || true
    unset 'pids[-1]'
  fi
  read -r rps p50 p99 errors < <(summary "$work/$name.wrk")
  max=$(wrk_max "$work/$name.wrk")
  printf '%-6s %-6s %7.0f %7.2f %7.2f %7.1f %6d %7d %8s %8s %6.0f   %s\n' "$name" "$mode" "$rps" \
    "$p50" "$p99" "$max" "$errors" "$(wc -l <"$work/$name.prom")" "$(median_ms "$work/$name.prom")" \
    "$(median_ms "$work/$name.json")" \
    "$(awk -v c=$((cpu1 - cpu0)) -v hz="$hz" -v d="$duration" 'BEGIN { print 100 * c / hz / d }')" \
    "$load"
  [ "$errors" -eq 0 ] || failed=1
}

echo
echo "request latency through the router: wrk ${wrk_args[*]} -d${duration}s --latency, pace ${pace_ms} ms, backend $backend"
echo "scrape: none; 1s = the Prometheus page and metrics.json once a second; b2b = back to back"
echo "scrapes, prom ms, json ms: pairs done during the run, median time of each page; cpu %: the router's"
printf '%-6s %-6s %7s %7s %7s %7s %6s %7s %8s %8s %6s   %s\n' "run" "scrape" "rps" "p50 ms" \
  "p99 ms" "max ms" "errors" "scrapes" "prom ms" "json ms" "cpu %" "load average"
failed=
for r in $(seq "$rounds"); do
  run "r$r-a" none
  run "r$r-b" 1s
  run "r$r-c" b2b
done
echo
echo "$(nproc) cores; $(uptime)"
if [ -n "$failed" ]; then
  echo "some requests failed (non-2xx or socket errors)" >&2
  exit 1
fi
