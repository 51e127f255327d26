#!/usr/bin/env bash
# StreamRelay benchmarks (issue 7): SQS source and Firehose sink throughput against their
# baselines, cost per million messages, the local pipeline end to end, and scaling by tasks.
# Writes benchmarks/results/latest.md, latest.csv and PNG charts. About 40 minutes on 2 cores (the
# adaptive-receivers matrix alone about 25).
#
#   ./benchmarks/run.sh                  everything (builds what it needs first)
#   ./benchmarks/run.sh --quick          smoke-test sizes, a couple of minutes
#   ./benchmarks/run.sh --only source,adaptive,sink,scaling,pipeline
#   ./benchmarks/run.sh --only adaptive --adaptive-latencies 0,20 --adaptive-sizes 200,4096
#                       [--adaptive-fixed 4,8,16,32,64] [--no-idle]     (issue 17's matrix, a subset)
#
# STREAMRELAY_SKIP_BUILD=1 skips the Maven build; JAVA_HOME picks the JVM.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ "${STREAMRELAY_SKIP_BUILD:-0}" != 1 ]]; then
  echo "Building the connectors, the plugin ZIP, the local pipeline and the benchmarks..." >&2
  # The benchmarks need the plugin ZIP (mskconnect) for the local pipeline. Tests are the build's
  # business, not the benchmark's; formatting is left as committed. Nothing is installed into ~/.m2.
  (cd "$root" && mvn -B -q -DskipTests -Dspotless.apply.skip=true -Dspotless.check.skip=true \
    package -pl benchmarks,mskconnect -am)
fi

cd "$root"
# The Firehose and ingest emulators run on the JDK's HTTP server in this JVM: without TCP_NODELAY
# each of its responses waits ~40 ms for a delayed ACK, which would bound every Firehose call.
exec "$java" -Xms1g -Xmx6g -XX:+UseG1GC -Djava.awt.headless=true -Dsun.net.httpserver.nodelay=true \
  -Dstreamrelay.repo.root="$root" \
  -Dstreamrelay.local.classpath.file="$root/local-pipeline/target/classpath.txt" \
  -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  dev.streamrelay.bench.Benchmarks --out "$here/results" "$@"
