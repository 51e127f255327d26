package dev.streamrelay.faults.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamrelay.local.sqs.SqsJsonClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where events that never reached S3 are, found before the pipeline is torn down, so a report tells
 * a lost event from a late one: in the SQS queue (visible; in flight cannot be peeked, only
 * counted), in its dead-letter queue (moved there after {@code maxReceiveCount} receives), in the
 * Kafka topic (with partition and offset, against the sink's committed offset), or nowhere: deleted
 * from SQS without being in Kafka, a real loss. Everything is bounded (a few dozen receives, a 30 s
 * topic scan) and talks to 127.0.0.1 only.
 *
 * <p>The queues are peeked with ReceiveMessage and VisibilityTimeout 0, which counts as a receive:
 * the dead-letter queue (no redrive policy) is peeked first, so a message the peek of the main
 * queue pushes over its {@code maxReceiveCount} is not reported as having been there already.
 */
public final class MissingEvents {

  private static final Logger log = LoggerFactory.getLogger(MissingEvents.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PEEKS = 20;
  private static final Duration SCAN = Duration.ofSeconds(30);

  private MissingEvents() {}

  /** One line per missing id: where it is. */
  public static Map<String, String> locate(CampaignPipeline p, Collection<String> ids) {
    Map<String, String> where = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return where;
    }
    var local = p.local();
    SqsJsonClient sqs = local.sqs();
    String queue = local.queueUrl();
    String dlq = local.deadLetterQueueUrl();
    String queueState = "";
    String dlqState = "";
    boolean queuesInspected = false;
    Map<String, String> inDlq = Map.of();
    Map<String, String> inQueue = Map.of();
    try {
      queueState = counts(sqs, queue);
      dlqState = counts(sqs, dlq);
      inDlq = peek(sqs, dlq, ids);
      inQueue = peek(sqs, queue, ids);
      queuesInspected = true;
    } catch (Exception e) {
      queueState = "queue not inspected: " + e;
    }
    Map<String, String> inKafka = new HashMap<>();
    String kafkaState;
    boolean topicScanned = false;
    try {
      kafkaState = scanTopic(p, ids, inKafka);
      topicScanned = true;
    } catch (Exception e) {
      kafkaState = "topic not scanned: " + e;
    }
    for (String id : ids) {
      String w;
      if (inDlq.containsKey(id)) {
        w = "in the dead-letter queue (" + inDlq.get(id) + ")";
      } else if (inQueue.containsKey(id)) {
        w = "visible in the queue (" + inQueue.get(id) + ")";
      } else if (inKafka.containsKey(id)) {
        w = "in Kafka: " + inKafka.get(id);
      } else if (!queuesInspected || !topicScanned) {
        w = "unknown: " + (queuesInspected ? kafkaState : queueState);
      } else {
        w =
            "nowhere visible: not in the dead-letter queue, not visible in the queue, not in"
                + " Kafka; in flight in the queue, or deleted from SQS without reaching Kafka (a"
                + " real loss) if the queue holds nothing in flight";
      }
      where.put(id, w);
    }
    log.info(
        "Missing events: queue {}; dead-letter queue {}; topic {}; {}",
        queueState,
        dlqState,
        kafkaState,
        where);
    where.put("(queue)", queueState);
    where.put("(dead-letter queue)", dlqState);
    where.put("(topic)", kafkaState);
    return where;
  }

  private static String counts(SqsJsonClient sqs, String url) throws Exception {
    Map<String, String> a = sqs.attributes(url);
    return a.getOrDefault("ApproximateNumberOfMessages", "?")
        + " visible, "
        + a.getOrDefault("ApproximateNumberOfMessagesNotVisible", "?")
        + " in flight, "
        + a.getOrDefault("ApproximateNumberOfMessagesDelayed", "0")
        + " delayed";
  }

  /** Receives with VisibilityTimeout 0 and matches ids in bodies: id to message id and count. */
  private static Map<String, String> peek(SqsJsonClient sqs, String url, Collection<String> ids)
      throws Exception {
    Map<String, String> found = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < PEEKS && found.size() < ids.size(); i++) {
      ObjectNode req = JSON.createObjectNode();
      req.put("QueueUrl", url);
      req.put("MaxNumberOfMessages", 10);
      req.put("VisibilityTimeout", 0);
      req.put("WaitTimeSeconds", 0);
      req.putArray("AttributeNames").add("All");
      req.putArray("MessageSystemAttributeNames").add("All");
      SqsJsonClient.Reply r = sqs.call("ReceiveMessage", req);
      if (!r.ok()) {
        throw new IllegalStateException("ReceiveMessage " + r.status() + " " + r.body());
      }
      JsonNode messages = r.body().path("Messages");
      boolean fresh = false;
      for (JsonNode m : messages) {
        // With VisibilityTimeout 0 a receive may return what the last one did: count each once,
        // as first seen, and stop when nothing new comes (each peek is one more receive).
        if (!seen.add(m.path("MessageId").asText())) {
          continue;
        }
        fresh = true;
        String body = m.path("Body").asText("");
        for (String id : ids) {
          if (containsId(body, id)) {
            found.put(
                id,
                "message "
                    + m.path("MessageId").asText()
                    + ", ApproximateReceiveCount "
                    + m.path("Attributes").path("ApproximateReceiveCount").asText("?")
                    + " with this peek");
          }
        }
      }
      if (!fresh) {
        break;
      }
    }
    return found;
  }

  /** Whole ids only: {@code x.13} must not match {@code x.133}. */
  static boolean containsId(String text, String id) {
    int from = 0;
    while (true) {
      int at = text.indexOf(id, from);
      if (at < 0) {
        return false;
      }
      int end = at + id.length();
      if (end >= text.length() || !Character.isDigit(text.charAt(end))) {
        return true;
      }
      from = at + 1;
    }
  }

  /** Reads the topic from the start to its end (bounded), noting where each id is. */
  private static String scanTopic(
      CampaignPipeline p, Collection<String> ids, Map<String, String> out) throws Exception {
    var local = p.local();
    String topic = local.topic();
    Map<TopicPartition, OffsetAndMetadata> committed;
    try (Admin admin = local.admin()) {
      committed =
          admin
              .listConsumerGroupOffsets("connect-" + p.sinkConnector())
              .partitionsToOffsetAndMetadata()
              .get();
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.kafkaBootstrap());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    long records = 0;
    Map<TopicPartition, Long> ends;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + SCAN.toNanos();
      while (System.nanoTime() < deadline && !atEnd(consumer, partitions, ends)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          records++;
          String value = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
          for (String id : ids) {
            if (containsId(value, id)) {
              TopicPartition tp = new TopicPartition(r.topic(), r.partition());
              OffsetAndMetadata c = committed.get(tp);
              long at = c == null ? 0 : c.offset();
              out.merge(
                  id,
                  tp
                      + " offset "
                      + r.offset()
                      + " (sink committed "
                      + at
                      + (at > r.offset()
                          ? ": past it, so the sink or the Firehose endpoint dropped it)"
                          : ": not yet past it)"),
                  (a, b) -> a + "; " + b);
            }
          }
        }
      }
    }
    final Map<TopicPartition, Long> endOffsets = ends;
    return records
        + " records read; end offsets "
        + endOffsets.entrySet().stream()
            .sorted(
                Map.Entry.comparingByKey((a, b) -> Integer.compare(a.partition(), b.partition())))
            .map(
                e -> {
                  OffsetAndMetadata c = committed.get(e.getKey());
                  return e.getKey().partition()
                      + "="
                      + e.getValue()
                      + " (sink committed "
                      + (c == null ? "none" : Long.toString(c.offset()))
                      + ")";
                })
            .collect(Collectors.joining(", "));
  }

  private static boolean atEnd(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> ends) {
    List<TopicPartition> behind = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < ends.getOrDefault(tp, 0L)) {
        behind.add(tp);
      }
    }
    return behind.isEmpty();
  }
}
