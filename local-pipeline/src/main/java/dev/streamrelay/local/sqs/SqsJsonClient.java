package dev.streamrelay.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SQS calls the local pipeline makes, over SQS's JSON protocol ({@code X-Amz-Target:
 * AmazonSQS.<Action>}) and the JDK's HTTP client: the same request API Gateway's SQS integration
 * makes, without an AWS SDK in the launcher. ElasticMQ does not check signatures.
 */
public final class SqsJsonClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http;

  public SqsJsonClient(String endpoint) {
    this.endpoint = URI.create(endpoint + "/");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** What SQS answered: 2xx with a body, or an error status with SQS's error type. */
  public record Reply(int status, JsonNode body) {
    public boolean ok() {
      return status / 100 == 2;
    }

    public String errorType() {
      return body.path("__type").asText("");
    }
  }

  public Reply call(String action, ObjectNode request) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "AmazonSQS." + action)
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
            .build();
    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new Reply(r.statusCode(), body);
  }

  /** SendMessage; the reply holds {@code MessageId} when it succeeded. */
  public Reply sendMessage(String queueUrl, String body) throws IOException, InterruptedException {
    ObjectNode req = JSON.createObjectNode();
    req.put("QueueUrl", queueUrl);
    req.put("MessageBody", body);
    return call("SendMessage", req);
  }

  public Optional<String> queueUrl(String name) throws IOException, InterruptedException {
    ObjectNode req = JSON.createObjectNode();
    req.put("QueueName", name);
    Reply r = call("GetQueueUrl", req);
    if (r.ok()) {
      return Optional.of(r.body().path("QueueUrl").asText());
    }
    if (r.errorType().contains("QueueDoesNotExist") || r.errorType().contains("NonExistentQueue")) {
      return Optional.empty();
    }
    throw new IOException("GetQueueUrl " + name + " failed: " + r.status() + " " + r.body());
  }

  /** Returns the queue's URL, creating the queue with {@code attributes} if it does not exist. */
  public String ensureQueue(String name, Map<String, String> attributes)
      throws IOException, InterruptedException {
    Optional<String> existing = queueUrl(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    ObjectNode req = JSON.createObjectNode();
    req.put("QueueName", name);
    ObjectNode attrs = req.putObject("Attributes");
    attributes.forEach(attrs::put);
    Reply r = call("CreateQueue", req);
    if (!r.ok()) {
      throw new IOException("CreateQueue " + name + " failed: " + r.status() + " " + r.body());
    }
    return r.body().path("QueueUrl").asText();
  }

  public Map<String, String> attributes(String queueUrl) throws IOException, InterruptedException {
    ObjectNode req = JSON.createObjectNode();
    req.put("QueueUrl", queueUrl);
    req.putArray("AttributeNames").add("All");
    Reply r = call("GetQueueAttributes", req);
    if (!r.ok()) {
      throw new IOException("GetQueueAttributes failed: " + r.status() + " " + r.body());
    }
    Map<String, String> out = new LinkedHashMap<>();
    r.body()
        .path("Attributes")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** Visible, in-flight and delayed messages of a queue. */
  public int messagesLeft(String queueUrl) throws IOException, InterruptedException {
    Map<String, String> a = attributes(queueUrl);
    return Integer.parseInt(a.getOrDefault("ApproximateNumberOfMessages", "0"))
        + Integer.parseInt(a.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0"))
        + Integer.parseInt(a.getOrDefault("ApproximateNumberOfMessagesDelayed", "0"));
  }
}
