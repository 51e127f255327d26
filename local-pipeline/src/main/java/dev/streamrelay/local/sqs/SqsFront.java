package dev.streamrelay.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local queue's address: a thin HTTP front on ElasticMQ that refuses, with SQS's own errors,
 * every SendMessage and SendMessageBatch entry that SQS would refuse ({@link SendRules}, with each
 * queue's {@link QueueLimits MaximumMessageSize}), records the MaximumMessageSize of CreateQueue
 * and SetQueueAttributes, and forwards everything else unchanged. It speaks both protocols clients
 * use: JSON ({@code X-Amz-Target: AmazonSQS.SendMessage}; AWS SDK v2, boto3, the aws CLI) and query
 * ({@code Action=SendMessage}, form-encoded).
 */
public final class SqsFront implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqsFront.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "content-length",
          "connection",
          "transfer-encoding",
          "expect",
          "upgrade",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection");
  private static final Pattern BATCH_KEY =
      Pattern.compile("SendMessageBatchRequestEntry\\.(\\d+)\\.(.+)");
  private static final Pattern ATTRIBUTE_KEY =
      Pattern.compile(
          "MessageAttribute\\.(\\d+)\\.(Name|Value\\.DataType|Value\\.StringValue|Value\\.BinaryValue)");

  private final HttpServer server;
  private final ExecutorService pool;
  private final HttpClient http;
  private final URI backend;
  private final QueueLimits limits;

  private SqsFront(HttpServer server, ExecutorService pool, URI backend, QueueLimits limits) {
    this.server = server;
    this.pool = pool;
    this.backend = backend;
    this.limits = limits;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Listens on 127.0.0.1:{@code port} in front of ElasticMQ at {@code backend}. */
  public static SqsFront start(int port, String backend, QueueLimits limits) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sqs-front");
              t.setDaemon(true);
              return t;
            });
    SqsFront front = new SqsFront(server, pool, URI.create(backend), limits);
    server.setExecutor(pool);
    server.createContext("/", front::handle);
    server.start();
    return front;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String target =
          Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
      String contentType =
          Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
      if (target.startsWith("AmazonSQS.")) {
        json(ex, target.substring("AmazonSQS.".length()), body);
      } else if (contentType
              .toLowerCase(Locale.ROOT)
              .startsWith("application/x-www-form-urlencoded")
          || ex.getRequestURI().getRawQuery() != null) {
        query(ex, body);
      } else {
        forward(ex, body);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("SQS front: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // --- JSON protocol --------------------------------------------------------------------------

  private void json(HttpExchange ex, String action, byte[] body)
      throws IOException, InterruptedException {
    if (!action.equals("SendMessage")
        && !action.equals("SendMessageBatch")
        && !action.equals("CreateQueue")
        && !action.equals("SetQueueAttributes")) {
      forward(ex, body);
      return;
    }
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      forward(ex, body);
      return;
    }
    if (action.equals("CreateQueue") || action.equals("SetQueueAttributes")) {
      String size = req.path("Attributes").path("MaximumMessageSize").asText(null);
      Forwarded f = forward(ex, body);
      if (size != null && f.status() / 100 == 2) {
        String name =
            action.equals("CreateQueue")
                ? req.path("QueueName").asText()
                : queueName(req.path("QueueUrl").asText(), ex);
        limits.set(name, Integer.parseInt(size.strip()));
      }
      return;
    }
    int max = limits.maximumMessageSize(queueName(req.path("QueueUrl").asText(""), ex));
    if (action.equals("SendMessage")) {
      Optional<SendRules.Refusal> refusal = SendRules.check(jsonMessage(req), max);
      if (refusal.isPresent()) {
        jsonError(ex, refusal.get());
      } else {
        forward(ex, body);
      }
      return;
    }
    List<SendRules.Message> messages = new ArrayList<>();
    for (JsonNode e : req.path("Entries")) {
      messages.add(jsonMessage(e));
    }
    Optional<SendRules.Refusal> tooLong = SendRules.checkBatch(messages);
    if (tooLong.isPresent()) {
      jsonError(ex, tooLong.get());
      return;
    }
    ArrayNode failed = JSON.createArrayNode();
    ArrayNode kept = JSON.createArrayNode();
    int i = 0;
    for (JsonNode e : req.path("Entries")) {
      Optional<SendRules.Refusal> r = SendRules.check(messages.get(i++), max);
      if (r.isPresent()) {
        failed
            .addObject()
            .put("Id", e.path("Id").asText())
            .put("SenderFault", true)
            .put("Code", r.get().queryCode())
            .put("Message", r.get().message());
      } else {
        kept.add(e);
      }
    }
    if (failed.isEmpty()) {
      forward(ex, body);
      return;
    }
    ObjectNode reply;
    int status = 200;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (kept.isEmpty()) {
      reply = JSON.createObjectNode();
      reply.putArray("Successful");
    } else {
      ObjectNode narrowed = ((ObjectNode) req).deepCopy();
      narrowed.set("Entries", kept);
      Forwarded f = send(ex, JSON.writeValueAsBytes(narrowed));
      if (f.status() / 100 != 2) {
        reply(ex, f);
        return;
      }
      reply = (ObjectNode) JSON.readTree(f.body());
      status = f.status();
      headers = f.headers();
    }
    ArrayNode all = reply.withArray("Failed");
    all.addAll(failed);
    headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
    reply(ex, new Forwarded(status, headers, JSON.writeValueAsBytes(reply)));
  }

  private static SendRules.Message jsonMessage(JsonNode m) {
    List<SendRules.Attribute> attrs = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = m.path("MessageAttributes").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> a = it.next();
      JsonNode v = a.getValue();
      attrs.add(
          new SendRules.Attribute(
              a.getKey(),
              v.path("DataType").asText(""),
              v.hasNonNull("StringValue") ? v.get("StringValue").asText() : null,
              v.hasNonNull("BinaryValue") ? base64(v.get("BinaryValue").asText()) : null));
    }
    return new SendRules.Message(
        m.hasNonNull("MessageBody") ? m.get("MessageBody").asText() : null, attrs);
  }

  private void jsonError(HttpExchange ex, SendRules.Refusal r) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", "com.amazonaws.sqs#" + r.shape());
    body.put("message", r.message());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
    headers.put("x-amzn-query-error", List.of(r.queryCode() + ";Sender"));
    reply(ex, new Forwarded(400, headers, JSON.writeValueAsBytes(body)));
  }

  // --- Query protocol -------------------------------------------------------------------------

  private void query(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
    String form = new String(body, StandardCharsets.UTF_8);
    String rawQuery = ex.getRequestURI().getRawQuery();
    LinkedHashMap<String, String> params =
        decodeForm(form.isEmpty() && rawQuery != null ? rawQuery : form);
    String action = params.getOrDefault("Action", "");
    String queue = queueName(params.getOrDefault("QueueUrl", ""), ex);
    if (action.equals("CreateQueue") || action.equals("SetQueueAttributes")) {
      String size = null;
      for (Map.Entry<String, String> p : params.entrySet()) {
        Matcher m = Pattern.compile("Attribute\\.(\\d+)\\.Name").matcher(p.getKey());
        if (m.matches() && p.getValue().equals("MaximumMessageSize")) {
          size = params.get("Attribute." + m.group(1) + ".Value");
        }
      }
      Forwarded f = forward(ex, body);
      if (size != null && f.status() / 100 == 2) {
        limits.set(
            action.equals("CreateQueue") ? params.get("QueueName") : queue,
            Integer.parseInt(size.strip()));
      }
      return;
    }
    int max = limits.maximumMessageSize(queue);
    if (action.equals("SendMessage")) {
      Optional<SendRules.Refusal> r = SendRules.check(queryMessage(params, ""), max);
      if (r.isPresent()) {
        xmlError(ex, r.get());
      } else {
        forward(ex, body);
      }
      return;
    }
    if (!action.equals("SendMessageBatch")) {
      forward(ex, body);
      return;
    }
    Map<Integer, String> ids = new java.util.TreeMap<>();
    for (String key : params.keySet()) {
      Matcher m = BATCH_KEY.matcher(key);
      if (m.matches() && m.group(2).equals("Id")) {
        ids.put(Integer.parseInt(m.group(1)), params.get(key));
      }
    }
    List<SendRules.Message> messages = new ArrayList<>();
    for (int n : ids.keySet()) {
      messages.add(queryMessage(params, "SendMessageBatchRequestEntry." + n + "."));
    }
    Optional<SendRules.Refusal> tooLong = SendRules.checkBatch(messages);
    if (tooLong.isPresent()) {
      xmlError(ex, tooLong.get());
      return;
    }
    StringBuilder failed = new StringBuilder();
    Map<Integer, Integer> renumber = new LinkedHashMap<>();
    int i = 0;
    for (int n : ids.keySet()) {
      Optional<SendRules.Refusal> r = SendRules.check(messages.get(i++), max);
      if (r.isPresent()) {
        failed
            .append("<BatchResultErrorEntry><Id>")
            .append(xml(ids.get(n)))
            .append("</Id><SenderFault>true</SenderFault><Code>")
            .append(xml(r.get().queryCode()))
            .append("</Code><Message>")
            .append(xml(r.get().message()))
            .append("</Message></BatchResultErrorEntry>");
      } else {
        renumber.put(n, renumber.size() + 1);
      }
    }
    if (failed.length() == 0) {
      forward(ex, body);
      return;
    }
    String requestId = UUID.randomUUID().toString();
    String result;
    int status = 200;
    if (renumber.isEmpty()) {
      result =
          "<?xml version=\"1.0\"?><SendMessageBatchResponse"
              + " xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><SendMessageBatchResult>"
              + "</SendMessageBatchResult><ResponseMetadata><RequestId>"
              + requestId
              + "</RequestId></ResponseMetadata></SendMessageBatchResponse>";
    } else {
      StringBuilder narrowed = new StringBuilder();
      for (Map.Entry<String, String> p : params.entrySet()) {
        Matcher m = BATCH_KEY.matcher(p.getKey());
        String key = p.getKey();
        if (m.matches()) {
          Integer to = renumber.get(Integer.parseInt(m.group(1)));
          if (to == null) {
            continue;
          }
          key = "SendMessageBatchRequestEntry." + to + "." + m.group(2);
        }
        narrowed
            .append(narrowed.length() == 0 ? "" : "&")
            .append(URLEncoder.encode(key, StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      }
      Forwarded f = send(ex, narrowed.toString().getBytes(StandardCharsets.UTF_8));
      if (f.status() / 100 != 2) {
        reply(ex, f);
        return;
      }
      status = f.status();
      result = new String(f.body(), StandardCharsets.UTF_8);
    }
    int at = result.indexOf("</SendMessageBatchResult>");
    if (at < 0) {
      throw new IOException("unexpected SendMessageBatch reply from ElasticMQ: " + result);
    }
    String merged = result.substring(0, at) + failed + result.substring(at);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("text/xml"));
    reply(ex, new Forwarded(status, headers, merged.getBytes(StandardCharsets.UTF_8)));
  }

  private static SendRules.Message queryMessage(Map<String, String> params, String prefix) {
    Map<String, String[]> attrs = new java.util.TreeMap<>();
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (!p.getKey().startsWith(prefix)) {
        continue;
      }
      Matcher m = ATTRIBUTE_KEY.matcher(p.getKey().substring(prefix.length()));
      if (m.matches()) {
        String[] a = attrs.computeIfAbsent(m.group(1), k -> new String[4]);
        int slot =
            switch (m.group(2)) {
              case "Name" -> 0;
              case "Value.DataType" -> 1;
              case "Value.StringValue" -> 2;
              default -> 3;
            };
        a[slot] = p.getValue();
      }
    }
    List<SendRules.Attribute> list = new ArrayList<>();
    for (String[] a : attrs.values()) {
      list.add(
          new SendRules.Attribute(
              a[0] == null ? "" : a[0],
              a[1] == null ? "" : a[1],
              a[2],
              a[3] == null ? null : base64(a[3])));
    }
    return new SendRules.Message(params.get(prefix + "MessageBody"), list);
  }

  private void xmlError(HttpExchange ex, SendRules.Refusal r) throws IOException {
    String body =
        "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
            + "<Error><Type>Sender</Type><Code>"
            + xml(r.queryCode())
            + "</Code><Message>"
            + xml(r.message())
            + "</Message><Detail/></Error><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ErrorResponse>";
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("text/xml"));
    reply(ex, new Forwarded(400, headers, body.getBytes(StandardCharsets.UTF_8)));
  }

  private static LinkedHashMap<String, String> decodeForm(String form) {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  // --- Forwarding -----------------------------------------------------------------------------

  private record Forwarded(int status, Map<String, List<String>> headers, byte[] body) {}

  private Forwarded forward(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
    Forwarded f = send(ex, body);
    reply(ex, f);
    return f;
  }

  private Forwarded send(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
    URI uri =
        backend.resolve(
            ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + ex.getRequestURI().getRawQuery()));
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> req.header(name, v));
              }
            });
    HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    r.headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, values);
              }
            });
    return new Forwarded(r.statusCode(), headers, r.body());
  }

  private static void reply(HttpExchange ex, Forwarded f) throws IOException {
    f.headers().forEach((name, values) -> ex.getResponseHeaders().put(name, values));
    if (!ex.getResponseHeaders().containsKey("x-amzn-RequestId")) {
      ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    }
    ex.sendResponseHeaders(f.status(), f.body().length == 0 ? -1 : f.body().length);
    if (f.body().length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(f.body());
      }
    }
  }

  private static String queueName(String queueUrl, HttpExchange ex) {
    String path =
        queueUrl.isEmpty() ? ex.getRequestURI().getPath() : URI.create(queueUrl).getPath();
    String p = path == null ? "" : path.replaceAll("/+$", "");
    return p.substring(p.lastIndexOf('/') + 1);
  }

  private static byte[] base64(String s) {
    try {
      return Base64.getDecoder().decode(s.strip());
    } catch (IllegalArgumentException e) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
  }
}
