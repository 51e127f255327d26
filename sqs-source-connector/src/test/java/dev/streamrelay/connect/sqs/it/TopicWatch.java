package dev.streamrelay.connect.sqs.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads a topic of {@code <group>:<seq>} values on its own thread while a test changes the
 * connector, noting when each record arrived.
 */
final class TopicWatch implements AutoCloseable {

  /** One record as read: its SQS receive count and the reader's clock when it arrived. */
  record Arrival(String group, int seq, int receiveCount, long atNanos) {}

  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  TopicWatch(SqsSourceHarness harness, String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "watch-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<byte[], byte[]> consumer =
        harness.connect.kafka().createConsumerAndSubscribeTo(props, topic);
    reader =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
                  consumer
                      .poll(java.time.Duration.ofMillis(100))
                      .forEach(
                          r -> {
                            String[] parts =
                                new String(r.value(), StandardCharsets.UTF_8).split(":");
                            var count = r.headers().lastHeader("sqs.approximate.receive.count");
                            arrivals.add(
                                new Arrival(
                                    parts[0],
                                    Integer.parseInt(parts[1]),
                                    count == null
                                        ? -1
                                        : Integer.parseInt(
                                            new String(count.value(), StandardCharsets.UTF_8)),
                                    System.nanoTime()));
                          });
                }
              }
            },
            "topic-watch-" + topic);
    reader.start();
  }

  int size() {
    return arrivals.size();
  }

  long distinct() {
    return arrivals.stream().map(a -> a.group() + ":" + a.seq()).distinct().count();
  }

  /** Each group's sequence numbers in the order they were read (one partition: offset order). */
  Map<String, List<Integer>> sequencesByGroup() {
    Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
    for (Arrival a : arrivals) {
      byGroup.computeIfAbsent(a.group(), g -> new ArrayList<>()).add(a.seq());
    }
    return byGroup;
  }

  /** The highest SQS receive count of any record read (-1 when none carried one). */
  int maxReceiveCount() {
    return arrivals.stream().mapToInt(Arrival::receiveCount).max().orElse(-1);
  }

  /** For each group with a record read after {@code nanos}: milliseconds until the first one. */
  Map<String, Long> firstArrivalAfter(long nanos) {
    Map<String, Long> first = new LinkedHashMap<>();
    for (Arrival a : arrivals) {
      if (a.atNanos() > nanos) {
        first.putIfAbsent(a.group(), (a.atNanos() - nanos) / 1_000_000);
      }
    }
    return first;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(10_000);
  }
}
