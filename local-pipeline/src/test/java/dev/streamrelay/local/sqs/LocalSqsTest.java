package dev.streamrelay.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queues and queued messages outlive ElasticMQ: the local pipeline's SQS state survives restarts.
 */
class LocalSqsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void queuesRedrivePolicyAndMessagesSurviveARestart() throws Exception {
    String url;
    String dlqArn;
    try (LocalSqs sqs = LocalSqs.start(dir, freePort())) {
      SqsJsonClient c = new SqsJsonClient(sqs.endpoint());
      String dlq = c.ensureQueue("q-dlq", Map.of());
      dlqArn = c.attributes(dlq).get("QueueArn");
      url =
          c.ensureQueue(
              "q",
              Map.of(
                  "VisibilityTimeout",
                  "120",
                  "RedrivePolicy",
                  "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"));
      for (int i = 0; i < 3; i++) {
        assertThat(c.sendMessage(url, "{\"n\":" + i + ",\"t\":\"Grüße\"}").ok()).isTrue();
      }
    }

    int port = freePort();
    try (LocalSqs sqs = LocalSqs.start(dir, port)) {
      SqsJsonClient c = new SqsJsonClient(sqs.endpoint());
      String again = c.queueUrl("q").orElseThrow();
      assertThat(again).endsWith("/000000000000/q");
      assertThat(c.messagesLeft(again)).isEqualTo(3);
      assertThat(c.attributes(again).get("RedrivePolicy")).contains(dlqArn);
      assertThat(c.ensureQueue("q", Map.of())).isEqualTo(again);
      ObjectNode req = JSON.createObjectNode();
      req.put("QueueUrl", again);
      req.put("MaxNumberOfMessages", 10);
      req.put("WaitTimeSeconds", 2);
      JsonNode messages = c.call("ReceiveMessage", req).body().path("Messages");
      assertThat(messages).hasSize(3);
      assertThat(messages.get(0).path("Body").asText()).contains("Grüße");
    }
  }

  @Test
  void aMissingQueueHasNoUrl() throws Exception {
    try (LocalSqs sqs = LocalSqs.start(dir, freePort())) {
      assertThat(new SqsJsonClient(sqs.endpoint()).queueUrl("nope")).isEmpty();
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
