#!/usr/bin/env bash
# The cost of the header rules of one hop (HopHeaders) on a typical request and response: JMH,
# ns per request with allocations from -prof gc (gc.alloc.rate.norm); copyOnly is the copy of the
# request's headers that the other two start from.
#   src/test/bench/hop-jmh.sh                       # short settings, about 1 minute
#   src/test/bench/hop-jmh.sh -f 2 -wi 5 -i 10      # any JMH options replace the defaults
exec "$(dirname "$0")/jmh-run.sh" HopHeadersBenchmark "$@"
