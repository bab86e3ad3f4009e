#!/usr/bin/env bash
# The cost of the header rules of one hop (HopHeaders) on a typical request and response: JMH,
# ns per request with allocations from -prof gc (gc.alloc.rate.norm); copyOnly is the copy of the
# request's headers that the other two start from.
#   src/test/bench/hop-jmh.sh                       # short settings, about 1 minute
#   src/test/bench/hop-jmh.sh -f 2 -wi 5 -i 10      # any JMH options replace the defaults
set -euo pipefail
cd "$(dirname "$0")/../../.."

mvn -o -q -B test-compile
cp_file=target/hop-jmh.classpath
mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"

if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 2 -w 1s -i 3 -r 1s
fi
exec "${JAVA:-java}" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main 'io.hoplink.bench.HopHeadersBenchmark' -prof gc "$@"
