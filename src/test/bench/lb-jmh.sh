#!/usr/bin/env bash
# The cost of a load balancer pick: JMH over every balancer at 10, 100 and 1000 endpoints,
# in ns per operation, with allocations per operation from -prof gc (gc.alloc.rate.norm).
#   src/test/bench/lb-jmh.sh                      # short settings, about 6 minutes
#   src/test/bench/lb-jmh.sh -f 2 -wi 5 -i 10     # any JMH options replace the defaults
#   src/test/bench/lb-jmh.sh -p kind=ewma -p endpoints=100
exec "$(dirname "$0")/jmh-run.sh" LbPickBenchmark "$@"
