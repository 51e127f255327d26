package dev.streamrelay.mskconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamrelay.connect.config.ConfigRenderer;
import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import dev.streamrelay.testkit.Cleanup;
import dev.streamrelay.testkit.ConnectRestClient;
import dev.streamrelay.testkit.ConnectWorkers;
import dev.streamrelay.testkit.DeliveredObjects;
import dev.streamrelay.testkit.ElasticMq;
import dev.streamrelay.testkit.Wait;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Loads the plugin ZIP the way a worker does (unzipped into plugin.path, isolated class loader)
 * into a Kafka Connect 3.7.2 worker that runs with the MSK Connect worker configuration. Discovery
 * is hybrid_fail: the worker scans the jars reflectively (as a default-configured worker does) and
 * refuses to start unless the ServiceLoader manifests name the same plugins. The test then moves
 * messages SQS (ElasticMQ) -> SQS source -> Kafka -> Firehose sink -> Firehose endpoint -> S3-style
 * folder, using the local connector configs from connect-config/.
 */
class PluginPathIT {

  private static final String QUEUE = "streamrelay-events";
  private static final String STREAM = "streamrelay-events";
  private static final String TOPIC = "streamrelay.events";
  private static final int MESSAGES = 300;

  @TempDir static Path temp;
  static ElasticMq sqs;
  static String queueUrl;
  static FirehoseEndpoint firehose;
  static EmbeddedConnectCluster connect;
  static ConnectRestClient rest;

  @BeforeAll
  static void start() throws IOException {
    Path pluginPath = temp.resolve("plugins");
    ModuleFiles.extract(ModuleFiles.pluginZip(), pluginPath);

    sqs = new ElasticMq();
    queueUrl = sqs.createQueue(QUEUE, Map.of());

    firehose = FirehoseEndpoint.start(temp.resolve("s3"));
    firehose.create(StreamSpec.of(STREAM).withBuffering(64 * 1024, Duration.ofSeconds(1)));

    Map<String, String> msk = new HashMap<>();
    Properties file = ModuleFiles.readProperties(ModuleFiles.workerConfiguration());
    file.stringPropertyNames().forEach(k -> msk.put(k, file.getProperty(k)));
    connect =
        ConnectWorkers.onPluginPath("plugin-path-it", pluginPath)
            .worker(msk)
            .noTopicAutoCreation()
            .start();
    rest = new ConnectRestClient(connect.endpointForResource(""));
  }

  @AfterAll
  static void stop() throws Exception {
    Cleanup.closeAll(Cleanup.stopping(connect), firehose, sqs);
  }

  @Test
  void theWorkerLoadsBothConnectorsFromThePluginPathOnly() throws Exception {
    assertThatThrownBy(() -> Class.forName(ModuleFiles.SQS_SOURCE_CLASS))
        .as("the connector is not on the test classpath")
        .isInstanceOf(ClassNotFoundException.class);
    Map<String, JsonNode> plugins = new HashMap<>();
    get("connector-plugins").forEach(p -> plugins.put(p.path("class").asText(), p));
    assertThat(plugins).containsKeys(ModuleFiles.SQS_SOURCE_CLASS, ModuleFiles.FIREHOSE_SINK_CLASS);
    assertThat(plugins.get(ModuleFiles.SQS_SOURCE_CLASS).path("type").asText()).isEqualTo("source");
    assertThat(plugins.get(ModuleFiles.SQS_SOURCE_CLASS).path("version").asText())
        .isEqualTo(ModuleFiles.version());
    assertThat(plugins.get(ModuleFiles.FIREHOSE_SINK_CLASS).path("type").asText())
        .isEqualTo("sink");
    assertThat(plugins.get(ModuleFiles.FIREHOSE_SINK_CLASS).path("version").asText())
        .isEqualTo(ModuleFiles.version());
  }

  @Test
  void theMskConnectorConfigsPassTheWorkersValidation() throws Exception {
    for (String request : new TreeSet<>(ModuleFiles.REQUESTS.keySet())) {
      JsonNode rendered =
          ModuleFiles.awsExampleRenderer().renderJson(ModuleFiles.moduleDir().resolve(request));
      Map<String, String> config =
          new LinkedHashMap<>(ModuleFiles.stringMap(rendered.path("connectorConfiguration")));
      // MSK Connect names the connector after connectorName.
      config.put("name", rendered.path("connectorName").asText());
      JsonNode result =
          put("connector-plugins/" + config.get("connector.class") + "/config/validate", config);
      assertThat(errors(result)).as(request).isEmpty();
    }
  }

