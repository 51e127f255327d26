package dev.streamrelay.connect.firehose;

import static dev.streamrelay.connect.firehose.ItSupport.await;
import static dev.streamrelay.connect.firehose.ItSupport.committedOffsets;
import static dev.streamrelay.connect.firehose.ItSupport.connectorProps;
import static dev.streamrelay.connect.firehose.ItSupport.deliveredLines;
import static dev.streamrelay.connect.firehose.ItSupport.parse;
import static dev.streamrelay.connect.firehose.ItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamrelay.firehose.endpoint.Counters;
import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector in a real Connect 3.7.2 worker against the Firehose-compatible endpoint. */
class FirehoseSinkIT {

  @TempDir static Path dataDir;
  static FirehoseEndpoint firehose;
  static EmbeddedConnectCluster connect;
  static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    firehose = FirehoseEndpoint.start(dataDir);
    for (String stream : List.of("bulk", "dlq-out", "agg-on", "agg-off")) {
      firehose.create(
          StreamSpec.of(stream)
              .withBucket(stream, "events/", "errors/")
              .withBuffering(1 << 20, Duration.ofSeconds(1))
              .withGzip(stream.equals("bulk")));
    }
    connect = ItSupport.startCluster("firehose-sink-it");
    admin = connect.kafka().createAdminClient();
  }

  @AfterAll
  static void stop() throws Exception {
    ItSupport.stopAll(admin, connect, firehose);
  }

  private static long committedTotal(String connector) {
    return committedOffsets(admin, connector).values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void deliversOneHundredThousandRecordsFromSixPartitionsAsJsonLines() throws Exception {
    int count = 100_000;
    connect.kafka().createTopic("bulk", 6);
    produce(connect, "bulk", 6, 0, count, i -> "{\"id\":" + i + ",\"kind\":\"click\"}");
    Map<String, String> props = connectorProps("bulk", firehose.uri().toString());
    props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "bulk");
    props.put("value.converter", JsonConverter.class.getName());
    props.put("value.converter.schemas.enable", "false");
    connect.configureConnector("bulk", props);

    await(
        "all 100,000 offsets committed",
        Duration.ofSeconds(120),
        () -> committedTotal("bulk") == count);
    firehose.flushAll();

    List<String> lines = deliveredLines(dataDir.resolve("bulk"));
    Set<Long> ids = new HashSet<>();
    for (String line : lines) {
      JsonNode node = parse(line);
      assertThat(node.get("kind").asText()).isEqualTo("click");
      ids.add(node.get("id").asLong());
    }
    assertThat(ids).hasSize(count);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(count);
    connect.deleteConnector("bulk");
  }

  @Test
  void sendsAnOversizedRecordToTheDeadLetterQueueAndDeliversTheRest() throws Exception {
    connect.kafka().createTopic("dlq-in", 1);
    String oversized = "x".repeat(1_030_000);
    produce(connect, "dlq-in", 1, 0, 11, i -> i == 5 ? oversized : "{\"n\":" + i + "}");
    Map<String, String> props = connectorProps("dlq-in", firehose.uri().toString());
    props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "dlq-out");
    props.put("tasks.max", "1");
    props.put("errors.tolerance", "all");
    props.put("errors.deadletterqueue.topic.name", "dlq");
    props.put("errors.deadletterqueue.topic.replication.factor", "1");
    props.put("errors.deadletterqueue.context.headers.enable", "true");
    connect.configureConnector("dlq", props);

    ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, 60_000, "dlq");
    ConsumerRecord<byte[], byte[]> record = dead.iterator().next();
    assertThat(record.value()).hasSize(oversized.length());
    Header message = record.headers().lastHeader("__connect.errors.exception.message");
    assertThat(new String(message.value(), StandardCharsets.UTF_8))
        .contains("1030001 bytes after formatting")
        .contains("1,000 KiB");
    assertThat(
            new String(
                record.headers().lastHeader("__connect.errors.offset").value(),
                StandardCharsets.UTF_8))
        .isEqualTo("5");

    await(
        "offsets committed past the dead letter",
        Duration.ofSeconds(60),
        () -> committedTotal("dlq") == 11);
    firehose.flushAll();
    List<String> lines = deliveredLines(dataDir.resolve("dlq-out"));
    assertThat(lines)
        .extracting(l -> parse(l).get("n").asInt())
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 6, 7, 8, 9, 10);
    connect.deleteConnector("dlq");
  }

  @Test
  void aggregationCutsCallsAndBilledUnitsPerMegabyte() throws Exception {
    int count = 5_000;
    String filler = "y".repeat(199 - "{\"i\":00000,\"f\":\"\"}".length());
    Figures off = runAggregation("agg-off", false, count, filler);
    Figures on = runAggregation("agg-on", true, count, filler);

    double mb = count * 200 / 1_000_000.0;
    System.out.printf(
        "Aggregation, %d records of 200 bytes (%.2f MB):%n"
            + "  off: %d PutRecordBatch calls, %d Firehose records, %d billed 5 KB units"
            + " -> %.1f calls/MB, %.1f units/MB%n"
            + "  on:  %d PutRecordBatch calls, %d Firehose records, %d billed 5 KB units"
            + " -> %.1f calls/MB, %.1f units/MB%n"
            + "  factor: calls %.1fx, billed units %.1fx%n",
        count,
        mb,
        off.putRecordBatchCalls(),
        off.records(),
        off.billedUnits(),
        off.putRecordBatchCalls() / mb,
        off.billedUnits() / mb,
        on.putRecordBatchCalls(),
        on.records(),
        on.billedUnits(),
        on.putRecordBatchCalls() / mb,
        on.billedUnits() / mb,
        (double) off.putRecordBatchCalls() / on.putRecordBatchCalls(),
        (double) off.billedUnits() / on.billedUnits());

    // Off: every 200-byte record is billed as a whole 5 KB unit, 500 records per call at best.
    assertThat(off.billedUnits()).isEqualTo(count);
    assertThat(off.putRecordBatchCalls()).isGreaterThanOrEqualTo(count / 500);
    // On: billed units are the bytes over 5,120 plus at most one partly filled unit per aggregate.
    assertThat(on.billedUnits()).isLessThanOrEqualTo(count * 200L / 5120 + on.records());
    assertThat((double) off.billedUnits() / on.billedUnits()).isGreaterThan(20);
    assertThat(on.putRecordBatchCalls()).isLessThan(off.putRecordBatchCalls());
  }

  private Figures runAggregation(String stream, boolean aggregation, int count, String filler)
      throws Exception {
    connect.kafka().createTopic(stream, 1);
    produce(
        connect, stream, 1, 0, count, i -> String.format("{\"i\":%05d,\"f\":\"%s\"}", i, filler));
    firehose.counters().reset();
    Map<String, String> props = connectorProps(stream, firehose.uri().toString());
    props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, stream);
    props.put(FirehoseSinkConfig.AGGREGATION_ENABLED_CONFIG, Boolean.toString(aggregation));
    props.put("tasks.max", "1");
    connect.configureConnector(stream, props);
    await(stream + " committed", Duration.ofSeconds(60), () -> committedTotal(stream) == count);
    connect.deleteConnector(stream);
    firehose.flushAll();
    List<String> lines = deliveredLines(dataDir.resolve(stream));
    assertThat(lines).hasSize(count).allMatch(l -> l.length() == 199);
    Counters snapshot = firehose.counters();
    assertThat(snapshot.bytes()).isEqualTo(count * 200L);
    return snapshotOf(snapshot);
  }

  /** What the endpoint counted for one run. */
  record Figures(long putRecordBatchCalls, long records, long billedUnits) {}

  private static Figures snapshotOf(Counters live) {
    return new Figures(live.putRecordBatchCalls(), live.records(), live.billedUnits());
  }
}
