#!/usr/bin/env bash
# The admin dashboard with 1000 services and 1000 clients in headless Chromium: the first
# complete render, each sample's redraw, a filter, opening every graph group, and the server's
# sample of the tree (see DashboardBench). Needs Debian's chromium and chromium-driver.
#   src/test/bench/dashboard-bench.sh                    # about 1 minute
#   APPS=2000 LOADS=10 src/test/bench/dashboard-bench.sh
#   SCREENSHOT_AFTER=90 src/test/bench/dashboard-bench.sh   # then target/dashboard-bench/dashboard.png
set -euo pipefail
cd "$(dirname "$0")/../../.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
  else
    echo "needs chromium and chromium-driver (apt-get install chromium chromium-driver)" >&2
    exit 1
  fi
fi
[ -f "${HOPLINK_JAR:-target/hoplink.jar}" ] || mvn -o -q -B -DskipTests package
mvn -o -q -B test-compile
cp_file=target/dashboard-bench.classpath
mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec "${JAVA:-java}" -Dhoplink.jar="${HOPLINK_JAR:-target/hoplink.jar}" \
  -Djava.util.logging.config.file=src/test/logging.properties -Dsun.net.httpserver.nodelay=true \
  -Dapps="${APPS:-1000}" -Dloads="${LOADS:-5}" -DscreenshotAfter="${SCREENSHOT_AFTER:-0}" \
  -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.hoplink.bench.DashboardBench
