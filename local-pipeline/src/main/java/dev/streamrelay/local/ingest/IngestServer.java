package dev.streamrelay.local.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.streamrelay.local.sqs.SqsJsonClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for the REST API of {@code cfn/templates/ingestion.yaml}: {@code POST /events}
 * with a JSON event and the {@code x-api-key} header becomes one SQS SendMessage whose body is the
 * event. Refusals use the status codes and bodies API Gateway gives for that API (see the README's
 * table), checked in API Gateway's order: route, size, key, media type, body.
 */
public final class IngestServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestServer.class);
  public static final String PATH = "/events";

  /** API Gateway's own payload limit (10 MB): bodies up to this are read before refusing them. */
  private static final long DRAIN_LIMIT = 10L * 1024 * 1024;

  private final ObjectMapper json = new ObjectMapper();
  private final EventValidator validator = new EventValidator();
  private final HttpServer server;
  private final ExecutorService threads;
  private final SqsJsonClient sqs;
  private final String queueUrl;
  private final byte[] apiKey;
  private final int maxBytes;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  private IngestServer(
      HttpServer server, SqsJsonClient sqs, String queueUrl, String apiKey, int maxBytes) {
    this.server = server;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    this.maxBytes = maxBytes;
    this.threads =
        Executors.newFixedThreadPool(
            32,
            r -> {
              Thread t = new Thread(r, "ingest-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
  }

  /** Starts listening on 127.0.0.1:{@code port} (0 picks a free port). */
  public static IngestServer start(
      int port, SqsJsonClient sqs, String queueUrl, String apiKey, int maxBytes)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    IngestServer server = new IngestServer(http, sqs, queueUrl, apiKey, maxBytes);
    http.start();
    log.info("Ingest endpoint listening on {}", server.url());
    return server;
  }

  /** The URL events are POSTed to. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  public long accepted() {
    return accepted.get();
  }

  public long refused() {
    return refused.get();
  }

  @Override
  public void close() {
    server.stop(1);
    threads.shutdown();
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    try (exchange) {
      Reply reply;
      try {
        reply = decide(exchange, requestId);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply = unavailable(requestId);
      }
      if (reply.status() == 200) {
        accepted.incrementAndGet();
      } else {
        refused.incrementAndGet();
      }
      byte[] bytes = json.writeValueAsBytes(reply.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private Reply decide(HttpExchange exchange, String requestId)
      throws IOException, InterruptedException {
    String path = exchange.getRequestURI().getPath();
    if (!"POST".equals(exchange.getRequestMethod())
        || !(PATH.equals(path) || (PATH + "/").equals(path))) {
      // API Gateway REST APIs answer an undefined method or resource with this, not 404/405.
      return new Reply(403, message("Missing Authentication Token", null));
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        // Read (and drop) the rest, so the client sees the answer instead of a reset connection.
        in.transferTo(new LimitedSink(DRAIN_LIMIT));
        return tooLarge(requestId);
      }
    }
    String key = exchange.getRequestHeaders().getFirst("x-api-key");
    if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), apiKey)) {
      return new Reply(403, message("missing or invalid x-api-key header", requestId));
    }
    if (!isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
      return new Reply(415, message("send Content-Type: application/json", requestId));
    }
    EventValidator.Result result = validator.validate(body);
    if (!result.valid()) {
      ObjectNode b = message("invalid event", null);
      b.put("details", result.details());
      b.put("requestId", requestId);
      return new Reply(400, b);
    }
    SqsJsonClient.Reply sent;
    try {
      sent = sqs.sendMessage(queueUrl, result.messageBody());
    } catch (IOException e) {
      log.warn("SendMessage failed for request {}: {}", requestId, e.toString());
      return unavailable(requestId);
    }
    if (sent.ok()) {
      ObjectNode b = json.createObjectNode();
      b.put("accepted", true);
      b.put("messageId", sent.body().path("MessageId").asText());
      b.put("requestId", requestId);
      return new Reply(200, b);
    }
    log.warn("SQS refused request {}: {} {}", requestId, sent.status(), sent.body());
    if (sent.status() >= 500) {
      return unavailable(requestId);
    }
    return refused(sent.body().toString(), sent.body().path("message").asText(""), requestId);
  }

  /** Why SQS refused a body, as the API's integration response in ingestion.yaml words it. */
  static final String BAD_CHARACTERS =
      "the event contains characters SQS does not accept; allowed are U+0009, U+000A, U+000D,"
          + " U+0020 to U+D7FF, U+E000 to U+FFFD and U+10000 to U+10FFFF";

  static final String TOO_LARGE =
      "the event is larger than the queue accepts (its MaximumMessageSize, 262144 bytes)";

  static final String OTHER_REFUSAL = "the queue refused the event";

  /**
   * The answer to an SQS refusal, as API Gateway's integration response gives it: 400 for
   * characters SQS does not accept, 413 for a body over the queue's size, each with the reason and
   * SQS's own message, never retried by clients; 500 for anything else (access, KMS: ours).
   */
  private Reply refused(String sqsReply, String sqsMessage, String requestId) {
    int status;
    String reason;
    if (sqsReply.contains("InvalidMessageContents")) {
      status = 400;
      reason = BAD_CHARACTERS;
    } else if (sqsReply.contains("must be shorter than") || sqsReply.contains("MessageTooLong")) {
      status = 413;
      reason = TOO_LARGE;
    } else {
      status = 500;
      reason = OTHER_REFUSAL;
    }
    ObjectNode b = json.createObjectNode();
    b.put("accepted", false);
    b.put("message", reason);
    b.put("detail", sqsMessage);
    b.put("requestId", requestId);
    return new Reply(status, b);
  }

  /**
   * A missing Content-Type counts as JSON, as in API Gateway; otherwise the media type must be
   * {@code application/json}, parameters such as {@code charset} allowed.
   */
  static boolean isJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json");
  }

  /** Discards what it is given, failing past a limit (the client then sees a closed connection). */
  private static final class LimitedSink extends java.io.OutputStream {
    private long left;

    LimitedSink(long limit) {
      this.left = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      left -= len;
      if (left < 0) {
        throw new IOException("request body larger than " + DRAIN_LIMIT + " bytes");
      }
    }
  }

  private Reply tooLarge(String requestId) {
    return new Reply(413, message("Request Too Long", requestId));
  }

  private Reply unavailable(String requestId) {
    ObjectNode b = json.createObjectNode();
    b.put("accepted", false);
    b.put("message", "queue unavailable, retry later");
    b.put("requestId", requestId);
    return new Reply(503, b);
  }

  private ObjectNode message(String text, String requestId) {
    ObjectNode b = json.createObjectNode();
    b.put("message", text);
    if (requestId != null) {
      b.put("requestId", requestId);
    }
    return b;
  }

  private record Reply(int status, ObjectNode body) {}
}
