package dev.streamrelay.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.local.LocalPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Messages with every class of tricky attribute value, sent with the AWS SDK to the local queue,
 * checked where a Kafka consumer reads them (header bytes) and where an analyst reads them (the
 * envelope lines in the delivered objects): each value and its SQS data type arrive unchanged, as
 * does the body, JSON or not.
 */
final class AttributeFidelity {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One attribute as sent: its SQS data type and its value (text, or bytes for Binary). */
  record Sent(String type, String text, byte[] bytes) {
    static Sent string(String type, String text) {
      return new Sent(type, text, null);
    }

    static Sent binary(String type, byte[] bytes) {
      return new Sent(type, null, bytes);
    }

    byte[] kafkaBytes() {
      return bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8);
    }

    String envelopeText() {
      return bytes != null ? Base64.getEncoder().encodeToString(bytes) : text;
    }
  }

  /** A message: its body and at most 10 attributes (SQS's limit). */
  record Message(String body, Map<String, Sent> attributes) {}

  static List<Message> messages() {
    List<Message> m = new ArrayList<>();
    m.add(
        new Message(
            "{\"id\":\"fid-1\",\"type\":\"text.classes\",\"ts\":\"2026-12-02T10:00:00Z\","
                + "\"payload\":{\"n\":3.14159265358979,\"big\":12345678901234567890123456789012345678}}",
            ordered(
                "zip", Sent.string("String", "00123"),
                "day", Sent.string("String", "2026-01-01"),
                "at", Sent.string("String", "2026-01-01T10:15:30.123+02:00"),
                "clock", Sent.string("String", "10:15"),
                "yes", Sent.string("String", "true"),
                "no", Sent.string("String", "FALSE"),
                "nothing", Sent.string("String", "null"),
                "json", Sent.string("String", "{\"a\":[1,2.50,\"x\"]}"),
                "padded", Sent.string("String", "  spaced out  "),
                "MixedCase", Sent.string("String", "Case Kept"))));
    m.add(
        new Message(
            "{\"id\":\"fid-2\",\"type\":\"number.classes\",\"ts\":\"2026-12-02T10:00:01Z\","
                + "\"payload\":{}}",
            ordered(
                "exp", Sent.string("Number", "1E+3"),
                "expLower", Sent.string("Number", "6.02e23"),
                "tiny", Sent.string("Number", "1E-128"),
                "negZero", Sent.string("Number", "-0"),
                "negZeroFraction", Sent.string("Number", "-0.0"),
                "digits38", Sent.string("Number", "12345678901234567890123456789012345678"),
                "fraction", Sent.string("Number", "0.12345678901234567890123456789012345678"),
                "pi", Sent.string("Number", "3.14159265358979"),
                "trailingZeros", Sent.string("Number.price", "19.950"),
                "leadingZeros", Sent.string("Number", "007"))));
    m.add(
        new Message(
            "plain text body, not JSON: 00123 true",
            ordered(
                "bin",
                Sent.binary("Binary", new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10}),
                "png",
                Sent.binary("Binary.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
                "textBytes",
                Sent.binary("Binary", "hi".getBytes(StandardCharsets.UTF_8)),
                "uuid",
                Sent.string("String.uuid", "3f2c1a8e-0000-4000-8000-000000000001"),
                "unicode",
                Sent.string("String", "zażółć gęślą jaźń 東京 عربى e\u0301 🚀"),
                "n" + "a".repeat(255),
                Sent.string("String", "a 256-character name"),
                "dots.and-dashes_ok",
                Sent.string("String", "x"))));
    m.add(
        new Message(
            "[1, 2.50, \"three\"]", ordered("float", Sent.string("Number.float", "-1.5E-7"))));
    return m;
  }

  private static Map<String, Sent> ordered(Object... pairs) {
    Map<String, Sent> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Sent) pairs[i + 1]);
    }
    return map;
  }

  /** Sends every message with the AWS SDK; returns the SQS message id of each. */
  static Map<String, Message> send(LocalPipeline pipeline) {
    Map<String, Message> byId = new LinkedHashMap<>();
    try (SqsClient sqs =
        SqsClient.builder()
            .endpointOverride(URI.create(pipeline.sqsEndpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClientBuilder(Apache5HttpClient.builder())
            .build()) {
      for (Message m : messages()) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        m.attributes()
            .forEach(
                (name, a) ->
                    attributes.put(
                        name,
                        a.bytes() != null
                            ? MessageAttributeValue.builder()
                                .dataType(a.type())
                                .binaryValue(SdkBytes.fromByteArray(a.bytes()))
                                .build()
                            : MessageAttributeValue.builder()
                                .dataType(a.type())
                                .stringValue(a.text())
                                .build()));
        String id =
            sqs.sendMessage(
                    r ->
                        r.queueUrl(pipeline.queueUrl())
                            .messageBody(m.body())
                            .messageAttributes(attributes))
                .messageId();
        byId.put(id, m);
      }
    }
    return byId;
  }

  /** The Kafka records of the pipeline's topic whose sqs.message.id is one of {@code ids}. */
  static Map<String, ConsumerRecord<byte[], byte[]>> readKafka(
      LocalPipeline pipeline, java.util.Set<String> ids, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "fidelity-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, ConsumerRecord<byte[], byte[]>> found = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(pipeline.topic()));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (found.size() < ids.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Header h = r.headers().lastHeader("sqs.message.id");
          String id = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
          if (ids.contains(id)) {
            found.putIfAbsent(id, r);
          }
        }
      }
    }
    return found;
  }

  /** The delivered envelope lines whose headers name one of {@code ids}, by message id. */
  static Map<String, String> readDelivered(Path deliveredDir, java.util.Set<String> ids)
      throws IOException {
    Map<String, String> found = new HashMap<>();
    if (!Files.isDirectory(deliveredDir)) {
      return found;
    }
    List<Path> objects;
    try (Stream<Path> files = Files.walk(deliveredDir)) {
      objects = files.filter(Files::isRegularFile).toList();
    }
    for (Path o : objects) {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(o)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          JsonNode id = JSON.readTree(line).path("headers").path("sqs.message.id");
          if (ids.contains(id.asText())) {
            found.putIfAbsent(id.asText(), line);
          }
        }
      } catch (java.io.EOFException stillBeingWritten) {
        // an object the endpoint is writing right now: read it on the next pass
      }
    }
    return found;
  }

  /**
   * The message the aws CLI sends (String and Number attributes: CLI v1 and v2 differ on blobs).
   */
  static Message cliMessage() {
    return new Message(
        "{\"id\":\"fid-cli\",\"type\":\"cli\",\"ts\":\"2026-12-02T10:00:02Z\",\"payload\":{}}",
        ordered(
            "zip", Sent.string("String", "00123"),
            "exp", Sent.string("Number", "1E+3"),
            "negZero", Sent.string("Number", "-0"),
            "nothing", Sent.string("String", "null"),
            "unicode", Sent.string("String", "Grüße 東京")));
  }

  /**
   * Sends {@link #cliMessage()} with the aws CLI, a client nobody here wrote, and returns its
   * message id; empty when no {@code aws} command is installed.
   */
  static java.util.Optional<String> sendWithAwsCli(LocalPipeline pipeline, Path workDir)
      throws IOException, InterruptedException {
    Message m = cliMessage();
    com.fasterxml.jackson.databind.node.ObjectNode attributes = JSON.createObjectNode();
    m.attributes()
        .forEach(
            (name, a) ->
                attributes.putObject(name).put("DataType", a.type()).put("StringValue", a.text()));
    Path out = Files.createTempFile(workDir, "aws-cli", ".json");
    ProcessBuilder pb =
        new ProcessBuilder(
                "aws",
                "sqs",
                "send-message",
                "--endpoint-url",
                pipeline.sqsEndpoint(),
                "--region",
                "us-east-1",
                "--queue-url",
                pipeline.queueUrl(),
                "--message-body",
                m.body(),
                "--message-attributes",
                JSON.writeValueAsString(attributes),
                "--output",
                "json")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("AWS_ACCESS_KEY_ID", "local");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
    Process p;
    try {
      p = pb.start();
    } catch (IOException noCli) {
      return java.util.Optional.empty();
    }
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("aws CLI ends").isTrue();
    String printed = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("aws sqs send-message: %s", printed).isZero();
    return java.util.Optional.of(JSON.readTree(printed).path("MessageId").asText());
  }

  /**
   * The headers kcat (a Kafka client nobody here wrote) prints for the records whose sqs.message.id
   * is one of {@code ids}, by message id; empty when kcat is not installed.
   */
  static java.util.Optional<Map<String, Map<String, String>>> readWithKcat(
      LocalPipeline pipeline, java.util.Set<String> ids, Path workDir)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "kcat", ".jsonl");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "kcat",
                  "-C",
                  "-b",
                  pipeline.kafkaBootstrap(),
                  "-t",
                  pipeline.topic(),
                  "-J",
                  "-o",
                  "beginning",
                  "-e",
                  "-q")
              .redirectErrorStream(false)
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException noKcat) {
      return java.util.Optional.empty();
    }
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("kcat ends").isTrue();
    Map<String, Map<String, String>> byId = new HashMap<>();
    // Binary header values are printed as their raw bytes, which need not be UTF-8.
    for (String line : new String(Files.readAllBytes(out), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode record = JSON.readTree(line);
      JsonNode pairs = record.path("headers");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 0; i + 1 < pairs.size(); i += 2) {
        headers.put(pairs.get(i).asText(), pairs.get(i + 1).asText());
      }
      String id = headers.get("sqs.message.id");
      if (ids.contains(id)) {
        byId.putIfAbsent(id, headers);
      }
    }
    return java.util.Optional.of(byId);
  }

  private AttributeFidelity() {}
}
