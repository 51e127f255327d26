#!/usr/bin/env bash
# Bytes Athena would scan for each named query of cfn/templates/analytics.yaml, for the same events
# as gzip JSON lines and as Parquet (Firehose record format conversion, here the local Firehose
# endpoint's), and what that costs at Athena's price, beside Firehose's conversion price. The method
# is in benchmarks/src/main/java/dev/streamrelay/bench/ScanBytes.java and benchmarks/README.md.
#
#   ./benchmarks/scan-bytes.sh                   1 GiB of envelope lines in 64 MiB buffers (~10 min on 2 cores)
#   ./benchmarks/scan-bytes.sh --mb 64 --buffer-mb 8 [--dir DIR]
#
# STREAMRELAY_SKIP_BUILD=1 skips the Maven build; JAVA_HOME picks the JVM. The generated objects
# go to a temporary folder (or DIR) and are deleted at the end unless DIR is given.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ "${STREAMRELAY_SKIP_BUILD:-0}" != 1 ]]; then
  echo "Building the benchmarks module and what it needs (mvn -DskipTests package)..." >&2
  (cd "$root" && mvn -B -q -DskipTests -Dspotless.apply.skip=true -Dspotless.check.skip=true \
    package -pl benchmarks -am) >&2
fi

args=("$@")
tmp=""
if [[ " $* " != *" --dir "* ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  args+=(--dir "$tmp")
fi

"$java" -Xmx2g -Dstreamrelay.repo.root="$root" \
  -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  dev.streamrelay.bench.ScanBytes "${args[@]}"
