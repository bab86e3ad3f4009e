#!/usr/bin/env bash
# The cost of one Prometheus scrape: JMH renders /admin/metrics/prometheus for a router with
# 100 and 1000 clients (and as many services), in ms per scrape, with allocations per scrape
# from -prof gc (gc.alloc.rate.norm).
#   src/test/bench/prom-jmh.sh                      # short settings, about 1 minute
#   src/test/bench/prom-jmh.sh -f 2 -wi 5 -i 10     # any JMH options replace the defaults
#   src/test/bench/prom-jmh.sh -p clients=1000
set -euo pipefail
cd "$(dirname "$0")/../../.."

mvn -o -q -B test-compile
cp_file=target/prom-jmh.classpath
mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"

if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 2 -w 1s -i 3 -r 1s
fi
exec "${JAVA:-java}" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main 'io.hoplink.bench.PrometheusScrapeBenchmark' -prof gc "$@"
