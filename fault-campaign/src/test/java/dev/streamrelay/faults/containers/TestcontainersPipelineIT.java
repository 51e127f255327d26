package dev.streamrelay.faults.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamrelay.local.kafka.ConnectWorker;
import dev.streamrelay.local.process.Logs;
import dev.streamrelay.local.process.RuntimeClasspath;
import dev.streamrelay.local.sqs.SqsJsonClient;
import dev.streamrelay.testkit.SafeUnzip;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The campaign's end-to-end scenario on real containers where Docker runs: Apache Kafka 3.7.2 in
 * {@code org.testcontainers:kafka}, SQS, Firehose and S3 in LocalStack, and a distributed Connect
 * worker (a child JVM, the plugin ZIP on plugin.path, the shipped connector configs). Events go to
 * the SQS queue, the worker is killed with SIGKILL and started again mid-stream, and every event
 * must reach the S3 bucket through Firehose. Without a Docker engine it is skipped with the reason
 * ({@link DockerAvailable}).
 */
@ExtendWith(DockerAvailable.class)
class TestcontainersPipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 300;
  private static final String QUEUE = "streamrelay-events";
  private static final String TOPIC = "streamrelay.events";
  private static final String STREAM = "streamrelay-events";
  private static final String BUCKET = "streamrelay-tc";
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Z_]+)}");
  private static final Pattern KEY = Pattern.compile("<Key>([^<]+)</Key>");

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void everyEventReachesS3ThroughAWorkerCrash() throws Exception {
    try (KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:3.7.2"));
        LocalStackContainer aws =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
                .withServices(
                    LocalStackContainer.Service.SQS,
                    LocalStackContainer.Service.S3,
                    LocalStackContainer.EnabledService.named("firehose"))) {
      kafka.start();
      aws.start();
      String endpoint = aws.getEndpoint().toString();
      SqsJsonClient sqs = new SqsJsonClient(endpoint);
      String queueUrl = sqs.ensureQueue(QUEUE, Map.of("VisibilityTimeout", "30"));
      createBucketAndStream(endpoint);

      Path repo = Path.of(System.getProperty("streamrelay.repo.root", "..")).toAbsolutePath();
      Path pluginPath = data.resolve("plugins");
      SafeUnzip.extract(Path.of(System.getProperty("campaign.plugin.zip")), pluginPath);
      // The one worker configuration the local pipeline and MSK Connect run with.
      Properties shared = new Properties();
      try (var in =
          Files.newBufferedReader(repo.resolve("mskconnect/worker-configuration.properties"))) {
        shared.load(in);
      }
      Map<String, String> workerConfig = new HashMap<>();
      shared.stringPropertyNames().forEach(k -> workerConfig.put(k, shared.getProperty(k)));
      ConnectWorker worker =
          new ConnectWorker(
              data,
              workerConfig,
              kafka.getBootstrapServers(),
              freePort(),
              pluginPath,
              RuntimeClasspath.forChildren(),
              Logs.writeLog4jConfig(data.resolve("conf")));
      try {
        worker.start();
        Map<String, String> vars = new HashMap<>();
        vars.put("CONNECTOR_NAME_PREFIX", "tc-");
        vars.put("SQS_SOURCE_TASKS_MAX", "1");
        vars.put("FIREHOSE_SINK_TASKS_MAX", "1");
        vars.put("SQS_QUEUE_URL", queueUrl);
        vars.put("KAFKA_TOPIC", TOPIC);
        vars.put("AWS_REGION", aws.getRegion());
        vars.put("TOPIC_PARTITIONS", "3");
        vars.put("TOPIC_REPLICATION_FACTOR", "1");
        vars.put("FIREHOSE_DELIVERY_STREAM", STREAM);
        for (String name : List.of("sqs-source", "firehose-sink")) {
          Map<String, String> config = connector(repo, name, vars);
          config.put("aws.endpoint.url", endpoint);
          config.put("aws.access.key.id", aws.getAccessKey());
          config.put("aws.secret.access.key", aws.getSecretKey());
          worker.rest().putConfig(config.get("name"), config, Duration.ofMinutes(2));
          worker.rest().awaitRunning(config.get("name"), Duration.ofMinutes(2));
        }

        Set<String> sent = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
          String id = "tc-" + i;
          ObjectNode event = JSON.createObjectNode().put("id", id).put("type", "tc.event");
          event.put("ts", "2026-12-01T00:00:00Z").putObject("payload").put("n", i);
          assertThat(sqs.sendMessage(queueUrl, JSON.writeValueAsString(event)).ok()).isTrue();
          sent.add(id);
          if (i == EVENTS / 3) {
            worker.kill();
            worker.start();
          }
        }
        Set<String> delivered = awaitDelivered(endpoint, sent, Duration.ofMinutes(5));
        assertThat(delivered).as("events in S3").containsAll(sent);
      } finally {
        worker.close();
      }
    }
  }

  private void createBucketAndStream(String endpoint) throws Exception {
    HttpResponse<String> bucket =
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint + "/" + BUCKET))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bucket.statusCode()).as(bucket.body()).isEqualTo(200);
    ObjectNode req = JSON.createObjectNode().put("DeliveryStreamName", STREAM);
    req.put("DeliveryStreamType", "DirectPut");
    ObjectNode s3 = req.putObject("ExtendedS3DestinationConfiguration");
    s3.put("BucketARN", "arn:aws:s3:::" + BUCKET);
    s3.put("RoleARN", "arn:aws:iam::000000000000:role/firehose");
    s3.put("Prefix", "events/");
    s3.putObject("BufferingHints").put("IntervalInSeconds", 60).put("SizeInMBs", 1);
    HttpResponse<String> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Firehose_20150804.CreateDeliveryStream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
  }

  /** The event ids found in the bucket's objects, polled until all of {@code ids} are there. */
  private Set<String> awaitDelivered(String endpoint, Set<String> ids, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> found = new HashSet<>();
    while (System.nanoTime() < deadline && !found.containsAll(ids)) {
      String list = get(endpoint + "/" + BUCKET + "?list-type=2&prefix=events/", false);
      Matcher m = KEY.matcher(list);
      while (m.find()) {
        String object = get(endpoint + "/" + BUCKET + "/" + m.group(1), true);
        for (String line : object.split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode value = JSON.readTree(line).path("value");
          if (value.isTextual()) {
            value = JSON.readTree(value.asText());
          }
          found.add(value.path("id").asText());
        }
      }
      Thread.sleep(2000);
    }
    return found;
  }

  private String get(String url, boolean maybeGzip) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    byte[] body = r.body();
    if (maybeGzip && body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        body = in.readAllBytes();
      }
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A shipped connector template with its variables filled in. */
  private static Map<String, String> connector(Path repo, String name, Map<String, String> vars)
      throws IOException {
    String template = Files.readString(repo.resolve("connect-config/connectors/" + name + ".json"));
    Matcher m = VAR.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1));
      if (v == null) {
        throw new IllegalStateException("No value for ${" + m.group(1) + "} in " + name);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    Map<String, String> config = new HashMap<>();
    JSON.readTree(out.toString())
        .fields()
        .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return config;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
