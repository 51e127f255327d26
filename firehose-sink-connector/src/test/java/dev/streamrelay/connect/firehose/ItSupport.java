package dev.streamrelay.connect.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.testkit.Cleanup;
import dev.streamrelay.testkit.ConnectWorkers;
import dev.streamrelay.testkit.DeliveredObjects;
import dev.streamrelay.testkit.Wait;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Shared plumbing of the integration tests: the worker, producing, and reading what arrived. */
final class ItSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  private ItSupport() {}

  /** One broker, one worker, plugins found through their ServiceLoader manifests. */
  static EmbeddedConnectCluster startCluster(String name) {
    return ConnectWorkers.onClasspath(name).worker("offset.flush.interval.ms", "500").start();
  }

  /** Closes what a test class started, skipping what it never got to start. */
  static void stopAll(Admin admin, EmbeddedConnectCluster connect, AutoCloseable... others)
      throws Exception {
    AutoCloseable[] all = new AutoCloseable[others.length + 2];
    all[0] = admin;
    all[1] = Cleanup.stopping(connect);
    System.arraycopy(others, 0, all, 2, others.length);
    Cleanup.closeAll(all);
  }

  /** Connector properties every test starts from. */
  static Map<String, String> connectorProps(String topics, String endpoint) {
    Map<String, String> p = new HashMap<>();
    p.put("connector.class", FirehoseSinkConnector.class.getName());
    p.put("topics", topics);
    p.put("tasks.max", "2");
    p.put("key.converter", StringConverter.class.getName());
    p.put("value.converter", StringConverter.class.getName());
    p.put("aws.endpoint.url", endpoint);
    p.put("aws.region", "us-east-1");
    p.put("aws.access.key.id", "test");
    p.put("aws.secret.access.key", "test");
    p.put(FirehoseSinkConfig.METRICS_LOG_INTERVAL_CONFIG, "5");
    return p;
  }

  /** Produces {@code count} string records round-robin over partitions, waiting for all acks. */
  static void produce(
      EmbeddedConnectCluster connect,
      String topic,
      int partitions,
      int from,
      int count,
      IntFunction<String> value) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
    try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(props)) {
      for (int i = from; i < from + count; i++) {
        producer.send(
            new ProducerRecord<>(
                topic,
                i % partitions,
                ("k" + i).getBytes(StandardCharsets.UTF_8),
                value.apply(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** Every line of every object under {@code root}, gunzipping {@code .gz} objects. */
  static List<String> deliveredLines(Path root) {
    return DeliveredObjects.lines(root);
  }

  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("Delivered line is not JSON: " + line, e);
    }
  }

  /** Committed offsets of a sink connector's consumer group. */
  static Map<TopicPartition, Long> committedOffsets(Admin admin, String connector) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets("connect-" + connector)
              .partitionsToOffsetAndMetadata()
              .get();
      Map<TopicPartition, Long> out = new HashMap<>();
      offsets.forEach((tp, o) -> out.put(tp, o == null ? 0L : o.offset()));
      return out;
    } catch (Exception e) {
      throw new AssertionError("Could not read committed offsets of connect-" + connector, e);
    }
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes. */
  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    Wait.until(what, timeout, condition);
  }
}
