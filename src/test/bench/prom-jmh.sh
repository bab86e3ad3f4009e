#!/usr/bin/env bash
# The cost of one Prometheus scrape: JMH renders /admin/metrics/prometheus for a router with
# 100 and 1000 clients (and as many services), in ms per scrape, with allocations per scrape
# from -prof gc (gc.alloc.rate.norm).
#   src/test/bench/prom-jmh.sh                      # short settings, about 1 minute
#   src/test/bench/prom-jmh.sh -f 2 -wi 5 -i 10     # any JMH options replace the defaults
#   src/test/bench/prom-jmh.sh -p clients=1000
exec "$(dirname "$0")/jmh-run.sh" PrometheusScrapeBenchmark "$@"
