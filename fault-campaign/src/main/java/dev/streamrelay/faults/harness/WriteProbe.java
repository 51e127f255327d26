package dev.streamrelay.faults.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures write stalls while brokers restart: one producer configured as Kafka Connect configures
 * a source task's ({@code acks=all}, idempotent, one request in flight, retries without end) writes
 * one small record every 50 ms, waiting for each acknowledgement, to a topic replicated as the
 * pipeline's topic is. The longest wait is the longest time a source task could not get a record
 * acknowledged.
 */
public final class WriteProbe implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteProbe.class);
  private static final String TOPIC = "campaign.write-probe";

  private final KafkaProducer<byte[], byte[]> producer;
  private final Thread thread;
  private final List<Long> latenciesNanos = new ArrayList<>();
  private volatile boolean running = true;
  private volatile String error;

  private WriteProbe(KafkaProducer<byte[], byte[]> producer) {
    this.producer = producer;
    this.thread = new Thread(this::loop, "write-probe");
    this.thread.setDaemon(true);
  }

  /** Creates the probe topic if needed and starts writing. */
  public static WriteProbe start(String bootstrap, Admin admin, int replication, int minIsr)
      throws Exception {
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(TOPIC, 3, (short) replication)
                      .configs(Map.of("min.insync.replicas", Integer.toString(minIsr)))))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                "1",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Integer.toString(Integer.MAX_VALUE),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                "30000",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName()));
    WriteProbe probe = new WriteProbe(p);
    probe.thread.start();
    return probe;
  }

  private void loop() {
    byte[] value = new byte[64];
    while (running) {
      long t0 = System.nanoTime();
      try {
        producer.send(new ProducerRecord<>(TOPIC, null, value)).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        error = e.toString();
        log.warn("Write probe: a write failed: {}", e.toString());
      }
      synchronized (latenciesNanos) {
        latenciesNanos.add(System.nanoTime() - t0);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops writing and returns one line for the report. */
  public String stopAndSummarize() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(60));
    List<Long> l;
    synchronized (latenciesNanos) {
      l = new ArrayList<>(latenciesNanos);
    }
    if (l.isEmpty()) {
      return "write probe: no write finished";
    }
    List<Long> sorted = new ArrayList<>(l);
    sorted.sort(null);
    long over1s = l.stream().filter(n -> n > Duration.ofSeconds(1).toNanos()).count();
    return String.format(
        Locale.ROOT,
        "write probe (acks=all, idempotent, one write every 50 ms): %d writes, latency p50 %d ms,"
            + " p99 %d ms, longest write stall %d ms, %d writes over 1 s%s",
        l.size(),
        sorted.get(sorted.size() / 2) / 1_000_000,
        sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.99))) / 1_000_000,
        sorted.get(sorted.size() - 1) / 1_000_000,
        over1s,
        error == null ? "" : "; a write failed: " + error);
  }

  @Override
  public void close() {
    running = false;
    producer.close(Duration.ofSeconds(10));
  }
}
