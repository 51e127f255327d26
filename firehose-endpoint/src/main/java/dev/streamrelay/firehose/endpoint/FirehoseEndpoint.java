package dev.streamrelay.firehose.endpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Firehose-compatible HTTP endpoint: point an AWS SDK {@code FirehoseClient} at {@link #uri()}
 * with an endpoint override and any credentials. It answers the JSON 1.1 protocol ({@code
 * X-Amz-Target: Firehose_20150804.<Operation>}), enforces Firehose's per-call limits with
 * Firehose's error codes, and delivers accepted records into {@code <dataDir>/<bucket>/...} the way
 * Firehose delivers to S3. Faults and counters are for tests; {@code /_admin/*} exposes both over
 * HTTP for a running process.
 */
public final class FirehoseEndpoint implements AutoCloseable {

  private static final System.Logger log = System.getLogger(FirehoseEndpoint.class.getName());
  private static final String TARGET_PREFIX = "Firehose_20150804.";
  private static final String JSON_11 = "application/x-amz-json-1.1";

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, DeliveryStream> streams = new TreeMap<>();
  private final Counters counters = new Counters();
  private final Faults faults;
  private final ObjectWriter writer;
  private final String region;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService ticker;
  private final FirehoseApi api;

  private FirehoseEndpoint(InetSocketAddress address, Path dataDir, String region, long seed)
      throws IOException {
    this.faults = new Faults(seed);
    this.writer = new ObjectWriter(dataDir);
    this.region = region;
    this.api = new FirehoseApi(this, json);
    this.server = HttpServer.create(address, 64);
    this.handlers = Executors.newFixedThreadPool(16, daemon("firehose-endpoint-http"));
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("firehose-endpoint-buffers"));
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.createContext("/_admin/", new AdminHandler(this, json));
  }

  /** Starts an endpoint on 127.0.0.1 at a free port, writing into {@code dataDir}. */
  public static FirehoseEndpoint start(Path dataDir) throws IOException {
    return start(new InetSocketAddress("127.0.0.1", 0), dataDir, "us-east-1", 42L);
  }

  /**
   * Starts an endpoint.
   *
   * @param address where to listen (port 0 picks a free one)
   * @param dataDir the S3-style root folder; each bucket is a folder in it
   * @param region the Region named in stream ARNs
   * @param seed seed of the fault generator
   */
  public static FirehoseEndpoint start(
      InetSocketAddress address, Path dataDir, String region, long seed) throws IOException {
    FirehoseEndpoint endpoint = new FirehoseEndpoint(address, dataDir, region, seed);
    endpoint.server.start();
    endpoint.ticker.scheduleWithFixedDelay(endpoint::deliverDue, 100, 100, TimeUnit.MILLISECONDS);
    log.log(Level.INFO, "Firehose endpoint listening on {0}, data in {1}", endpoint.uri(), dataDir);
    return endpoint;
  }

  /** The endpoint URL for the SDK's endpoint override. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  public Path dataDir() {
    return writer.root();
  }

  public Faults faults() {
    return faults;
  }

  public Counters counters() {
    return counters;
  }

  /** Creates a delivery stream, as CreateDeliveryStream would; it is ACTIVE at once. */
  public void create(StreamSpec spec) {
    createStream(spec);
  }

  /** Delivers every buffer now, whatever its size and age (waits until the objects exist). */
  public void flushAll() throws IOException {
    for (DeliveryStream s : snapshotStreams()) {
      s.deliverAll();
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
    ticker.shutdownNow();
    handlers.shutdownNow();
    flushAll();
  }

  synchronized DeliveryStream createStream(StreamSpec spec) {
    if (streams.containsKey(spec.name())) {
      throw FirehoseException.inUse(
          "Firehose "
              + spec.name()
              + " under accountId "
              + DeliveryStream.ACCOUNT
              + " already exists");
    }
    DeliveryStream stream = new DeliveryStream(spec, region, Instant.now(), writer, counters, json);
    streams.put(spec.name(), stream);
    log.log(Level.INFO, "Created delivery stream {0}", spec);
    return stream;
  }

  synchronized DeliveryStream stream(String name) {
    DeliveryStream s = streams.get(name);
    if (s == null) {
      throw FirehoseException.notFound(name);
    }
    return s;
  }

  synchronized List<String> streamNames() {
    return new ArrayList<>(streams.keySet());
  }

  void deleteStream(String name) throws IOException {
    DeliveryStream removed;
    synchronized (this) {
      removed = streams.remove(name);
    }
    if (removed == null) {
      throw FirehoseException.notFound(name);
    }
    removed.deliverAll();
  }

  private synchronized List<DeliveryStream> snapshotStreams() {
    return new ArrayList<>(streams.values());
  }

  private void deliverDue() {
    Instant now = Instant.now();
    for (DeliveryStream s : snapshotStreams()) {
      try {
        s.deliverIfDue(now);
      } catch (IOException | RuntimeException e) {
        log.log(Level.ERROR, "Delivering buffer of stream " + s.spec().name() + " failed", e);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (!"POST".equals(exchange.getRequestMethod())
          || target == null
          || !target.startsWith(TARGET_PREFIX)) {
        send(
            exchange,
            requestId,
            error(new FirehoseException("UnknownOperationException", 400, "Missing X-Amz-Target")));
        return;
      }
      String operation = target.substring(TARGET_PREFIX.length());
      counters.call(operation);
      Response response;
      try {
        faults.delay();
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
          request = json.readTree(in);
        } catch (JacksonException e) {
          throw new FirehoseException(
              "SerializationException", 400, "Body is not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
          throw new FirehoseException("SerializationException", 400, "Body is not a JSON object");
        }
        response = new Response(200, api.call(operation, request));
      } catch (FirehoseException e) {
        count(e);
        response = error(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        response = error(FirehoseException.internalFailure());
      } catch (IOException | UncheckedIOException e) {
        log.log(Level.ERROR, "Request " + requestId + " (" + operation + ") failed", e);
        response = error(new FirehoseException("InternalFailure", 500, "Endpoint error: " + e));
      }
      send(exchange, requestId, response);
    }
  }

  private void count(FirehoseException e) {
    switch (e.code()) {
      case "ServiceUnavailableException" -> counters.throttled();
      case "InternalFailure" -> counters.serverError();
      default -> counters.rejected();
    }
  }

  private record Response(int status, ObjectNode body) {}

  private Response error(FirehoseException e) {
    ObjectNode body = json.createObjectNode();
    body.put("__type", e.code());
    body.put("message", e.getMessage());
    return new Response(e.status(), body);
  }

  private void send(HttpExchange exchange, String requestId, Response response) throws IOException {
    byte[] bytes = json.writeValueAsBytes(response.body());
    exchange.getResponseHeaders().set("Content-Type", JSON_11);
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
    exchange.sendResponseHeaders(response.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
