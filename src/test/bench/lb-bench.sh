#!/usr/bin/env bash
# The five load balancers against real backends, one of which turns slow (see LbBench.java):
# prints p50, p99, p99.9 and the share answered within TIMEOUT_MS per balancer.
#   src/test/bench/lb-bench.sh                  # about 4 minutes with the defaults
#   RATE=200 DURATION=20 KINDS="roundRobin ewma" src/test/bench/lb-bench.sh
# Variables: BACKENDS (10), RATE (400 req/s), DURATION (30 s), WARMUP (15 s), TIMEOUT_MS (50),
# KINDS ("roundRobin p2c heap aperture ewma"), HOPLINK_JAR (target/hoplink.jar), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ -f "${HOPLINK_JAR:-target/hoplink.jar}" ] || mvn -o -q -B -DskipTests package
# nodelay: the JDK server would otherwise hold its response body behind the headers (Nagle).
exec "${JAVA:-java}" -Djdk.httpclient.allowRestrictedHeaders=host -Dsun.net.httpserver.nodelay=true src/test/bench/LbBench.java
