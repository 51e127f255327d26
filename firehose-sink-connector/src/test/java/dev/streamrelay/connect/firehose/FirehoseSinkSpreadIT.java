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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One topic spread over two delivery streams ({@code firehose.topic.streams=spread:a|b}) in a real
 * Connect worker against the Firehose-compatible endpoint: each partition's records in its stream's
 * folder, every record once, every offset committed.
 */
class FirehoseSinkSpreadIT {

  static final String TOPIC = "spread";
  static final int PARTITIONS = 4;
  static final int COUNT = 20_000;

  @TempDir static Path dataDir;
  static FirehoseEndpoint firehose;
  static EmbeddedConnectCluster connect;
  static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    firehose = FirehoseEndpoint.start(dataDir);
    for (String stream : List.of("spread-a", "spread-b")) {
      firehose.create(
          StreamSpec.of(stream)
              .withBucket(stream, "events/", "errors/")
              .withBuffering(1 << 20, Duration.ofSeconds(1)));
    }
    connect = ItSupport.startCluster("firehose-sink-spread-it");
    admin = connect.kafka().createAdminClient();
  }

  @AfterAll
  static void stop() throws Exception {
    ItSupport.stopAll(admin, connect, firehose);
  }

  private static Map<String, String> props(String streams) {
    Map<String, String> props = connectorProps(TOPIC, firehose.uri().toString());
    props.put("name", "spread");
    props.put(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG, TOPIC + ":" + streams);
    props.put(FirehoseSinkConfig.OUTPUT_FORMAT_CONFIG, "envelope");
    props.put(FirehoseSinkConfig.VALIDATE_STREAM_CONFIG, "true");
    return props;
  }

  @Test
  void validateThroughTheWorkerNamesAStreamOfTheSpreadThatDoesNotExist() {
    ConfigInfos result =
        connect.validateConnectorConfig(
            FirehoseSinkConnector.class.getSimpleName(), props("spread-a|spread-missing"));
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigInfo info : result.values()) {
      if (!info.configValue().errors().isEmpty()) {
        errors.put(info.configValue().name(), info.configValue().errors());
      }
    }
    assertThat(errors).containsOnlyKeys(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG);
    assertThat(errors.get(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG))
        .singleElement()
        .asString()
        .contains("'spread-missing'")
        .contains("does not exist");
  }

  @Test
  void spreadsOneTopicOverTwoStreamsByPartitionDeliveringEveryRecordOnceAndCommittingAll()
      throws Exception {
    connect.kafka().createTopic(TOPIC, PARTITIONS);
    produce(connect, TOPIC, PARTITIONS, 0, COUNT, i -> "{\"id\":" + i + "}");
    connect.configureConnector("spread", props("spread-a|spread-b"));

    Map<TopicPartition, Long> expected = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      expected.put(new TopicPartition(TOPIC, p), (long) COUNT / PARTITIONS);
    }
    await(
        "every partition committed to its end",
        Duration.ofSeconds(120),
        () -> committedOffsets(admin, "spread").equals(expected));
    connect.deleteConnector("spread");
    firehose.flushAll();

    Set<Long> ids = new HashSet<>();
    Set<String> positions = new HashSet<>();
    int lines = 0;
    for (String stream : List.of("spread-a", "spread-b")) {
      Set<Integer> partitions = new TreeSet<>();
      List<String> delivered = deliveredLines(dataDir.resolve(stream));
      assertThat(delivered).as("records in %s's folder", stream).isNotEmpty();
      for (String line : delivered) {
        JsonNode e = parse(line);
        int partition = e.get("partition").asInt();
        long offset = e.get("offset").asLong();
        long id = e.get("value").get("id").asLong();
        partitions.add(partition);
        assertThat(id % PARTITIONS)
            .as("record %d came from partition %d", id, partition)
            .isEqualTo(partition);
        assertThat(positions.add(partition + "/" + offset))
            .as("%s-%d/%d delivered once", TOPIC, partition, offset)
            .isTrue();
        ids.add(id);
        lines++;
      }
      // Partition p goes to stream p mod 2: 0 and 2 to spread-a, 1 and 3 to spread-b.
      assertThat(partitions)
          .as("partitions in %s", stream)
          .containsExactlyElementsOf(stream.equals("spread-a") ? List.of(0, 2) : List.of(1, 3));
    }
    assertThat(lines).isEqualTo(COUNT);
    assertThat(ids).hasSize(COUNT);
  }
}
