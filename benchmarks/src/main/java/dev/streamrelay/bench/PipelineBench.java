package dev.streamrelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.local.LocalPipeline;
import dev.streamrelay.local.PipelineSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Item 4 on the local pipeline (issue 5's launcher: KRaft broker and distributed Connect worker as
 * child JVMs loading the plugin ZIP, ElasticMQ with H2 persistence, the Firehose endpoint, the
 * ingest endpoint). The delivery stream buffers nothing (interval 0), so each record the sink hands
 * to Firehose becomes an object the moment it arrives; an event's latency is that object's write
 * time minus the moment its POST started.
 */
final class PipelineBench {

  private static final Logger log = LoggerFactory.getLogger(PipelineBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "streamrelay-sqs-source";

  record Settings(
      Path repoRoot,
      Path dataDir,
      Duration ingestWindow,
      int ingestClients,
      int latencyRate,
      Duration latencyWindow,
      long backlogBytes,
      int backlogMessageBytes,
      Duration backlogTimeout) {}

  record Result(
      double ingestEventsPerSec,
      long ingestAccepted,
      double endToEndEventsPerSec,
      int latencyEvents,
      double p50Ms,
      double p99Ms,
      double maxMs,
      long backlogBytes,
      long backlogMessages,
      double fillSeconds,
      double drainSeconds,
      boolean drained,
      long heapMax,
      long peakHeapUsed,
      long peakLive,
      long heapUsedBeforeBacklog,
      List<HeapWatcher.Sample> heap,
      String workerFlags) {}

  private final Settings settings;

  PipelineBench(Settings settings) {
    this.settings = settings;
  }

  Result run() throws Exception {
    PipelineSettings ps =
        PipelineSettings.defaults(settings.repoRoot())
            .withDataDir(settings.dataDir())
            .withWipe(true)
            .withPorts(PipelineSettings.Ports.ANY_FREE)
            .withBufferInterval(Duration.ZERO);
    try (LocalPipeline p = LocalPipeline.start(ps, line -> log.info("pipeline: {}", line))) {
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      // Throughput: clients POST back to back.
      AtomicLong accepted = new AtomicLong();
      long ingestStart = System.nanoTime();
      long ingestStartMillis = System.currentTimeMillis();
      Map<String, Long> postedAt = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(settings.ingestClients());
      List<Future<?>> done = new ArrayList<>();
      long ingestEnd = ingestStart + settings.ingestWindow().toNanos();
      AtomicInteger seq = new AtomicInteger();
      for (int c = 0; c < settings.ingestClients(); c++) {
        done.add(
            clients.submit(
                () -> {
                  while (System.nanoTime() < ingestEnd) {
                    String id = "tput-" + seq.incrementAndGet();
                    if (post(http, p, id) == 200) {
                      accepted.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      clients.shutdown();
      double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
      double ingestRate = accepted.get() / ingestSeconds;
      Instant lastDelivered = awaitDelivered(p, "tput-", accepted.get(), Duration.ofSeconds(120));
      double e2eSeconds = (lastDelivered.toEpochMilli() - ingestStartMillis) / 1e3;
      double e2eRate = accepted.get() / e2eSeconds;
      log.info(
          "Ingest: {} events accepted in {} s ({} events/s); delivered by {} s",
          accepted.get(),
          ingestSeconds,
          ingestRate,
          e2eSeconds);

      // Latency: a steady rate well below the ceiling, each POST timed.
      int count = (int) (settings.latencyRate() * settings.latencyWindow().toSeconds());
      long interval = 1_000_000_000L / settings.latencyRate();
      long t0 = System.nanoTime();
      ExecutorService paced = Executors.newFixedThreadPool(4);
      List<Future<?>> posts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long due = t0 + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        String id = "lat-" + i;
        posts.add(
            paced.submit(
                () -> {
                  postedAt.put(id, System.currentTimeMillis());
                  return post(http, p, id);
                }));
      }
      for (Future<?> f : posts) {
        f.get();
      }
      paced.shutdown();
      awaitDelivered(p, "lat-", count, Duration.ofSeconds(60));
      Map<String, Long> writtenAt = delivered(p, "lat-");
      double[] latencies =
          postedAt.entrySet().stream()
              .filter(e -> writtenAt.containsKey(e.getKey()))
              .mapToDouble(e -> writtenAt.get(e.getKey()) - e.getValue())
              .sorted()
              .toArray();
      log.info(
          "Latency over {} events: p50 {} ms, p99 {} ms",
          latencies.length,
          pct(latencies, 50),
          pct(latencies, 99));

      // Backlog: pause the source, fill the queue, resume and watch the worker's heap.
      Backlog b = backlog(p, http);
      return new Result(
          ingestRate,
          accepted.get(),
          e2eRate,
          latencies.length,
          pct(latencies, 50),
          pct(latencies, 99),
          latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1],
          b.bytes,
          b.messages,
          b.fillSeconds,
          b.drainSeconds,
          b.drained,
          b.heapMax,
          b.heap.stream().mapToLong(HeapWatcher.Sample::heapUsed).max().orElse(0),
          b.heap.stream().mapToLong(HeapWatcher.Sample::live).max().orElse(0),
          b.before,
          b.heap,
          "-Xms256m -Xmx768m -XX:+UseG1GC (local-pipeline's ConnectWorker)");
    }
  }

  private record Backlog(
      long bytes,
      long messages,
      double fillSeconds,
      double drainSeconds,
      boolean drained,
      long heapMax,
      long before,
      List<HeapWatcher.Sample> heap) {}

  private Backlog backlog(LocalPipeline p, HttpClient http) throws Exception {
    rest(http, p, "PUT", "/connectors/" + SOURCE + "/pause");
    Thread.sleep(3000);
    int size = settings.backlogMessageBytes();
    long messages = settings.backlogBytes() / size;
    String body = SqsSourceBench.body(size);
    long fillStart = System.nanoTime();
    try (SqsClient sqs = InJvmCluster.sqsClient(p.sqsEndpoint(), 8)) {
      ExecutorService senders = Executors.newFixedThreadPool(8);
      AtomicLong next = new AtomicLong();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            senders.submit(
                () -> {
                  while (next.getAndIncrement() < messages) {
                    sqs.sendMessage(r -> r.queueUrl(p.queueUrl()).messageBody(body));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      senders.shutdown();
      double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
      log.info("Backlog of {} messages of {} B queued in {} s", messages, size, fillSeconds);
      long firehoseBytesBefore = p.firehose().counters().bytes();
      try (HeapWatcher heap = new HeapWatcher(p.worker().process().pid())) {
        System.gc();
        heap.start(200);
        Thread.sleep(1000);
        long before = heap.stop().stream().mapToLong(HeapWatcher.Sample::heapUsed).max().orElse(0);
        heap.start(200);
        long drainStart = System.nanoTime();
        rest(http, p, "PUT", "/connectors/" + SOURCE + "/resume");
        long deadline = drainStart + settings.backlogTimeout().toNanos();
        boolean drained = false;
        long expected = messages * (long) size;
        while (System.nanoTime() < deadline) {
          Thread.sleep(500);
          if (queued(sqs, p.queueUrl()) == 0
              && p.firehose().counters().bytes() - firehoseBytesBefore >= expected) {
            drained = true;
            break;
          }
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        List<HeapWatcher.Sample> samples = heap.stop();
        log.info("Backlog drained={} in {} s", drained, drainSeconds);
        return new Backlog(
            messages * (long) size,
            messages,
            fillSeconds,
            drainSeconds,
            drained,
            heap.maxHeap(),
            before,
            samples);
      }
    }
  }

  private static long queued(SqsClient sqs, String url) {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return a.values().stream().mapToLong(Long::parseLong).sum();
  }

  private int post(HttpClient http, LocalPipeline p, String id) throws Exception {
    String event =
        "{\"id\":\""
            + id
            + "\",\"type\":\"bench\",\"ts\":\""
            + Instant.now()
            + "\",\"payload\":{\"note\":\"benchmark event\",\"n\":1}}";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(p.ingestUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("x-api-key", p.settings().apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  private static void rest(HttpClient http, LocalPipeline p, String method, String path)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(p.connectUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
  }

  /** Waits until {@code count} events with ids starting {@code prefix} were delivered. */
  private Instant awaitDelivered(LocalPipeline p, String prefix, long count, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, Long> got = delivered(p, prefix);
      if (got.size() >= count) {
        return Instant.ofEpochMilli(
            got.values().stream().mapToLong(Long::longValue).max().orElse(0));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + got.size() + " of " + count + " " + prefix + " events were delivered");
      }
      Thread.sleep(500);
    }
  }

  /** Event id to the write time (ms) of the first object holding it. */
  private static Map<String, Long> delivered(LocalPipeline p, String prefix) throws IOException {
    Map<String, Long> out = new HashMap<>();
    Path dir = p.deliveredDir();
    if (!Files.exists(dir)) {
      return out;
    }
    List<Path> objects;
    try (Stream<Path> s = Files.walk(dir)) {
      objects = s.filter(f -> f.toString().endsWith(".gz")).toList();
    }
    for (Path o : objects) {
      long written = Files.getLastModifiedTime(o).toMillis();
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(o)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.contains(prefix)) {
            continue;
          }
          JsonNode value = JSON.readTree(line).path("value");
          JsonNode event = value.isTextual() ? JSON.readTree(value.asText()) : value;
          String id = event.path("id").asText("");
          if (id.startsWith(prefix)) {
            out.merge(id, written, Math::min);
          }
        }
      }
    }
    return out;
  }

  static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
