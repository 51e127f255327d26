package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.streamrelay.connect.firehose.delivery.ScriptedClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class FirehoseSinkTaskTest {

  static final TopicPartition TP = new TopicPartition("orders", 0);
  static final Map<TopicPartition, OffsetAndMetadata> CURRENT =
      Map.of(TP, new OffsetAndMetadata(1000));

  private final SinkTaskContext context = mock(SinkTaskContext.class);
  private final ErrantRecordReporter reporter = mock(ErrantRecordReporter.class);
  private FirehoseSinkTask task;

  private static Map<String, String> props(String... extra) {
    Map<String, String> p = new HashMap<>();
    p.put("name", "unit");
    p.put("task.id", "3");
    p.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "orders-stream");
    p.put(FirehoseSinkConfig.LINGER_MS_CONFIG, "0");
    p.put(FirehoseSinkConfig.METRICS_LOG_INTERVAL_CONFIG, "0");
    p.put(FirehoseSinkConfig.RETRY_MAX_TIME_MS_CONFIG, "2000");
    p.put(FirehoseSinkConfig.BACKOFF_INITIAL_MS_CONFIG, "5");
    p.put(FirehoseSinkConfig.BACKOFF_MAX_MS_CONFIG, "20");
    for (int i = 0; i < extra.length; i += 2) {
      p.put(extra[i], extra[i + 1]);
    }
    return p;
  }

  private FirehoseSinkTask start(ScriptedClient client, boolean withReporter, String... extra) {
    when(context.errantRecordReporter()).thenReturn(withReporter ? reporter : null);
    task = new FirehoseSinkTask(client);
    task.initialize(context);
    task.start(props(extra));
    return task;
  }

  @AfterEach
  void stop() {
    if (task != null) {
      task.stop();
    }
  }

  private static SinkRecord record(String topic, long offset, Object value) {
    return new SinkRecord(topic, 0, null, null, null, value, offset);
  }

  private static List<SinkRecord> records(long from, long to) {
    List<SinkRecord> out = new ArrayList<>();
    for (long o = from; o < to; o++) {
      out.add(record("orders", o, "v" + o));
    }
    return out;
  }

  private long committed() {
    Map<TopicPartition, OffsetAndMetadata> c = task.preCommit(CURRENT);
    return c.containsKey(TP) ? c.get(TP).offset() : -1;
  }

  @Test
  void preCommitNeverGoesPastARecordFirehoseHasNotAccepted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, data) -> {
              if (data.contains("v3\n")) {
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return ScriptedClient.nulls(data.size());
            });
    start(
        client,
        false,
        FirehoseSinkConfig.AGGREGATION_ENABLED_CONFIG,
        "false",
        FirehoseSinkConfig.BATCH_MAX_RECORDS_CONFIG,
        "1",
        FirehoseSinkConfig.MAX_INFLIGHT_CONFIG,
        "8",
        FirehoseSinkConfig.RETRY_MAX_TIME_MS_CONFIG,
        "300");
    task.put(records(0, 6));
    // Records 0-2 are accepted one call at a time; a commit the task requested in between reports
    // only those accepted so far. None may ever go past record 3, which Firehose holds.
    long seen = committed();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (seen < 3 && System.nanoTime() < deadline) {
      assertThat(seen).isLessThanOrEqualTo(3);
      Thread.sleep(10);
      seen = committed();
    }
    assertThat(seen).isEqualTo(3);
    assertThat(committed()).isEqualTo(3);
    release.countDown();
    task.flush(CURRENT);
    assertThat(committed()).isEqualTo(6);
  }

  @Test
  void retriesFailedEntriesAndCommitsOnlyOnceTheyAreAccepted() {
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, data) -> {
              List<String> answer = ScriptedClient.nulls(data.size());
              if (call < 3) {
                answer.set(0, "ServiceUnavailableException");
              }
              return answer;
            });
    start(client, false, FirehoseSinkConfig.AGGREGATION_ENABLED_CONFIG, "false");
    task.put(records(0, 3));
    task.flush(CURRENT);
    assertThat(committed()).isEqualTo(3);
    assertThat(client.calls).hasSize(4);
    assertThat(client.calls.get(1)).containsExactly("v0\n");
  }

  @Test
  void aggregatesRecordsIntoOneFirehoseRecordPerStream() {
    ScriptedClient client = ScriptedClient.acceptingAll();
    start(
        client,
        false,
        FirehoseSinkConfig.TOPIC_STREAMS_CONFIG,
        "clicks:clicks-stream",
        FirehoseSinkConfig.LINGER_MS_CONFIG,
        "60000");
    List<SinkRecord> batch = new ArrayList<>(records(0, 3));
    batch.add(record("clicks", 0, "c0"));
    task.put(batch);
    assertThat(client.calls).isEmpty();
    task.flush(Map.of());
    assertThat(client.calls).containsExactlyInAnyOrder(List.of("v0\nv1\nv2\n"), List.of("c0\n"));
  }

  @Test
  void failsTheTaskWhenDeliveryGivesUpNamingStreamAndCode() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, data) -> {
              List<String> answer = ScriptedClient.nulls(data.size());
              answer.set(0, "InternalFailure");
              return answer;
            });
    start(client, false, FirehoseSinkConfig.RETRY_MAX_TIME_MS_CONFIG, "100");
    task.put(records(0, 2));
    assertThat(committed()).isEqualTo(0);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        task.put(List.of());
        Thread.sleep(20);
      } catch (ConnectException e) {
        assertThat(e).hasMessageContaining("orders-stream").hasMessageContaining("InternalFailure");
        assertThat(committed()).isEqualTo(0);
        return;
      }
    }
    throw new AssertionError("the task never failed");
  }

  @Test
  void nullValuesAreIgnoredWrittenOrRefusedAsConfigured() {
    ScriptedClient ignoring = ScriptedClient.acceptingAll();
    start(ignoring, false);
    task.put(List.of(record("orders", 0, null), record("orders", 1, "x")));
    task.flush(CURRENT);
    assertThat(ignoring.calls).containsExactly(List.of("x\n"));
    assertThat(committed()).isEqualTo(2);
    task.stop();

    ScriptedClient writing = ScriptedClient.acceptingAll();
    start(writing, false, FirehoseSinkConfig.NULL_VALUES_CONFIG, "write");
    task.put(List.of(record("orders", 0, null)));
    task.flush(CURRENT);
    assertThat(writing.calls).containsExactly(List.of("null\n"));
    task.stop();

    start(ScriptedClient.acceptingAll(), false, FirehoseSinkConfig.NULL_VALUES_CONFIG, "fail");
    assertThatThrownBy(() -> task.put(List.of(record("orders", 7, null))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("orders-0@7")
        .hasMessageContaining("errors.tolerance=all");
  }

  @Test
  void oversizedAndUnformattableRecordsGoToTheErrantRecordReporter() {
    ScriptedClient client = ScriptedClient.acceptingAll();
    start(client, true);
    SinkRecord big = record("orders", 1, "x".repeat(1_024_000));
    SinkRecord justFits = record("orders", 2, "x".repeat(1_023_999));
    SinkRecord bad =
        new SinkRecord(
            "orders",
            0,
            null,
            null,
            org.apache.kafka.connect.data.Schema.INT32_SCHEMA,
            List.of(1),
            3);
    task.put(List.of(record("orders", 0, "ok"), big, justFits, bad));
    task.flush(CURRENT);

    ArgumentCaptor<Throwable> reason = ArgumentCaptor.forClass(Throwable.class);
    verify(reporter).report(eq(big), reason.capture());
    assertThat(reason.getValue())
        .isInstanceOf(DataException.class)
        .hasMessageContaining("1024001 bytes after formatting");
    verify(reporter).report(eq(bad), any(DataException.class));
    assertThat(client.calls.stream().flatMap(List::stream).mapToInt(String::length).sum())
        .isEqualTo(3 + 1_024_000);
    assertThat(committed()).isEqualTo(4);
  }

  @Test
  void withoutAReporterAnOversizedRecordFailsTheTaskWithAClearMessage() {
    start(ScriptedClient.acceptingAll(), false);
    assertThatThrownBy(() -> task.put(List.of(record("orders", 9, "x".repeat(1_024_000)))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("orders-0@9")
        .hasMessageContaining("orders-stream")
        .hasMessageContaining("1,000 KiB")
        .hasMessageContaining("errors.deadletterqueue.topic.name");
  }

  @Test
  void aTopicWithoutAStreamFailsTheTask() {
    start(
        ScriptedClient.acceptingAll(),
        false,
        FirehoseSinkConfig.DELIVERY_STREAM_CONFIG,
        "",
        FirehoseSinkConfig.TOPIC_STREAMS_CONFIG,
        "orders:orders-stream");
    assertThatThrownBy(() -> task.put(List.of(record("other", 0, "x"))))
        .hasMessageContaining("'other'");
  }

  @Test
  void lingerSendsAPartlyFilledAggregateWithoutAnotherPut() throws Exception {
    ScriptedClient client = ScriptedClient.acceptingAll();
    start(client, false, FirehoseSinkConfig.LINGER_MS_CONFIG, "50");
    task.put(records(0, 2));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (client.calls.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(client.calls).containsExactly(List.of("v0\nv1\n"));
  }

  @Test
  void stopClosesTheClientAndUnregistersTheMBean() throws Exception {
    ScriptedClient client = ScriptedClient.acceptingAll();
    start(client, false);
    ObjectName name =
        new ObjectName("dev.streamrelay.connect:type=firehose-sink-task,connector=\"unit\",task=3");
    task.put(records(0, 2));
    task.flush(CURRENT);
    assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "DeliveredRecords"))
        .isEqualTo(2L);
    assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "BilledUnits"))
        .isEqualTo(1L);
    task.stop();
    task = null;
    assertThat(client.closed).isTrue();
    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name)).isFalse();
  }

  @Test
  void closeForgetsRevokedPartitions() {
    start(ScriptedClient.acceptingAll(), false);
    task.put(records(0, 2));
    task.flush(CURRENT);
    task.close(List.of(TP));
    assertThat(task.preCommit(CURRENT)).isEmpty();
  }

  @Test
  void acceptedRecordsRequestACommitAtOnce() {
    start(ScriptedClient.acceptingAll(), false);
    task.put(records(0, 3));
    task.flush(CURRENT);
    verify(context, org.mockito.Mockito.atLeastOnce()).requestCommit();
    assertThat(committed()).isEqualTo(3);
  }

  @Test
  void aRequestedCommitReportsAcceptedOffsetsWithoutSendingWhatLingers() {
    ScriptedClient client = ScriptedClient.acceptingAll();
    start(client, false, FirehoseSinkConfig.LINGER_MS_CONFIG, "60000");
    task.put(records(0, 3));
    task.flush(CURRENT);
    int calls = client.calls.size();
    task.put(records(3, 5));
    // The commit the acceptance requested: offsets up to 3, the two new records still linger.
    assertThat(committed()).isEqualTo(3);
    assertThat(client.calls).hasSize(calls);
    // A periodic commit (nothing accepted since) sends them and waits for them.
    assertThat(committed()).isEqualTo(5);
    assertThat(client.calls).hasSize(calls + 1);
  }
}
