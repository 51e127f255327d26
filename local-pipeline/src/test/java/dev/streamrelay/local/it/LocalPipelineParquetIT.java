package dev.streamrelay.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.local.LocalPipeline;
import dev.streamrelay.local.PipelineSettings;
import dev.streamrelay.local.demo.Demo;
import dev.streamrelay.local.demo.DemoEvents;
import dev.streamrelay.local.demo.IngestClient;
import dev.streamrelay.local.query.EventsQuery;
import dev.streamrelay.local.query.ResultTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local pipeline with {@code --output-format parquet}: events sent to the ingest endpoint
 * go through SQS, the source, Kafka and the sink to the Firehose endpoint, which converts them to
 * Parquet with the Glue columns of {@code schema/envelope.json}; the local SQL reads them back, and
 * the demo ({@code run.sh --demo N --output-format parquet}) counts them.
 */
class LocalPipelineParquetIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);
  private static final int EVENTS = 40;
  private static final int DEMO_EVENTS = 30;

  @TempDir Path data;

  @Test
  void eventsArriveAsParquetAndQueryAsTheEventsTable() throws Exception {
    Path repo = Path.of(System.getProperty("streamrelay.repo.root", "..")).toAbsolutePath();
    PipelineSettings settings =
        PipelineSettings.defaults(repo)
            .withDataDir(data)
            .withPorts(PipelineSettings.Ports.ANY_FREE)
            .withBufferInterval(Duration.ofSeconds(1))
            .withOutputFormat(PipelineSettings.OutputFormat.PARQUET);
    Map<String, JsonNode> sent = new HashMap<>();
    try (LocalPipeline pipeline = LocalPipeline.start(settings)) {
      IngestClient client = new IngestClient(pipeline.ingestUrl(), settings.apiKey());
      for (String event : DemoEvents.batch("pq", EVENTS, 0)) {
        assertThat(client.post(event).status()).isEqualTo(200);
        sent.put(JSON.readTree(event).path("id").asText(), JSON.readTree(event));
      }

      long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
      ResultTable rows = query(pipeline);
      while (rows.rows().size() < EVENTS && System.nanoTime() < deadline) {
        Thread.sleep(1000);
        rows = query(pipeline);
      }

      assertThat(rows.rows()).extracting(r -> r.get(0)).hasSize(EVENTS);
      assertThat(rows.rows())
          .extracting(r -> r.get(0))
          .containsExactlyInAnyOrderElementsOf(sent.keySet());
      for (int i = 0; i < rows.rows().size(); i++) {
        JsonNode event = sent.get(rows.get(i, "id"));
        assertThat(rows.get(i, "type")).isEqualTo(event.path("type").asText());
        assertThat(rows.get(i, "ts")).isEqualTo(event.path("ts").asText());
        assertThat(JSON.readTree(rows.get(i, "payload"))).isEqualTo(event.path("payload"));
        assertThat(rows.get(i, "message_id")).isNotBlank().isEqualTo(rows.get(i, "key"));
        assertThat(rows.get(i, "dt")).matches("\\d{4}-\\d{2}-\\d{2}-\\d{2}");
      }

      List<Path> objects;
      try (Stream<Path> walk = Files.walk(pipeline.deliveredDir())) {
        objects = walk.filter(Files::isRegularFile).toList();
      }
      assertThat(objects)
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".parquet"));
      try (EventsQuery q = EventsQuery.open(pipeline.deliveredDir())) {
        assertThat(
                q.run(
                        "SELECT DISTINCT compression AS c FROM parquet_metadata('"
                            + objects.get(0)
                            + "')")
                    .get(0, "c"))
            .isEqualTo("SNAPPY");
        assertThat(q.report().clean()).isTrue();
      }

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      Demo.Result demo =
          Demo.run(pipeline, DEMO_EVENTS, new PrintStream(printed, true, StandardCharsets.UTF_8));
      String summary = printed.toString(StandardCharsets.UTF_8);
      assertThat(demo.delivered()).as(summary).isEqualTo(DEMO_EVENTS);
      assertThat(demo.intact()).as(summary).isEqualTo(DEMO_EVENTS);
      assertThat(demo.ok()).as(summary).isTrue();
      assertThat(demo.objects()).as(summary).isPositive();
      assertThat(summary).contains("DEMO PASSED");
    }
  }

  private static ResultTable query(LocalPipeline pipeline) throws Exception {
    try (EventsQuery q = EventsQuery.open(pipeline.deliveredDir())) {
      return q.run(
          "SELECT value.id AS id, value.type AS type, value.ts AS ts, value.payload AS payload,"
              + " key, headers['sqs.message.id'] AS message_id, dt FROM events"
              + " WHERE starts_with(value.id, 'pq-') ORDER BY value.id");
    }
  }
}
