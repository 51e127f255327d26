package dev.streamrelay.connect.sqs.it;

import static org.apache.kafka.test.TestUtils.waitForCondition;

import dev.streamrelay.testkit.ConnectWorkers;
import dev.streamrelay.testkit.ElasticMq;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A Kafka broker and Connect worker (Kafka 3.7.2, the MSK Connect line) plus ElasticMQ, all in the
 * test JVM, with helpers to feed a queue and read a topic back.
 */
public final class SqsSourceHarness implements AutoCloseable {

  public static final String CONNECTOR_CLASS = "dev.streamrelay.connect.sqs.SqsSourceConnector";

  public final ElasticMq sqs = new ElasticMq();
  public final EmbeddedConnectCluster connect;

  public SqsSourceHarness(String name) {
    connect =
        ConnectWorkers.onClasspath(name)
            .worker("offset.flush.interval.ms", "1000")
            .worker("task.shutdown.graceful.timeout.ms", "20000")
            .noTopicAutoCreation()
            .start();
  }

  /** A connector config reading {@code queueUrl} into {@code topic}, plus {@code extra}. */
  public Map<String, String> connectorConfig(
      String queueUrl, String topic, Map<String, String> extra) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR_CLASS);
    config.put("tasks.max", "1");
    config.put("sqs.queue.urls", queueUrl);
    config.put("kafka.topic", topic);
    config.put("aws.endpoint.url", sqs.endpoint());
    config.put("aws.region", "us-east-1");
    config.put("aws.access.key.id", "test");
    config.put("aws.secret.access.key", "test");
    config.put("sqs.wait.time.seconds", "1");
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    config.putAll(extra);
    return config;
  }

  /** Starts the connector; its topics must exist (the broker does not create topics). */
  public void startConnector(String name, Map<String, String> config) throws InterruptedException {
    connect.configureConnector(name, config);
    connect
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(
            name, Integer.parseInt(config.get("tasks.max")), "connector did not start");
  }

  /** Sends {@code bodies} in batches of 10; returns nothing, SQS assigns the ids. */
  public void send(String queueUrl, List<String> bodies) {
    for (int from = 0; from < bodies.size(); from += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
        entries.add(
            SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
      }
      var response = sqs.client().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
      if (!response.failed().isEmpty()) {
        throw new IllegalStateException("send failed: " + response.failed());
      }
    }
  }

  /**
   * Reads {@code topic} from the start until {@code expected} records arrived (waiting up to {@code
   * timeoutMs}) and then for a short quiet period more, so extra records are seen too.
   */
  public List<ConsumerRecord<byte[], byte[]>> readTopic(
      String topic, int expected, long timeoutMs) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        connect.kafka().createConsumerAndSubscribeTo(props, topic)) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        consumer.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
        if (records.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        }
      }
    }
    return records;
  }

  public void awaitQueueEmpty(String queueUrl, long timeoutMs) throws InterruptedException {
    waitForCondition(
        () -> sqs.messagesLeft(queueUrl) == 0,
        timeoutMs,
        () -> "queue still holds " + sqs.messagesLeft(queueUrl) + " messages");
  }

  public static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    connect.stop();
    sqs.close();
  }
}
