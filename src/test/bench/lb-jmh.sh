#!/usr/bin/env bash
# The cost of a load balancer pick: JMH over every balancer at 10, 100 and 1000 endpoints,
# in ns per operation, with allocations per operation from -prof gc (gc.alloc.rate.norm).
#   src/test/bench/lb-jmh.sh                      # short settings, about 6 minutes
#   src/test/bench/lb-jmh.sh -f 2 -wi 5 -i 10     # any JMH options replace the defaults
#   src/test/bench/lb-jmh.sh -p kind=ewma -p endpoints=100
set -euo pipefail
cd "$(dirname "$0")/../../.."

mvn -o -q -B test-compile
cp_file=target/lb-jmh.classpath
mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"

if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 2 -w 1s -i 3 -r 1s
fi
exec "${JAVA:-java}" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main 'io.hoplink.bench.LbPickBenchmark' -prof gc "$@"
