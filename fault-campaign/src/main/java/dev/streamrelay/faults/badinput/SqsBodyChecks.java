package dev.streamrelay.faults.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamrelay.faults.harness.CampaignPipeline;
import dev.streamrelay.faults.reconcile.DeliveredLog;
import dev.streamrelay.faults.reconcile.Envelope;
import dev.streamrelay.faults.reconcile.EventIds;
import dev.streamrelay.local.query.EventsQuery;
import dev.streamrelay.local.query.ResultTable;
import dev.streamrelay.local.sqs.SqsJsonClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Message bodies and attributes sent straight to SQS (as any producer other than the API could),
 * checked at the far end: delivered unchanged, or refused by SQS with a clear error. Either way
 * nothing else is lost, and the delivered data still reads as a table.
 */
public final class SqsBodyChecks {

  private static final String AREA = "SQS body";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CampaignPipeline pipeline;
  private final String run;
  private final SqsJsonClient sqs;
  private final String queueUrl;
  private final Map<String, String> expectedValue = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> expectedHeaders = new LinkedHashMap<>();
  private final Map<String, String> cases = new LinkedHashMap<>();
  private int seq;

  public SqsBodyChecks(CampaignPipeline pipeline, String run) {
    this.pipeline = pipeline;
    this.run = run;
    this.sqs = pipeline.local().sqs();
    this.queueUrl = pipeline.local().queueUrl();
  }

  private String nextId() {
    return EventIds.of(run, "sqs-body", seq++);
  }

