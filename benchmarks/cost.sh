#!/usr/bin/env bash
# Monthly cost of StreamRelay and of what it replaces (Lambda glue, Firehose's MSK source,
# EventBridge Pipes) at a steady rate and message size, with the rate at which StreamRelay becomes
# cheaper than each and the tasks, MCUs and Firehose streams the rate needs. us-east-1 list prices;
# every price and assumption is printed with its source. The arithmetic is
# benchmarks/src/main/java/dev/streamrelay/bench/CostModel.java.
#
#   ./benchmarks/cost.sh --rate 500 --size 1KiB [--region-tier us-east-1|other]
#   ./benchmarks/cost.sh --throughput 100MB --size 1KiB
#   ./benchmarks/cost.sh --rates 10,100,1000,10000 --size 1KiB --markdown   (the README's table)
#
# Compiles the benchmarks module first when its classes are missing or older than the sources.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
main="$here/target/classes/dev/streamrelay/bench/CostCommand.class"

if [[ ! -f "$main" || ! -d "$root/firehose-endpoint/target/classes" ]] \
  || [[ -n "$(find "$here/src/main/java" -name '*.java' -newer "$main" -print -quit)" ]]; then
  echo "Compiling the benchmarks module..." >&2
  (cd "$root" && mvn -B -q -Dspotless.apply.skip=true -Dspotless.check.skip=true \
    compile -pl benchmarks -am) >&2
fi

exec "$java" -cp "$here/target/classes:$root/firehose-endpoint/target/classes" \
  dev.streamrelay.bench.CostCommand "$@"
