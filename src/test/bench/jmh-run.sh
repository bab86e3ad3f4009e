#!/usr/bin/env bash
# jmh-run.sh CLASS [JMH options]: compiles the tests and runs the JMH benchmark CLASS (under
# io.hoplink.bench) with -prof gc; without options, short settings (one fork, 2 warm-up and 3
# measured iterations of 1 s). The *-jmh.sh scripts call it with their benchmark.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bench=$1
shift

mvn -o -q -B test-compile
cp_file=target/$bench.classpath
mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"

if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 2 -w 1s -i 3 -r 1s
fi
exec "${JAVA:-java}" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main "io.hoplink.bench.$bench" -prof gc "$@"
