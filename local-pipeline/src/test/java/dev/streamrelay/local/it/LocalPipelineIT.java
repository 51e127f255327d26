package dev.streamrelay.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.local.LocalPipeline;
import dev.streamrelay.local.PipelineSettings;
import dev.streamrelay.local.demo.Deliveries;
import dev.streamrelay.local.demo.DemoEvents;
import dev.streamrelay.local.demo.IngestClient;
import dev.streamrelay.local.query.EventsQuery;
import dev.streamrelay.local.query.ResultTable;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local pipeline, started as {@code run.sh} starts it (child JVMs for the broker and the
 * worker, the plugin ZIP on plugin.path, connectors from connect-config/), driven only through the
 * ingest endpoint and checked only with SQL over the delivered objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(LocalPipelineIT.class);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);

  @TempDir static Path data;
  private PipelineSettings settings;
  private LocalPipeline pipeline;
  private IngestClient client;

  /** Every body the ingest endpoint accepted, by event id. */
  private final Map<String, String> accepted = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  void start() throws Exception {
    Path repo = Path.of(System.getProperty("streamrelay.repo.root", "..")).toAbsolutePath();
    settings =
        PipelineSettings.defaults(repo)
            .withDataDir(data)
            .withPorts(PipelineSettings.Ports.ANY_FREE)
            .withBufferInterval(Duration.ofSeconds(1));
    pipeline = LocalPipeline.start(settings);
    client = new IngestClient(pipeline.ingestUrl(), settings.apiKey());
  }

  @AfterAll
  void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void everyEventArrivesIntactFromManyConcurrentClients() throws Exception {
    List<String> events = new ArrayList<>(DemoEvents.batch("conc", 320, 0));
    String atLimit = DemoEvents.sized("conc-at-limit", settings.maxEventBytes());
    events.add(atLimit);
    String pretty =
        "{\n  \"id\": \"conc-pretty\",\n  \"type\": \"multi.line\",\n"
            + "  \"ts\": \"2026-11-25T10:00:00.5+01:00\",\n"
            + "  \"payload\": {\"text\": \"Grüße\\nзаписано\", \"n\": 1.50}\n}\n";
    events.add(pretty);

    postAll(events, 16);
    Map<String, List<Deliveries.Copy>> arrived = awaitDelivered("conc-", accepted("conc-"));

    assertThat(accepted("conc-")).hasSize(events.size());
    for (String id : accepted("conc-").keySet()) {
      JsonNode sent = JSON.readTree(accepted.get(id));
      assertThat(arrived.get(id))
          .as("copies of %s", id)
          .isNotEmpty()
          .allSatisfy(c -> assertThat(JSON.readTree(c.body())).isEqualTo(sent));
    }
    try (EventsQuery q = EventsQuery.open(pipeline.deliveredDir())) {
      ResultTable ids =
          q.run(
              "select count(distinct value.id) as n from events where starts_with(value.id, 'conc-')");
      assertThat(ids.get(0, "n")).isEqualTo(Integer.toString(events.size()));
      ResultTable large =
          q.run(
              "select strlen(json_extract_string(value.payload, '$.blob')) as blob from events"
                  + " where value.id = 'conc-at-limit'");
      assertThat(Integer.parseInt(large.get(0, "blob")))
          .isEqualTo(
              JSON.readTree(atLimit)
                  .path("payload")
                  .path("blob")
                  .asText()
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                  .length);
      ResultTable texts =
          q.run(
              "select json_extract_string(value.payload, '$.text') as text, count(*) as n"
                  + " from events where starts_with(value.id, 'conc-')"
                  + " and json_extract_string(value.payload, '$.text') is not null"
                  + " group by 1 order by 1");
      assertThat(texts.rows())
          .extracting(r -> r.get(0))
          .contains(
              "Привет, мир",
              "مرحبا بالعالم",
              "東京で会いましょう 🚀🎉",
              "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ∑ ∞ ≠ ✓",
              "Grüße\nзаписано");
    }
  }

  @Test
  @Order(2)
  void everyAttributeAndBodyArrivesUnchangedInKafkaAndInS3() throws Exception {
    Map<String, AttributeFidelity.Message> sent = AttributeFidelity.send(pipeline);
    AttributeFidelity.sendWithAwsCli(pipeline, data)
        .ifPresentOrElse(
            id -> sent.put(id, AttributeFidelity.cliMessage()),
            () -> log.info("no aws CLI: the fidelity test sends with the AWS SDK only"));
    Map<String, org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> kafka =
        AttributeFidelity.readKafka(pipeline, sent.keySet(), DELIVERY_TIMEOUT);
    assertThat(kafka.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
    Map<String, String> lines = Map.of();
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
    while (lines.size() < sent.size() && System.nanoTime() < deadline) {
      pipeline.firehose().flushAll();
      lines = AttributeFidelity.readDelivered(pipeline.deliveredDir(), sent.keySet());
      Thread.sleep(lines.size() < sent.size() ? 500 : 0);
    }
    assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
    var kcat = AttributeFidelity.readWithKcat(pipeline, sent.keySet(), data);
    if (kcat.isEmpty()) {
      log.info("no kcat: Kafka headers are checked with the Java consumer only");
    }

    for (Map.Entry<String, AttributeFidelity.Message> e : sent.entrySet()) {
      AttributeFidelity.Message m = e.getValue();
      var record = kafka.get(e.getKey());
      assertThat(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(m.body());
      JsonNode types =
          JSON.readTree(record.headers().lastHeader("sqs.message.attribute.types").value());
      JsonNode envelope = JSON.readTree(lines.get(e.getKey()));
      m.attributes()
          .forEach(
              (name, a) -> {
                assertThat(record.headers().lastHeader(name).value())
                    .as("Kafka header %s", name)
                    .containsExactly(a.kafkaBytes());
                assertThat(types.path(name).asText())
                    .as("Kafka type of %s", name)
                    .isEqualTo(a.type());
                assertThat(envelope.path("headers").path(name).asText())
                    .as("S3 header %s", name)
                    .isEqualTo(a.envelopeText());
                if (kcat.isPresent() && a.bytes() == null) {
                  assertThat(kcat.get().get(e.getKey()))
                      .as("kcat's headers of %s", e.getKey())
                      .containsEntry(name, a.text());
                }
                assertThat(envelope.path("header_types").path(name).asText())
                    .as("S3 type of %s", name)
                    .isEqualTo(a.type());
              });
      assertThat(envelope.path("headers").path("sqs.sent.timestamp").asText())
          .isEqualTo(String.valueOf(record.timestamp()));
      assertThat(envelope.path("timestamp").asLong()).isEqualTo(record.timestamp());
      if (m.body().startsWith("{")) {
        assertThat(lines.get(e.getKey()))
            .contains("\"value\":" + m.body() + ",\"value_text\":null");
      } else {
        assertThat(envelope.path("value").isNull()).isTrue();
        assertThat(envelope.path("value_text").asText()).isEqualTo(m.body());
      }
    }
  }

  @Test
  @Order(2)
  void refusedRequestsGetApiGatewayStatusCodesAndNeverArrive() throws Exception {
    URI url = URI.create(pipeline.ingestUrl());
    String valid = DemoEvents.event("refused-1", 1);
    Map<String, Integer> statuses = new HashMap<>();
    statuses.put(
        "no key",
        client
            .send(
                HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(valid)))
            .status());
    statuses.put(
        "wrong key",
        client
            .send(
                HttpRequest.newBuilder(url)
                    .header("x-api-key", "nope")
                    .POST(HttpRequest.BodyPublishers.ofString(valid)))
            .status());
    statuses.put(
        "text/plain",
        client
            .send(
                HttpRequest.newBuilder(url)
                    .header("x-api-key", settings.apiKey())
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(valid)))
            .status());
    statuses.put("malformed", client.post("{\"id\":\"refused-2\",").status());
    statuses.put(
        "not an event",
        client.post("{\"id\":\"refused-3\",\"type\":\"click\",\"payload\":{}}").status());
    statuses.put(
        "one byte too large",
        client.post(DemoEvents.sized("refused-4", settings.maxEventBytes() + 1)).status());
    statuses.put("GET", client.send(HttpRequest.newBuilder(url).GET()).status());

    assertThat(statuses)
        .containsEntry("no key", 403)
        .containsEntry("wrong key", 403)
        .containsEntry("text/plain", 415)
        .containsEntry("malformed", 400)
        .containsEntry("not an event", 400)
        .containsEntry("one byte too large", 413)
        .containsEntry("GET", 403);

    // An event accepted after the refused ones arrives; none of the refused ones ever does.
    postAll(List.of(DemoEvents.event("marker-after-refusals", 2)), 1);
    awaitDelivered("marker-after-refusals", accepted("marker-after-refusals"));
    assertThat(Deliveries.read(pipeline.deliveredDir(), "refused-")).isEmpty();
  }

  @Test
  @Order(3)
  void gracefulWorkerRestartMidStreamLosesNothing() throws Exception {
    Map<String, List<Deliveries.Copy>> arrived =
        sendWhile("graceful", 300, () -> pipeline.restartWorker(false));
    log.info(
        "Graceful worker restart mid-stream: {} events, {} duplicate copies",
        arrived.size(),
        arrived.values().stream().mapToInt(List::size).sum() - arrived.size());

    assertThat(arrived.keySet())
        .containsExactlyInAnyOrderElementsOf(accepted("graceful-").keySet());
  }

  @Test
  @Order(4)
  void workerCrashMidStreamLosesNothing() throws Exception {
    Map<String, List<Deliveries.Copy>> arrived =
        sendWhile("crash", 300, () -> pipeline.restartWorker(true));
    log.info(
        "Worker crash mid-stream: {} events, {} duplicate copies",
        arrived.size(),
        arrived.values().stream().mapToInt(List::size).sum() - arrived.size());

    // At-least-once: a crash may deliver some events twice, never lose one.
    assertThat(arrived.keySet()).containsExactlyInAnyOrderElementsOf(accepted("crash-").keySet());
    for (Map.Entry<String, List<Deliveries.Copy>> e : arrived.entrySet()) {
      JsonNode sent = JSON.readTree(accepted.get(e.getKey()));
      assertThat(e.getValue()).allSatisfy(c -> assertThat(JSON.readTree(c.body())).isEqualTo(sent));
    }
  }

  @Test
  @Order(5)
  void brokerCrashMidStreamLosesNothing() throws Exception {
    Map<String, List<Deliveries.Copy>> arrived =
        sendWhile("broker", 200, () -> pipeline.restartBroker(true));
    log.info(
        "Broker crash mid-stream: {} events, {} duplicate copies",
        arrived.size(),
        arrived.values().stream().mapToInt(List::size).sum() - arrived.size());

    assertThat(arrived.keySet()).containsExactlyInAnyOrderElementsOf(accepted("broker-").keySet());
  }

  @Test
  @Order(6)
  void aRestartedPipelineResumesFromItsDataDirectory() throws Exception {
    String settled = "starts_with(value.id, 'conc-')";
    ResultTable before;
    try (EventsQuery q = EventsQuery.open(pipeline.deliveredDir())) {
      before = q.run("select count(*) as n from events where " + settled);
    }
    // With no worker running, accepted events wait in SQS; then the whole pipeline stops.
    pipeline.worker().close();
    postAll(DemoEvents.batch("queued", 60, 0), 4);
    assertThat(pipeline.sqs().messagesLeft(pipeline.queueUrl())).isGreaterThanOrEqualTo(60);
    pipeline.close();
    pipeline = null;

    pipeline = LocalPipeline.start(settings);
    client = new IngestClient(pipeline.ingestUrl(), settings.apiKey());
    postAll(DemoEvents.batch("resumed", 20, 0), 4);
    awaitDelivered("queued-", accepted("queued-"));
    awaitDelivered("resumed-", accepted("resumed-"));

    try (EventsQuery q = EventsQuery.open(pipeline.deliveredDir())) {
      // What was delivered before the restart is still there, and was not delivered again.
      assertThat(q.run("select count(*) as n from events where " + settled).get(0, "n"))
          .isEqualTo(before.get(0, "n"));
      // The Kafka log survived: in each partition the new events follow the old ones.
      String fresh = "(starts_with(value.id, 'queued-') or starts_with(value.id, 'resumed-'))";
      ResultTable partitions =
          q.run(
              "select \"partition\" as p,"
                  + " max(\"offset\") filter (where not "
                  + fresh
                  + ") as old_max,"
                  + " min(\"offset\") filter (where "
                  + fresh
                  + ") as new_min from events group by 1");
      int compared = 0;
      for (List<String> row : partitions.rows()) {
        if (row.get(1) != null && row.get(2) != null) {
          assertThat(Long.parseLong(row.get(2)))
              .as("first new offset in partition %s", row.get(0))
              .isGreaterThan(Long.parseLong(row.get(1)));
          compared++;
        }
      }
      assertThat(compared).isPositive();
    }
  }

  /** Posts the bodies from {@code clients} concurrent clients; every one must be accepted. */
  private void postAll(List<String> bodies, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<IngestClient.Response>> results = new ArrayList<>();
      for (String body : bodies) {
        results.add(pool.submit(() -> post(body)));
      }
      for (Future<IngestClient.Response> f : results) {
        assertThat(f.get().status()).as(f.get().body()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private IngestClient.Response post(String body) throws Exception {
    IngestClient.Response r = client.post(body);
    if (r.status() == 200) {
      accepted.put(JSON.readTree(body).path("id").asText(), body);
    }
    return r;
  }

  private Map<String, String> accepted(String prefix) {
    Map<String, String> out = new HashMap<>();
    accepted.forEach(
        (id, body) -> {
          if (id.startsWith(prefix)) {
            out.put(id, body);
          }
        });
    return out;
  }

  /** Sends {@code n} events at a steady pace and runs {@code action} when a third are sent. */
  private Map<String, List<Deliveries.Copy>> sendWhile(String prefix, int n, Action action)
      throws Exception {
    List<String> events = DemoEvents.batch(prefix, n, 0);
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<?> sending =
          sender.submit(
              () -> {
                for (String e : events) {
                  assertThat(post(e).status()).isEqualTo(200);
                  Thread.sleep(20);
                }
                return null;
              });
      while (accepted(prefix + "-").size() < n / 3) {
        Thread.sleep(50);
      }
      action.run();
      sending.get();
    } finally {
      sender.shutdownNow();
    }
    assertThat(accepted(prefix + "-")).hasSize(n);
    return awaitDelivered(prefix + "-", accepted(prefix + "-"));
  }

  private Map<String, List<Deliveries.Copy>> awaitDelivered(String prefix, Map<String, String> ids)
      throws Exception {
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
    Map<String, List<Deliveries.Copy>> arrived = Deliveries.read(pipeline.deliveredDir(), prefix);
    while (!arrived.keySet().containsAll(ids.keySet()) && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      arrived = Deliveries.read(pipeline.deliveredDir(), prefix);
    }
    assertThat(arrived.keySet())
        .as("ids delivered with prefix " + prefix)
        .containsAll(ids.keySet());
    return arrived;
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }
}