  @Test
  void movesMessagesFromSqsThroughKafkaIntoFirehose() throws Exception {
    Map<String, String> overrides =
        Map.of(
            "SQS_ENDPOINT_URL",
            sqs.endpoint(),
            "SQS_QUEUE_URL",
            queueUrl,
            "FIREHOSE_ENDPOINT_URL",
            firehose.uri().toString(),
            "SQS_SOURCE_TASKS_MAX",
            "2",
            "FIREHOSE_SINK_TASKS_MAX",
            "2");
    ConfigRenderer local =
        ConfigRenderer.forEnvironment(
            ConfigRenderer.envFile(ModuleFiles.configDir(), "local"), overrides);
    List<String> names = new ArrayList<>();
    for (Path template : ConfigRenderer.connectorTemplates(ModuleFiles.configDir())) {
      Map<String, String> config = new LinkedHashMap<>(local.renderConnectorConfig(template));
      if (config.containsKey("sqs.wait.time.seconds")) {
        // Short polls, so the tasks stop quickly when the test ends.
        config.put("sqs.wait.time.seconds", "1");
      }
      assertThat(
              config.get("kafka.topic") == null ? config.get("topics") : config.get("kafka.topic"))
          .isEqualTo(TOPIC);
      String name = config.get("name");
      connect.configureConnector(name, config);
      names.add(name);
    }
    for (String name : names) {
      connect
          .assertions()
          .assertConnectorAndAtLeastNumTasksAreRunning(name, 1, name + " did not start");
      JsonNode status = get("connectors/" + name + "/status");
      assertThat(status.at("/connector/state").asText()).isEqualTo("RUNNING");
      status.path("tasks").forEach(t -> assertThat(t.path("state").asText()).isEqualTo("RUNNING"));
    }

    Map<String, String> idByBody = send(MESSAGES);

    Wait.upTo(Duration.ofSeconds(120), () -> delivered().size() >= MESSAGES);
    Thread.sleep(2000); // anything beyond the expected count would show up now
    firehose.flushAll();
    List<String> lines = delivered();

    assertThat(lines).hasSize(MESSAGES);
    Set<String> positions = new HashSet<>();
    Map<String, String> keyByBody = new HashMap<>();
    for (String text : lines) {
      JsonNode line = ModuleFiles.JSON.readTree(text);
      assertThat(line.path("topic").asText()).isEqualTo(TOPIC);
      positions.add(line.path("partition").asInt() + "/" + line.path("offset").asLong());
      String body = body(line);
      assertThat(text).as("the JSON body is embedded exactly as sent").contains(body);
      keyByBody.put(body, line.path("key").asText());
      assertThat(header(line, "sqs.message.id")).isEqualTo(idByBody.get(body));
      assertThat(header(line, "sqs.queue.url")).isEqualTo(queueUrl);
    }
    assertThat(positions).as("each Kafka record delivered once").hasSize(MESSAGES);
    assertThat(keyByBody).as("bodies arrive intact, keyed by SQS message id").isEqualTo(idByBody);
    assertThat(
            connect
                .kafka()
                .createAdminClient()
                .describeTopics(List.of(TOPIC))
                .allTopicNames()
                .get()
                .get(TOPIC)
                .partitions())
        .as("topic created by the source with topic.creation.default.partitions")
        .hasSize(3);

    Wait.upTo(Duration.ofSeconds(30), () -> messagesLeft() == 0);
    assertThat(messagesLeft())
        .as("messages deleted from SQS after Kafka acknowledged them")
        .isZero();
  }

  /** Sends {@code count} JSON messages, some non-ASCII; returns message id by body. */
  private static Map<String, String> send(int count) {
    Map<String, String> idByBody = new HashMap<>();
    for (int from = 0; from < count; from += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      Map<String, String> bodyByEntry = new HashMap<>();
      for (int i = from; i < Math.min(count, from + 10); i++) {
        String body =
            "{\"id\":" + i + ",\"type\":\"order\",\"text\":\"Grüße aus Köln, 東京 " + i + "\"}";
        entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(body).build());
        bodyByEntry.put("m" + i, body);
      }
      SendMessageBatchResponse response =
          sqs.client().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
      assertThat(response.failed()).isEmpty();
      response.successful().forEach(s -> idByBody.put(bodyByEntry.get(s.id()), s.messageId()));
    }
    return idByBody;
  }

  private static int messagesLeft() {
    return sqs.messagesLeft(queueUrl);
  }

  /** Every delivered line from the endpoint's S3-style folder. */
  private static List<String> delivered() {
    return DeliveredObjects.lines(firehose.dataDir().resolve("firehose"));
  }

  /** A header's exact text: the envelope's headers map each name to its value. */
  private static String header(JsonNode line, String name) {
    JsonNode value = line.path("headers").get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  /**
   * The body as it was sent: a JSON object is the envelope's value (written as sent, so its compact
   * text is the body's), anything else its value_text.
   */
  private static String body(JsonNode line) {
    JsonNode value = line.path("value");
    if (value.isObject()) {
      assertThat(line.path("value_text").isNull()).as("value_text of a JSON body").isTrue();
      return value.toString();
    }
    return line.path("value_text").asText();
  }

  private static List<String> errors(JsonNode validateResult) {
    return ConnectRestClient.errors(validateResult);
  }

  private static JsonNode get(String resource) throws IOException, InterruptedException {
    return ok(rest.call("GET", resource, null));
  }

  private static JsonNode put(String resource, Map<String, String> body)
      throws IOException, InterruptedException {
    return ok(rest.call("PUT", resource, body));
  }

  private static JsonNode ok(ConnectRestClient.Reply reply) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body();
  }
}
