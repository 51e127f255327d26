#!/usr/bin/env bash
# StreamRelay's whole pipeline on this machine: ingest endpoint -> ElasticMQ (SQS) -> SQS source
# connector -> Kafka (KRaft) -> Firehose sink connector -> Firehose-compatible endpoint -> gzip
# NDJSON objects -> DuckDB. Needs Java 17+ and Maven; builds what it needs on the first run and
# whenever a pom.xml or main source file changed since the last build.
#
#   local-pipeline/run.sh                    start; Ctrl-C stops (state kept in local-pipeline/data)
#   local-pipeline/run.sh --demo 200         start, send 200 events, check them, print figures, stop
#   local-pipeline/run.sh query "select type, count(*) from events group by 1"
#   local-pipeline/run.sh stop               stop a pipeline started in the background
#   local-pipeline/run.sh --help             every option
#
# STREAMRELAY_SKIP_BUILD=1 skips the build check; JAVA_HOME picks the JVM.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
classpath_file="$here/target/classpath.txt"
stamp="$here/target/.run-sh-built"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

needs_build() {
  [[ -f "$classpath_file" && -f "$stamp" ]] || return 0
  compgen -G "$root/mskconnect/target/streamrelay-mskconnect-plugin-*.zip" >/dev/null || return 0
  local changed
  changed="$(find "$root" \( -path "$root/.git" -o -path "$here/data" -o -name target -o -name node_modules \) -prune \
    -o \( -name pom.xml -o -path '*/src/main/*' -o -path "$root/connect-config/*" \) -newer "$stamp" -print -quit)"
  [[ -n "$changed" ]]
}

if [[ "${STREAMRELAY_SKIP_BUILD:-0}" != 1 && "${1:-}" != stop ]] && needs_build; then
  echo "Building the connectors, the plugin ZIP and the launcher (mvn -DskipTests package)..." >&2
  # Formatting is checked by the project's own build; this one never rewrites sources. package, not
  # install: the launcher reads what it needs from the modules' target/ folders.
  (cd "$root" && mvn -B -q -DskipTests -Dspotless.apply.skip=true -Dspotless.check.skip=true \
    package -pl local-pipeline,mskconnect -am)
  touch "$stamp"
fi

exec "$java" -Xms128m -Xmx768m -XX:+UseG1GC \
  -Dstreamrelay.repo.root="$root" \
  -Dstreamrelay.local.classpath.file="$classpath_file" \
  -cp "$here/target/classes:$(cat "$classpath_file")" \
  dev.streamrelay.local.LocalPipelineMain "$@"