  public List<Outcome> run() throws Exception {
    List<Outcome> out = new ArrayList<>();
    // The queue's MaximumMessageSize: the local pipeline creates it with the event size limit.
    int limit = pipeline.local().settings().maxEventBytes();

    out.add(refused("empty body", send("", Map.of()), "SQS refuses it (a body needs 1 character)"));

    String atLimitId = nextId();
    String atLimit = padTo("{\"id\":\"" + atLimitId + "\",\"pad\":\"", limit, "\"}");
    expect(atLimitId, "body at the queue's limit (" + limit + " bytes)", atLimit, Map.of());
    requireOk(send(atLimit, Map.of()));

    String overId = nextId();
    String overLimit = padTo("{\"id\":\"" + overId + "\",\"pad\":\"", limit + 1, "\"}");
    SqsJsonClient.Reply over = send(overLimit, Map.of());
    if (over.ok()) {
      // ElasticMQ does not enforce MaximumMessageSize (SQS does); then it must still arrive whole.
      expect(
          overId,
          "body 1 byte over the queue's MaximumMessageSize ("
              + limit
              + "): SQS refuses it; ElasticMQ accepted it",
          overLimit,
          Map.of());
    } else {
      out.add(
          refused(
              "body 1 byte over the queue's MaximumMessageSize (" + limit + ")",
              over,
              "SQS refuses it: larger than the queue's limit"));
    }
    out.add(nearOneMiB(1_048_000));
    out.add(nearOneMiB(1_048_576));

    String textId = nextId();
    String nonAscii =
        "{\"id\":\""
            + textId
            + "\",\"text\":\"Grüße · 你好 · مرحبا · Ελληνικά · e\u0301 · 🚀🧪 · \\u0000-escaped\"}";
    expect(textId, "non-ASCII text (Latin-1, CJK, RTL, combining mark, emoji)", nonAscii, Map.of());
    requireOk(send(nonAscii, Map.of()));

    String binId = nextId();
    byte[] bytes = new byte[4096];
    new Random(8).nextBytes(bytes);
    String b64 = Base64.getEncoder().encodeToString(bytes);
    Map<String, Object> binAttrs = new LinkedHashMap<>();
    binAttrs.put("campaign-id", binId);
    binAttrs.put("payload-bytes", bytes);
    expect(
        binId,
        "binary payload as base64 body, raw bytes in a Binary attribute",
        b64,
        Map.of("campaign-id", binId, "payload-bytes", b64));
    requireOk(send(b64, binAttrs));

    String badJsonId = nextId();
    String badJson = "{\"id\": \"" + badJsonId + "\", \"type\": broken";
    expect(badJsonId, "invalid JSON where events are JSON", badJson, Map.of());
    requireOk(send(badJson, Map.of()));

    String attrId = nextId();
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("campaign-id", attrId);
    attrs.put("x-Trace_ID.v2", "trace-1");
    attrs.put("n" + "a".repeat(255), "a 256-character name");
    attrs.put("count", new Num("Number", "42"));
    attrs.put("ratio", new Num("Number.float", "-3.14159"));
    attrs.put("huge", new Num("Number", "12345678901234567890123456789012345678"));
    attrs.put("uuid", new Num("String.uuid", "3f2c1a8e-0000-4000-8000-000000000001"));
    attrs.put("gif", "GIF89a".getBytes(StandardCharsets.US_ASCII));
    String attrBody = "{\"id\":\"" + attrId + "\",\"type\":\"attributes\"}";
    SqsJsonClient.Reply attrReply = send(attrBody, attrs);
    if (attrReply.ok()) {
      expect(
          attrId,
          "attributes of every type (String, Number, Binary, String.uuid, Number.float, a"
              + " 38-digit Number) and unusual names (dots, dashes, underscore, 256 characters)",
          attrBody,
          Map.of(
              "x-Trace_ID.v2",
              "trace-1",
              "count",
              "42",
              "ratio",
              "-3.14159",
              "huge",
              "12345678901234567890123456789012345678",
              "uuid",
              "3f2c1a8e-0000-4000-8000-000000000001",
              "gif",
              Base64.getEncoder().encodeToString("GIF89a".getBytes(StandardCharsets.US_ASCII))));
    } else {
      out.add(
          Outcome.check(
              AREA,
              "attributes of every type and unusual names",
              "delivered as headers",
              "SQS refused the message: " + attrReply.status() + " " + attrReply.body(),
              false));
    }

    for (String name :
        List.of(
            "AWS.reserved",
            "bad..dots",
            ".leading",
            "with space",
            "Ünïcödé",
            "n" + "a".repeat(256))) {
      Map<String, Object> bad = new LinkedHashMap<>();
      String id = nextId();
      bad.put(name, "v");
      String shown =
          "attribute name '"
              + (name.length() > 40
                  ? name.substring(0, 8) + "... (" + name.length() + " characters)"
                  : name)
              + "'";
      String badBody = "{\"id\":\"" + id + "\"}";
      SqsJsonClient.Reply r = send(badBody, bad);
      if (r.ok()) {
        // ElasticMQ does not check attribute names (SQS does); what it accepts must still arrive.
        expect(id, shown + ": SQS refuses it; ElasticMQ accepted it", badBody, Map.of(name, "v"));
      } else {
        out.add(refused(shown, r, "SQS refuses the name"));
      }
    }
    out.add(
        refused(
            "lone surrogate (not encodable as UTF-8) in the body",
            sendRaw("{\"id\":\"" + nextId() + "\",\"x\":\"\\ud800\"}"),
            "SQS refuses the invalid characters"));

    pipeline.awaitIdle(Duration.ofMinutes(3));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      out.add(delivered(c.getKey(), c.getValue()));
    }
    out.add(stillQueryable(badJsonId));
    return out;
  }

  /**
   * A body just under SQS's own 1 MiB ceiling, on a queue that allows it (SQS's maximum since
   * 2025), read by a second source connector so a failure cannot stop the pipeline's own one.
   * Expected: delivered, or kept in SQS with a clear error while the connector keeps running. With
   * the shipped configs the source refuses both sizes (over sqs.max.record.bytes once headers are
   * counted), logs the message id and leaves it for the queue's redrive policy.
   */
  private Outcome nearOneMiB(int bytes) throws Exception {
    String input = "body of " + bytes + " bytes on a queue allowing 1 MiB (SQS's ceiling)";
    String expected = "delivered unchanged, or kept in SQS with a clear error, the task running";
    String queue =
        sqs.ensureQueue(
            "fc-" + run + "-large-" + bytes,
            Map.of("MaximumMessageSize", "1048576", "VisibilityTimeout", "30"));
    String id = nextId();
    String body = padTo("{\"id\":\"" + id + "\",\"pad\":\"", bytes, "\"}");
    ObjectNode req = JSON.createObjectNode();
    req.put("QueueUrl", queue);
    req.put("MessageBody", body);
    SqsJsonClient.Reply sent = sqs.call("SendMessage", req);
    requireOk(sent);
    String messageId = sent.body().path("MessageId").asText();
    Path workerLog = pipeline.local().settings().dataDir().resolve("logs").resolve("connect.log");
    // Only what the worker logs from now on: the log holds every earlier scenario.
    long logFrom = Files.exists(workerLog) ? Files.size(workerLog) : 0;
    String topic = "fc." + run + ".large-" + bytes;
    String source = "fc-source-large";
    String sink = "fc-sink-large";
    Map<String, String> sourceConfig = new LinkedHashMap<>(pipeline.sourceBaseline());
    sourceConfig.remove("name");
    String proxied = "http://127.0.0.1:" + pipeline.sqsProxy().port();
    sourceConfig.put("sqs.queue.urls", proxied + URI.create(queue).getPath());
    sourceConfig.put("kafka.topic", topic);
    Map<String, String> sinkConfig = new LinkedHashMap<>(pipeline.sinkBaseline());
    sinkConfig.remove("name");
    sinkConfig.put("topics", topic);
    pipeline.connect().putConfig(source, sourceConfig, CampaignPipeline.CONNECTOR_TIMEOUT);
    pipeline.connect().putConfig(sink, sinkConfig, CampaignPipeline.CONNECTOR_TIMEOUT);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      String state = "";
      while (System.nanoTime() < deadline) {
        pipeline.local().firehose().flushAll();
        pipeline.delivered().scan();
        if (!pipeline.delivered().copies(id).isEmpty()) {
          JsonNode env = pipeline.delivered().envelope(pipeline.delivered().copies(id).get(0));
          boolean same = Envelope.carries(env, body);
          return Outcome.check(
              AREA, input, expected, same ? "delivered unchanged" : "delivered CHANGED", same);
        }
        String s = pipeline.connectorState(source);
        String k = pipeline.connectorState(sink);
        state = "source " + s + ", sink " + k;
        String refusal = lineMentioning(workerLog, logFrom, messageId, "sqs.max.record.bytes");
        if (refusal != null && "RUNNING".equals(s)) {
          Map<String, String> q = sqs.attributes(queue);
          int held =
              Integer.parseInt(q.get("ApproximateNumberOfMessages"))
                  + Integer.parseInt(q.get("ApproximateNumberOfMessagesNotVisible"));
          return Outcome.check(
              AREA,
              input,
              expected,
              "kept in SQS ("
                  + held
                  + " message in the queue), source RUNNING, worker log: "
                  + abbreviate(refusal.substring(Math.max(0, refusal.indexOf(messageId) - 8)), 260),
              held == 1);
        }
        if (s.startsWith("FAILED") || k.startsWith("FAILED")) {
          state = (s.startsWith("FAILED") ? "source " + rootCause(s) : "sink " + rootCause(k));
          break;
        }
        Thread.sleep(1000);
      }
      Map<String, String> q = sqs.attributes(queue);
      String left =
          q.get("ApproximateNumberOfMessages")
              + " visible and "
              + q.get("ApproximateNumberOfMessagesNotVisible")
              + " in-flight messages";
      return Outcome.check(
          AREA,
          input + " (own source and sink connectors as shipped, own topic)",
          expected,
          "not delivered; " + abbreviate(state, 400) + "; the queue holds " + left,
          false);
    } finally {
      pipeline.connect().delete(source);
      pipeline.connect().delete(sink);
    }
  }

  /** The first line of {@code log} after byte {@code from} holding both fragments, or null. */
  private static String lineMentioning(Path log, long from, String first, String second)
      throws IOException {
    if (!Files.exists(log)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(log)) {
      in.skipNBytes(Math.min(from, Files.size(log)));
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return lines
          .lines()
          .filter(l -> l.contains(first) && l.contains(second))
          .findFirst()
          .orElse(null);
    }
  }

  /** The last "Caused by" of a FAILED task's trace, or its first line. */
  private static String rootCause(String failedState) {
    String[] lines = failedState.replace("\\n", "\n").split("\n");
    String cause = lines[0];
    for (String l : lines) {
      if (l.contains("Caused by:")) {
        cause = l.substring(l.indexOf("Caused by:") + 10).trim();
      }
    }
    return "task FAILED: " + cause;
  }

  private static String abbreviate(String s, int max) {
    String one = s.replace('\n', ' ').replace("\\n", " ").replace("\\t", " ");
    return one.length() > max ? one.substring(0, max) + "..." : one;
  }

  private Outcome delivered(String id, String input) throws IOException {
    List<DeliveredLog.Copy> copies = pipeline.delivered().copies(id);
    if (copies.isEmpty()) {
      return Outcome.check(AREA, input, "delivered unchanged", "NOT DELIVERED", false);
    }
    JsonNode env = pipeline.delivered().envelope(copies.get(0));
    List<String> problems = new ArrayList<>();
    if (!Envelope.carries(env, expectedValue.get(id))) {
      problems.add("value differs");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    env.path("headers")
        .fields()
        .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    expectedHeaders
        .get(id)
        .forEach(
            (k, v) -> {
              if (!v.equals(headers.get(k))) {
                problems.add("header " + k + " = " + headers.get(k) + ", expected " + v);
              }
            });
    return Outcome.check(
        AREA,
        input,
        "delivered unchanged, attributes as headers",
        problems.isEmpty()
            ? "delivered unchanged ("
                + copies.size()
                + " cop"
                + (copies.size() == 1 ? "y" : "ies")
                + ")"
            : String.join("; ", problems),
        problems.isEmpty());
  }

  /** The invalid JSON row is in S3, and DuckDB still reads every row (as Athena would). */
  private Outcome stillQueryable(String badJsonId) {
    try (EventsQuery q = EventsQuery.open(pipeline.local().deliveredDir())) {
      ResultTable total = q.run("SELECT count(*) FROM " + EventsQuery.LINES_VIEW);
      ResultTable bad =
          q.run(
              "SELECT count(*) FROM events WHERE value_text LIKE '%"
                  + badJsonId
                  + "%' AND NOT json_valid(value_text) AND value IS NULL");
      ResultTable events = q.run("SELECT count(*) FROM events");
      String observed =
          "DuckDB read "
              + total.rows().get(0).get(0)
              + " lines; the invalid-JSON body is there as value_text (json_valid false: "
              + bad.rows().get(0).get(0)
              + " row, value null); the events table answers ("
              + events.rows().get(0).get(0)
              + " rows)";
      return Outcome.check(
          AREA,
          "invalid JSON body, read back with SQL",
          "the envelope stays valid JSON with the body in value_text; SQL over the data still works",
          observed,
          "1".equals(bad.rows().get(0).get(0)));
    } catch (Exception e) {
      return Outcome.check(
          AREA,
          "invalid JSON body, read back with SQL",
          "SQL still works",
          "query failed: " + e,
          false);
    }
  }

  private void expect(String id, String input, String value, Map<String, String> headers) {
    cases.put(id, input);
    expectedValue.put(id, value);
    expectedHeaders.put(id, headers);
  }

  private static Outcome refused(String input, SqsJsonClient.Reply r, String expected) {
    String observed =
        r.ok()
            ? "ACCEPTED by the SQS endpoint (" + r.body() + ")"
            : r.status() + " " + r.errorType() + ": " + r.body().path("message").asText();
    return Outcome.check(AREA, input, expected, observed, !r.ok());
  }

  private static void requireOk(SqsJsonClient.Reply r) throws IOException {
    if (!r.ok()) {
      throw new IOException("SendMessage refused: " + r.status() + " " + r.body());
    }
  }

  /** A typed attribute value whose data type is not plain String or Binary. */
  private record Num(String dataType, String value) {}

  private SqsJsonClient.Reply send(String body, Map<String, Object> attributes)
      throws IOException, InterruptedException {
    ObjectNode req = JSON.createObjectNode();
    req.put("QueueUrl", queueUrl);
    req.put("MessageBody", body);
    if (!attributes.isEmpty()) {
      ObjectNode attrs = req.putObject("MessageAttributes");
      attributes.forEach(
          (name, v) -> {
            ObjectNode a = attrs.putObject(name);
            if (v instanceof byte[] b) {
              a.put("DataType", "Binary");
              a.put("BinaryValue", b);
            } else if (v instanceof Num n) {
              a.put("DataType", n.dataType());
              a.put("StringValue", n.value());
            } else {
              a.put("DataType", "String");
              a.put("StringValue", v.toString());
            }
          });
    }
    return sqs.call("SendMessage", req);
  }

  /** SendMessage with a request body written by hand (to carry what Jackson would not write). */
  private SqsJsonClient.Reply sendRaw(String messageBodyJson)
      throws IOException, InterruptedException {
    String request =
        "{\"QueueUrl\":"
            + JSON.writeValueAsString(queueUrl)
            + ",\"MessageBody\":"
            + JSON.writeValueAsString(messageBodyJson).replace("\\\\ud800", "\\ud800")
            + "}";
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(pipeline.local().sqsEndpoint() + "/"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "AmazonSQS.SendMessage")
                    .POST(HttpRequest.BodyPublishers.ofString(request, StandardCharsets.UTF_8))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new SqsJsonClient.Reply(r.statusCode(), body);
  }

  private static String padTo(String head, int bytes, String tail) {
    int fill = bytes - head.getBytes(StandardCharsets.UTF_8).length - tail.length();
    return head + "p".repeat(fill) + tail;
  }
}
