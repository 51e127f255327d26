#!/usr/bin/env bash
# The full fault campaign: every fault scenario and bad-input check on a fresh local pipeline,
# report in fault-campaign/results/latest.md. Exit code 0 only if nothing was lost and every
# check passed.
#
#   ./fault-campaign/run.sh                         # full: 10-minute steady run
#   ./fault-campaign/run.sh --steady-minutes 3      # shorter steady run
#   ./fault-campaign/run.sh --only worker-crash,sqs-outage --no-bad-input
#   SKIP_BUILD=1 ./fault-campaign/run.sh            # reuse the last build
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${SKIP_BUILD:-}" ]]; then
  # The connectors, the plugin ZIP and the local pipeline this module runs on, then the campaign.
  mvn -B -q -pl fault-campaign -am install -DskipTests
fi
cp_file=fault-campaign/target/classpath.txt
if [[ ! -f "$cp_file" || ! -f fault-campaign/target/plugin/streamrelay-mskconnect-plugin.zip ]]; then
  echo "fault-campaign is not built; run without SKIP_BUILD" >&2
  exit 2
fi
exec java -Xmx1g \
  -Dstreamrelay.local.classpath.file="$PWD/$cp_file" \
  -Dcampaign.plugin.zip="$PWD/fault-campaign/target/plugin/streamrelay-mskconnect-plugin.zip" \
  -Dlog4j.configuration="file:$PWD/fault-campaign/src/main/resources/campaign-log4j.properties" \
  -cp "fault-campaign/target/classes:$(cat "$cp_file")" \
  dev.streamrelay.faults.CampaignMain --repo . "$@"
