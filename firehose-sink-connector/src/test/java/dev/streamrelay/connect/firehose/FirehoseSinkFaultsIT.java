package dev.streamrelay.connect.firehose;

import static dev.streamrelay.connect.firehose.ItSupport.await;
import static dev.streamrelay.connect.firehose.ItSupport.committedOffsets;
import static dev.streamrelay.connect.firehose.ItSupport.connectorProps;
import static dev.streamrelay.connect.firehose.ItSupport.deliveredLines;
import static dev.streamrelay.connect.firehose.ItSupport.parse;
import static dev.streamrelay.connect.firehose.ItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partial failures, throttling, 5xx and a worker restart: nothing is lost, nothing committed early.
 */
class FirehoseSinkFaultsIT {

  @TempDir static Path dataDir;
  static FirehoseEndpoint firehose;
  static EmbeddedConnectCluster connect;
  static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    firehose = FirehoseEndpoint.start(dataDir);
    for (String stream : List.of("faulty", "restart", "flaky")) {
      firehose.create(
          StreamSpec.of(stream)
              .withBucket(stream, "", "")
              .withBuffering(1 << 20, Duration.ofSeconds(1)));
    }
    connect = ItSupport.startCluster("firehose-sink-faults-it");
    admin = connect.kafka().createAdminClient();
  }

  @AfterEach
  void clearFaults() {
    firehose.faults().clear();
  }

  @AfterAll
  static void stop() throws Exception {
    ItSupport.stopAll(admin, connect, firehose);
  }

  @Test
  void everyRecordArrivesAndCommitsNeverPassAnUndeliveredRecord() throws Exception {
    int partitions = 3;
    int chunk = 5_000;
    int total = 4 * chunk;
    connect.kafka().createTopic("faulty", partitions);
    firehose.faults().failedEntryFraction(0.10).throttleFraction(0.20).serverErrorFraction(0.05);
    Map<String, String> props = connectorProps("faulty", firehose.uri().toString());
    props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "faulty");
    props.put(FirehoseSinkConfig.OUTPUT_FORMAT_CONFIG, "envelope");
    props.put(FirehoseSinkConfig.AGGREGATION_MAX_RECORDS_CONFIG, "10");
    props.put(FirehoseSinkConfig.BATCH_MAX_RECORDS_CONFIG, "50");
    props.put(FirehoseSinkConfig.LINGER_MS_CONFIG, "100");
    props.put(FirehoseSinkConfig.BACKOFF_INITIAL_MS_CONFIG, "10");
    props.put(FirehoseSinkConfig.BACKOFF_MAX_MS_CONFIG, "200");
    props.put("aws.retry.max.attempts", "1");
    connect.configureConnector("faulty", props);

    List<String> violations = new ArrayList<>();
    AtomicInteger midStreamSamples = new AtomicInteger();
    for (int c = 0; c < 4; c++) {
      produce(connect, "faulty", partitions, c * chunk, chunk, i -> "{\"id\":" + i + "}");
      for (int s = 0; s < 3; s++) {
        sample("faulty", total, violations, midStreamSamples);
        Thread.sleep(300);
      }
    }
    await(
        "all offsets committed",
        Duration.ofSeconds(120),
        () -> {
          sample("faulty", total, violations, midStreamSamples);
          return committedOffsets(admin, "faulty").values().stream()
                  .mapToLong(Long::longValue)
                  .sum()
              == total;
        });
    firehose.faults().clear();

    Set<String> delivered = deliveredPositions(dataDir.resolve("faulty"));
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < total; i++) {
      expected.add((i % partitions) + "@" + (i / partitions));
    }
    assertThat(delivered).isEqualTo(expected);
    assertThat(violations).isEmpty();
    assertThat(midStreamSamples.get())
        .as("samples taken while delivery was under way")
        .isPositive();
    assertThat(firehose.counters().failedEntries()).isPositive();
    assertThat(firehose.counters().throttledCalls()).isPositive();
    assertThat(firehose.counters().serverErrors()).isPositive();
    connect.deleteConnector("faulty");
  }

  /**
   * Reads the committed offsets, then makes the endpoint write out everything it accepted so far:
   * every record below a committed offset must then be in the delivered objects.
   */
  private void sample(String connector, int total, List<String> violations, AtomicInteger mid) {
    Map<TopicPartition, Long> committed = committedOffsets(admin, connector);
    try {
      firehose.flushAll();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    Set<String> delivered = deliveredPositions(dataDir.resolve(connector));
    long sum = 0;
    for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
      sum += e.getValue();
      for (long o = 0; o < e.getValue(); o++) {
        if (!delivered.contains(e.getKey().partition() + "@" + o)) {
          violations.add("committed " + e + " but offset " + o + " was not delivered");
          break;
        }
      }
    }
    if (sum > 0 && sum < total) {
      mid.incrementAndGet();
    }
  }

  private static Set<String> deliveredPositions(Path root) {
    Set<String> out = new HashSet<>();
    for (String line : deliveredLines(root)) {
      JsonNode n = parse(line);
      long offset = n.get("offset").asLong();
      int partition = n.get("partition").asInt();
      JsonNode value = n.get("value");
      assertThat(value.isObject()).as("JSON body embedded as an object in %s", line).isTrue();
      assertThat(value.get("id").asLong()).as("id of %s", line).isEqualTo(offset * 3 + partition);
      assertThat(n.get("key").asText()).isEqualTo("k" + (offset * 3 + partition));
      out.add(partition + "@" + offset);
    }
    return out;
  }

  @Test
  void aWorkerRestartMidStreamLosesNothing() throws Exception {
    int half = 10_000;
    connect.kafka().createTopic("restart", 2);
    produce(connect, "restart", 2, 0, half, i -> "r-" + i);
    Map<String, String> props = connectorProps("restart", firehose.uri().toString());
    props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "restart");
    props.put(FirehoseSinkConfig.AGGREGATION_MAX_RECORDS_CONFIG, "100");
    props.put(FirehoseSinkConfig.BATCH_MAX_RECORDS_CONFIG, "5");
    props.put(FirehoseSinkConfig.MAX_INFLIGHT_CONFIG, "1");
    firehose.faults().latency(Duration.ofMillis(20));
    connect.configureConnector("restart", props);
    await(
        "some records delivered",
        Duration.ofSeconds(60),
        () ->
            committedOffsets(admin, "restart").values().stream().mapToLong(Long::longValue).sum()
                > 0);

    connect.removeWorker();
    connect.addWorker();
    produce(connect, "restart", 2, half, half, i -> "r-" + i);
    await(
        "all offsets committed after the restart",
        Duration.ofSeconds(120),
        () ->
            committedOffsets(admin, "restart").values().stream().mapToLong(Long::longValue).sum()
                == 2L * half);
    firehose.faults().clear();
    firehose.flushAll();

    List<String> lines = deliveredLines(dataDir.resolve("restart"));
    Map<String, Integer> seen = new HashMap<>();
    lines.forEach(l -> seen.merge(l, 1, Integer::sum));
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 2 * half; i++) {
      expected.add("r-" + i);
    }
    assertThat(seen.keySet()).isEqualTo(expected);
    System.out.printf(
        "Worker restart: %d records, %d lines delivered (%d duplicates)%n",
        2 * half, lines.size(), lines.size() - 2 * half);
    connect.deleteConnector("restart");
  }

  @Test
  void aTaskThatGaveUpFailsWithStreamAndCodeAndLosesNothingWhenRestarted() throws Exception {
    int count = 2_000;
    connect.kafka().createTopic("flaky", 1);
    produce(connect, "flaky", 1, 0, count, i -> "f-" + i);
    Map<String, String> props = connectorProps("flaky", firehose.uri().toString());
    props.put("tasks.max", "1");
    props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "flaky");
    props.put(FirehoseSinkConfig.RETRY_MAX_TIME_MS_CONFIG, "1000");
    props.put(FirehoseSinkConfig.BACKOFF_INITIAL_MS_CONFIG, "10");
    props.put(FirehoseSinkConfig.BACKOFF_MAX_MS_CONFIG, "100");
    props.put("aws.retry.max.attempts", "1");
    firehose.faults().throttleFraction(1);
    connect.configureConnector("flaky", props);

    await("the task to fail", Duration.ofSeconds(60), () -> taskState("flaky").equals("FAILED"));
    String trace = connect.connectorStatus("flaky").tasks().get(0).trace();
    assertThat(trace)
        .contains("stream 'flaky'")
        .contains("ServiceUnavailableException")
        .contains("not committed");
    assertThat(committedOffsets(admin, "flaky").values().stream().mapToLong(Long::longValue).sum())
        .isZero();

    firehose.faults().clear();
    connect.restartConnectorAndTasks("flaky", true, true, false);
    await(
        "all offsets committed after the restart",
        Duration.ofSeconds(60),
        () ->
            committedOffsets(admin, "flaky").values().stream().mapToLong(Long::longValue).sum()
                == count);
    firehose.flushAll();
    Set<String> delivered = new HashSet<>(deliveredLines(dataDir.resolve("flaky")));
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < count; i++) {
      expected.add("f-" + i);
    }
    assertThat(delivered).isEqualTo(expected);
    connect.deleteConnector("flaky");
  }

  private static String taskState(String connector) {
    try {
      var status = connect.connectorStatus(connector);
      return status.tasks().isEmpty() ? "NONE" : status.tasks().get(0).state();
    } catch (RuntimeException e) {
      return "UNKNOWN";
    }
  }
}
