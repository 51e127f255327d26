package dev.streamrelay.local.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.local.demo.DemoEvents;
import dev.streamrelay.local.demo.IngestClient;
import dev.streamrelay.local.sqs.LocalSqs;
import dev.streamrelay.local.sqs.SqsJsonClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ingest endpoint against a real ElasticMQ: what is accepted, what is refused and how. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestServerTest {

  private static final int LIMIT = 4096;
  private static final String KEY = "test-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private LocalSqs sqs;
  private SqsJsonClient client;
  private String queueUrl;
  private IngestServer server;
  private IngestClient ingest;

  @BeforeAll
  void start() throws Exception {
    sqs = LocalSqs.start(dir, freePort());
    client = new SqsJsonClient(sqs.endpoint());
    queueUrl = client.ensureQueue("ingest-test", Map.of());
    server = IngestServer.start(0, client, queueUrl, KEY, LIMIT);
    ingest = new IngestClient(server.url(), KEY);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    sqs.close();
  }

  @Test
  void acceptsAnEventAndAnswersWithTheSqsMessageId() throws Exception {
    String body = DemoEvents.event("accepted-1", 4);

    IngestClient.Response r = ingest.post(body);

    assertThat(r.status()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.path("accepted").asBoolean()).isTrue();
    assertThat(answer.path("messageId").asText()).isNotBlank();
    assertThat(answer.path("requestId").asText()).isNotBlank();
    JsonNode received = receiveOne();
    assertThat(received.path("MessageId").asText()).isEqualTo(answer.path("messageId").asText());
    assertThat(received.path("Body").asText()).isEqualTo(body);
  }

  @Test
  void acceptsAnEventOfExactlyTheLimitAndRefusesOneByteMore() throws Exception {
    assertThat(ingest.post(DemoEvents.sized("at-limit", LIMIT)).status()).isEqualTo(200);
    receiveOne();

    IngestClient.Response r = ingest.post(DemoEvents.sized("over-limit", LIMIT + 1));

    assertThat(r.status()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("Request Too Long");
  }

  @Test
  void aBodySqsRefusesForItsCharactersIsA400WithTheReasonAsTheApiGives() throws Exception {
    String body =
        "{\"id\":\"bad-chars\",\"type\":\"t\",\"ts\":\"2026-01-01T00:00:00Z\","
            + "\"payload\":{\"text\":\"not a character: \uFFFE\"}}";

    IngestClient.Response r = ingest.post(body);

    assertThat(r.status()).isEqualTo(400);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.path("accepted").asBoolean(true)).isFalse();
    assertThat(answer.path("message").asText()).isEqualTo(IngestServer.BAD_CHARACTERS);
    assertThat(answer.path("detail").asText()).isNotBlank();
  }

  @Test
  void theRefusalReasonsAreTheApisWordForWord() throws Exception {
    String api =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "cfn", "templates", "ingestion.yaml"));

    assertThat(api)
        .contains(IngestServer.BAD_CHARACTERS)
        .contains(IngestServer.TOO_LARGE)
        .contains(IngestServer.OTHER_REFUSAL);
  }

  @Test
  void refusesAMuchLargerBodyWithAnAnswerNotAReset() throws Exception {
    IngestClient.Response r = ingest.post(DemoEvents.sized("huge", 3 * 1024 * 1024));

    assertThat(r.status()).isEqualTo(413);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "wrong-key", "TEST-KEY"})
  void refusesAMissingOrWrongApiKey(String key) throws Exception {
    HttpRequest.Builder b =
        post(DemoEvents.event("k", 1)).header("Content-Type", "application/json");
    if (!key.isEmpty()) {
      b.header("x-api-key", key);
    }

    IngestClient.Response r = ingest.send(b);

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("missing or invalid x-api-key header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
  void refusesOtherMediaTypes(String type) throws Exception {
    IngestClient.Response r =
        ingest.send(
            post(DemoEvents.event("m", 1)).header("Content-Type", type).header("x-api-key", KEY));

    assertThat(r.status()).isEqualTo(415);
  }

  @Test
  void takesAMissingContentTypeAndACharsetParameterAsJson() throws Exception {
    IngestClient.Response plain =
        ingest.send(post(DemoEvents.event("ct-1", 1)).header("x-api-key", KEY));
    receiveOne();
    IngestClient.Response charset =
        ingest.send(
            post(DemoEvents.event("ct-2", 2))
                .header("Content-Type", "Application/JSON; charset=UTF-8")
                .header("x-api-key", KEY));
    receiveOne();

    assertThat(plain.status()).isEqualTo(200);
    assertThat(charset.status()).isEqualTo(200);
  }

  @Test
  void refusesAnInvalidEventWithTheValidatorsDetails() throws Exception {
    IngestClient.Response r = ingest.post("{\"id\":\"x\",\"type\":\"t\"}");

    assertThat(r.status()).isEqualTo(400);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.path("message").asText()).isEqualTo("invalid event");
    assertThat(answer.path("details").asText()).contains("[ts, payload]");
  }

  @Test
  void refusesMalformedJson() throws Exception {
    assertThat(ingest.post("{\"id\": ").status()).isEqualTo(400);
  }

  @Test
  void answersUndefinedMethodsAndPathsAsApiGatewayDoes() throws Exception {
    URI other = URI.create(server.url().replace("/events", "/other"));

    IngestClient.Response get = ingest.send(HttpRequest.newBuilder(URI.create(server.url())).GET());
    IngestClient.Response put =
        ingest.send(
            HttpRequest.newBuilder(URI.create(server.url()))
                .header("x-api-key", KEY)
                .PUT(HttpRequest.BodyPublishers.ofString(DemoEvents.event("p", 1))));
    IngestClient.Response elsewhere =
        ingest.send(
            HttpRequest.newBuilder(other)
                .header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(DemoEvents.event("o", 1))));

    for (IngestClient.Response r : new IngestClient.Response[] {get, put, elsewhere}) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.body()).contains("Missing Authentication Token");
    }
  }

  @Test
  void answers500WhenTheQueueRefusesTheMessage() throws Exception {
    String missingQueue = queueUrl.replace("ingest-test", "no-such-queue");
    try (IngestServer refusing = IngestServer.start(0, client, missingQueue, KEY, LIMIT)) {
      IngestClient.Response r =
          new IngestClient(refusing.url(), KEY).post(DemoEvents.event("refused", 1));

      assertThat(r.status()).isEqualTo(500);
      assertThat(r.body()).contains("the queue refused the event");
    }
  }

  @Test
  void answers503WhenTheQueueIsUnreachable() throws Exception {
    SqsJsonClient nowhere = new SqsJsonClient("http://127.0.0.1:" + freePort());
    try (IngestServer down = IngestServer.start(0, nowhere, queueUrl, KEY, LIMIT)) {
      IngestClient.Response r = new IngestClient(down.url(), KEY).post(DemoEvents.event("d", 1));

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).contains("retry later");
    }
  }

  private HttpRequest.Builder post(String body) {
    return HttpRequest.newBuilder(URI.create(server.url()))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  /** Receives and deletes the one message the test just sent. */
  private JsonNode receiveOne() throws Exception {
    var req = JSON.createObjectNode();
    req.put("QueueUrl", queueUrl);
    req.put("MaxNumberOfMessages", 10);
    req.put("WaitTimeSeconds", 5);
    SqsJsonClient.Reply r = client.call("ReceiveMessage", req);
    assertThat(r.ok()).as(r.body().toString()).isTrue();
    JsonNode messages = r.body().path("Messages");
    assertThat(messages).hasSize(1);
    var del = JSON.createObjectNode();
    del.put("QueueUrl", queueUrl);
    del.put("ReceiptHandle", messages.get(0).path("ReceiptHandle").asText());
    assertThat(client.call("DeleteMessage", del).ok()).isTrue();
    return messages.get(0);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
