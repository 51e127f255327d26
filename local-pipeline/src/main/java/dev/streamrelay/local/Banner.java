package dev.streamrelay.local;

/** The startup banner: every endpoint, an example curl and query commands. */
final class Banner {

  private Banner() {}

  static String text(LocalPipeline p) {
    String data = p.settings().dataDir().toString();
    String defaultData =
        p.settings().repoRoot().resolve("local-pipeline").resolve("data").toString();
    String dataFlag = data.equals(defaultData) ? "" : " --data-dir " + data;
    return String.join(
        "\n",
        "",
        "StreamRelay local pipeline is running",
        "  ingest (API Gateway)   POST " + p.ingestUrl() + "   x-api-key: " + p.settings().apiKey(),
        "  SQS (ElasticMQ)        " + p.sqsEndpoint(),
        "    queue                " + p.queueUrl(),
        "    dead-letter queue    " + p.deadLetterQueueUrl() + "   (maxReceiveCount 5)",
        "  Kafka (KRaft)          " + p.kafkaBootstrap() + "   topic " + p.topic(),
        "  Kafka Connect REST     " + p.connectUrl() + "   connectors " + p.connectorNames(),
        "  Firehose endpoint      " + p.firehoseUrl() + "   stream " + p.deliveryStream(),
        "  delivered objects      " + p.deliveredDir(),
        "  data directory         " + data + "   (logs in " + data + "/logs)",
        "",
        "Send an event:",
        "  curl -s -X POST "
            + p.ingestUrl()
            + " -H 'Content-Type: application/json' -H 'x-api-key: "
            + p.settings().apiKey()
            + "' \\",
        "    -d '{\"id\":\"e-1\",\"type\":\"click\",\"ts\":\"2026-01-01T12:00:00Z\","
            + "\"payload\":{\"text\":\"Grüße 👋\"}}'",
        "Query it a few seconds later (from another terminal):",
        "  local-pipeline/run.sh query \"select value.type, count(*) from events group by 1\""
            + dataFlag,
        "  local-pipeline/run.sh query \"select value.id, value.payload, \\\"offset\\\", dt from"
            + " events order by value.ts desc limit 5\""
            + dataFlag,
        "Connector status:",
        "  curl -s " + p.connectUrl() + "/connectors?expand=status",
        "Ctrl-C stops everything; the next start resumes from " + data + ".",
        "");
  }
}
