package dev.streamrelay.bench;

import dev.streamrelay.firehose.endpoint.Counters;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * Item 2 and the sink half of item 5: Kafka records per second from a preloaded topic into the
 * Firehose-compatible endpoint, for our sink (aggregation on and off) and a raw-SDK PutRecordBatch
 * loop with the same concurrency, directly or through a {@link DelayProxy}. The endpoint counts
 * what it accepted: data bytes, PutRecordBatch calls and billed 5 KB units.
 */
final class FirehoseSinkBench implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FirehoseSinkBench.class);
  static final double GIB = 1L << 30;

  /** One measured case; {@code records} are Kafka records (lines) accepted in the window. */
  record Result(
      String impl,
      int latencyMs,
      int size,
      boolean aggregation,
      int tasks,
      double recordsPerSec,
      double mbPerSec,
      double callsPerGib,
      double billedUnitsPerGib,
      long records,
      double seconds,
      CpuProfile.Usage cpu) {

    /** The busiest thread groups, or empty when the case was not profiled. */
    String profile() {
      return cpu == null ? "" : cpu.busiest(6);
    }

    /** CPU microseconds of {@code role} per Kafka record accepted in the window. */
    double cpuMicrosPerRecord(CpuProfile.Role role) {
      return cpu == null ? Double.NaN : cpu.micros(role, records);
    }
  }

  record Settings(long preloadBytes, int maxPreloadRecords, Duration warmup, Duration window) {}

  private final InJvmCluster cluster;
  private final Settings settings;
  private final Path dataDir;
  private final Map<Integer, DelayProxy> proxies = new HashMap<>();
  private final Map<Integer, Long> topics = new HashMap<>();
  private final Set<String> createdTopics = new HashSet<>();
  private final AtomicInteger cases = new AtomicInteger();

  FirehoseSinkBench(InJvmCluster cluster, Settings settings, Path dataDir) {
    this.cluster = cluster;
    this.settings = settings;
    this.dataDir = dataDir;
  }

  private String endpoint(int latencyMs) throws IOException {
    String direct = cluster.firehose.uri().toString();
    if (latencyMs == 0) {
      return direct;
    }
    DelayProxy p = proxies.get(latencyMs);
    if (p == null) {
      p = DelayProxy.start(cluster.firehose.uri().getPort(), latencyMs, 256);
      proxies.put(latencyMs, p);
    }
    return p.url();
  }

  private String stream() {
    String name = "bench-" + cases.incrementAndGet();
    cluster.firehose.create(
        StreamSpec.of(name)
            .withBucket("bench", name + "/", name + "-errors/")
            .withBuffering(16L << 20, Duration.ofSeconds(2)));
    return name;
  }

  Result ours(int latencyMs, int size, boolean aggregation, int tasks) throws Exception {
    return ours(latencyMs, size, aggregation, tasks, Map.of());
  }

  /** Our sink with {@code overrides} on top of its defaults (for tuning sweeps). */
  Result ours(
      int latencyMs, int size, boolean aggregation, int tasks, Map<String, String> overrides)
      throws Exception {
    String topic = topic(size);
    long preloaded = topics.get(size);
    String stream = stream();
    String name = "sink-" + stream;
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", "dev.streamrelay.connect.firehose.FirehoseSinkConnector");
    c.put("tasks.max", Integer.toString(tasks));
    c.put("topics", topic);
    c.put("firehose.delivery.stream", stream);
    c.put("aws.endpoint.url", endpoint(latencyMs));
    c.put("aws.region", "us-east-1");
    c.put("aws.access.key.id", "bench");
    c.put("aws.secret.access.key", "bench");
    c.put("firehose.aggregation.enabled", Boolean.toString(aggregation));
    c.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    c.putAll(overrides);
    Counters counters = cluster.firehose.counters();
    counters.reset();
    cluster.startConnector(name, c);
    try {
      CpuProfile.Probe probe = new CpuProfile.Probe(() -> probe(counters, size));
      Measure.Window w =
          Measure.window(
              probe,
              settings.warmup(),
              settings.window(),
              preloaded * 7 / 10,
              Duration.ofSeconds(60));
      return result("ours", latencyMs, size, aggregation, tasks, w, probe.usage(w));
    } finally {
      cluster.deleteConnector(name);
      clean(stream);
    }
  }

  Result raw(int latencyMs, int size, boolean aggregation, int concurrency) throws Exception {
    String stream = stream();
    Counters counters = cluster.firehose.counters();
    counters.reset();
    try (FirehoseClient client =
            FirehoseClient.builder()
                .endpointOverride(URI.create(endpoint(latencyMs)))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(InJvmCluster.CREDENTIALS))
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(concurrency + 2))
                .build();
        RawFirehoseLoop loop =
            new RawFirehoseLoop(client, stream, size + 1, aggregation, concurrency).start()) {
      CpuProfile.Probe probe =
          new CpuProfile.Probe(
              () -> {
                if (loop.failure() != null) {
                  throw new IllegalStateException("raw Firehose loop failed", loop.failure());
                }
                return probe(counters, size);
              });
      Measure.Window w =
          Measure.window(
              probe, settings.warmup(), settings.window(), Long.MAX_VALUE, Duration.ofSeconds(30));
      return result("raw SDK", latencyMs, size, aggregation, concurrency, w, probe.usage(w));
    } finally {
      clean(stream);
    }
  }

  /** A plain consumer reading the same preloaded topic: Kafka's share of the ceiling. */
  Result consumer(int size) throws Exception {
    String topic = topic(size);
    long preloaded = topics.get(size);
    try (ConsumerLoop loop = new ConsumerLoop(cluster.bootstrap(), topic).start()) {
      Measure.Window w =
          Measure.window(
              () -> {
                if (loop.failure() != null) {
                  throw new IllegalStateException("consumer loop failed", loop.failure());
                }
                return new long[] {loop.records.sum(), 0, 0, 0};
              },
              // A plain consumer can read the whole preload within the others' warm-up.
              Duration.ofMillis(100),
              settings.window(),
              preloaded * 7 / 10,
              Duration.ofSeconds(30));
      return result("Kafka consumer only", 0, size, false, 1, w, null);
    }
  }

  /** Lines accepted, PutRecordBatch calls, billed units, data bytes. */
  private static long[] probe(Counters counters, int size) {
    return new long[] {
      counters.bytes() / (size + 1),
      counters.putRecordBatchCalls(),
      counters.billedUnits(),
      counters.bytes()
    };
  }

  private Result result(
      String impl,
      int latencyMs,
      int size,
      boolean aggregation,
      int tasks,
      Measure.Window w,
      CpuProfile.Usage cpu) {
    double payloadGib = w.delta(0) * (double) size / GIB;
    Result r =
        new Result(
            impl,
            latencyMs,
            size,
            aggregation,
            tasks,
            w.rate(),
            w.rate() * size / 1e6,
            w.delta(1) / payloadGib,
            w.delta(2) / payloadGib,
            w.delta(0),
            w.seconds(),
            cpu);
    log.info("Firehose sink {}", r);
    return r;
  }

  /** The preloaded topic of {@code size}-byte records (4 partitions), produced on first use. */
  private String topic(int size) {
    String topic = "sink-input-" + size;
    if (topics.containsKey(size)) {
      return topic;
    }
    cluster.createTopic(topic, 4);
    createdTopics.add(topic);
    long count = Math.min(settings.maxPreloadRecords(), settings.preloadBytes() / size);
    byte[] value = SqsSourceBench.body(size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    long t0 = System.nanoTime();
    java.util.concurrent.atomic.AtomicReference<Exception> failed =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < count && failed.get() == null; i++) {
        producer.send(
            new ProducerRecord<>(topic, (int) (i % 4), null, value),
            (metadata, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("Preloading " + topic + " failed", failed.get());
    }
    long written = cluster.endOffsets(topic);
    if (written != count) {
      throw new IllegalStateException(
          "Preloading " + topic + " wrote " + written + " of " + count + " records");
    }
    log.info(
        "Preloaded {} records of {} B into {} in {} ms",
        count,
        size,
        topic,
        (System.nanoTime() - t0) / 1_000_000);
    topics.put(size, count);
    return topic;
  }

  /** Delivers the stream's buffer and deletes its objects: the bytes were counted on arrival. */
  private void clean(String stream) throws IOException, InterruptedException {
    // Requests still in the delay proxy or in flight land first; then the buffers are written.
    Thread.sleep(500);
    cluster.firehose.flushAll();
    for (String prefix : new String[] {stream, stream + "-errors"}) {
      Path dir = dataDir.resolve("bench").resolve(prefix);
      for (int attempt = 0; Files.exists(dir); attempt++) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          // An object was written meanwhile (the endpoint delivers on a timer): go again.
          if (attempt >= 5) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
    }
  }

  @Override
  public void close() {
    proxies.values().forEach(DelayProxy::close);
    createdTopics.forEach(cluster::deleteTopic);
  }
}
