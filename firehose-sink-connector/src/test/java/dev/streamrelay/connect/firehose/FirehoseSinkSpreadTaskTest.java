package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.streamrelay.connect.firehose.delivery.ScriptedClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One topic spread over two delivery streams: where records go, and what is committed. */
class FirehoseSinkSpreadTaskTest {

  static final int PARTITIONS = 4;
  static final Map<TopicPartition, OffsetAndMetadata> CURRENT = new HashMap<>();

  static {
    for (int p = 0; p < PARTITIONS; p++) {
      CURRENT.put(new TopicPartition("orders", p), new OffsetAndMetadata(1000));
    }
  }

  private final Map<String, List<String>> received = new ConcurrentHashMap<>();
  private FirehoseSinkTask task;

  @AfterEach
  void stop() {
    if (task != null) {
      task.stop();
    }
  }

  private void start(ScriptedClient client, String... extra) {
    Map<String, String> p = new HashMap<>();
    p.put("name", "spread");
    p.put("task.id", "0");
    p.put(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG, "orders:orders-a|orders-b");
    p.put(FirehoseSinkConfig.LINGER_MS_CONFIG, "0");
    p.put(FirehoseSinkConfig.METRICS_LOG_INTERVAL_CONFIG, "0");
    p.put(FirehoseSinkConfig.RETRY_MAX_TIME_MS_CONFIG, "300");
    p.put(FirehoseSinkConfig.BACKOFF_INITIAL_MS_CONFIG, "5");
    p.put(FirehoseSinkConfig.BACKOFF_MAX_MS_CONFIG, "20");
    for (int i = 0; i < extra.length; i += 2) {
      p.put(extra[i], extra[i + 1]);
    }
    task = new FirehoseSinkTask(client);
    task.initialize(mock(SinkTaskContext.class));
    task.start(p);
  }

  /** Remembers each stream's lines (one per Kafka record), then answers with {@code answer}. */
  private ScriptedClient recording(ScriptedClient.Script answer) {
    return new ScriptedClient(
        (call, stream, records) -> {
          List<String> lines = received.computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>());
          records.forEach(r -> Collections.addAll(lines, r.split("\n")));
          return answer.answer(call, stream, records);
        });
  }

  /**
   * Offsets {@code from} to {@code to} of every partition, interleaved as a consumer hands them.
   */
  private static List<SinkRecord> records(long from, long to) {
    List<SinkRecord> out = new ArrayList<>();
    for (long o = from; o < to; o++) {
      for (int p = 0; p < PARTITIONS; p++) {
        out.add(new SinkRecord("orders", p, null, null, null, "p" + p + "-" + o, o));
      }
    }
    return out;
  }

  private Map<Integer, Long> committed() {
    Map<Integer, Long> out = new HashMap<>();
    task.preCommit(CURRENT).forEach((tp, o) -> out.put(tp.partition(), o.offset()));
    return out;
  }

  @Test
  void eachPartitionGoesWholeToOneStreamAndEveryRecordOnce() {
    start(recording((call, stream, records) -> ScriptedClient.nulls(records.size())));
    task.put(records(0, 5));
    task.put(records(5, 10));
    task.flush(CURRENT);

    assertThat(received).containsOnlyKeys("orders-a", "orders-b");
    for (int p = 0; p < PARTITIONS; p++) {
      String stream = p % 2 == 0 ? "orders-a" : "orders-b";
      String prefix = "p" + p + "-";
      List<String> expected = new ArrayList<>();
      for (int o = 0; o < 10; o++) {
        expected.add(prefix + o);
      }
      assertThat(received.get(stream).stream().filter(l -> l.startsWith(prefix)))
          .as("partition %d in %s, each record once", p, stream)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(received.get("orders-a")).noneMatch(l -> l.startsWith("p1-") || l.startsWith("p3-"));
    assertThat(received.get("orders-b")).noneMatch(l -> l.startsWith("p0-") || l.startsWith("p2-"));
    assertThat(committed())
        .containsExactlyInAnyOrderEntriesOf(Map.of(0, 10L, 1, 10L, 2, 10L, 3, 10L));
  }

  @Test
  void aPartitionIsNotCommittedUntilItsStreamAcknowledgedWhateverTheOtherStreamDid()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    start(
        recording(
            (call, stream, records) -> {
              if (stream.equals("orders-b")) {
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return ScriptedClient.nulls(records.size());
            }),
        // Nothing leaves before the commit: then one call per stream, both in flight at once.
        FirehoseSinkConfig.LINGER_MS_CONFIG,
        "60000");
    task.put(records(0, 5));

    // orders-a accepted partitions 0 and 2; orders-b holds partitions 1 and 3 in flight.
    Map<Integer, Long> held = committed();
    assertThat(held).containsEntry(0, 5L).containsEntry(2, 5L);
    assertThat(held).containsEntry(1, 0L).containsEntry(3, 0L);

    release.countDown();
    task.flush(CURRENT);
    assertThat(committed()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 5L, 1, 5L, 2, 5L, 3, 5L));
  }
}
