package dev.streamrelay.faults.badinput;

import dev.streamrelay.faults.harness.CampaignPipeline;
import dev.streamrelay.faults.reconcile.EventIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka records the Firehose sink cannot format, produced straight to Kafka and read by extra sink
 * connectors on their own topics (the pipeline's own connectors are left alone). Each bad record
 * must land in the DLQ topic with its reason in the context headers, and the good records around it
 * must all be delivered.
 */
public final class SinkRecordChecks {

  private static final String AREA = "sink record";
  private static final String REASON = "__connect.errors.exception.message";
  private static final String STAGE = "__connect.errors.stage";

  private final CampaignPipeline pipeline;
  private final String run;

  public SinkRecordChecks(CampaignPipeline pipeline, String run) {
    this.pipeline = pipeline;
    this.run = run;
  }

  private record Bad(String id, String input, byte[] key, byte[] value, String expectedReason) {}

  public List<Outcome> run() throws Exception {
    String badTopic = "fc." + run + ".sink-bad";
    String writeTopic = "fc." + run + ".nulls-write";
    String ignoreTopic = "fc." + run + ".nulls-ignore";
    String dlq = "fc." + run + ".sink-dlq";
    try (Admin admin = pipeline.local().admin()) {
      List<NewTopic> topics = new ArrayList<>();
      for (String t : List.of(badTopic, writeTopic, ignoreTopic, dlq)) {
        topics.add(new NewTopic(t, 1, (short) 1).configs(Map.of("max.message.bytes", "2097152")));
      }
      admin.createTopics(topics).all().get();
    }
    Map<String, String> connectors = new LinkedHashMap<>();
    connectors.put("fc-sink-nulls-fail", badTopic + "|fail");
    connectors.put("fc-sink-nulls-write", writeTopic + "|write");
    connectors.put("fc-sink-nulls-ignore", ignoreTopic + "|ignore");
    for (Map.Entry<String, String> c : connectors.entrySet()) {
      String[] topicAndPolicy = c.getValue().split("\\|");
      Map<String, String> config = new HashMap<>(pipeline.sinkBaseline());
      config.remove("name");
      config.put("topics", topicAndPolicy[0]);
      config.put("tasks.max", "1");
      config.put("behavior.on.null.values", topicAndPolicy[1]);
      config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
      config.put("value.converter.schemas.enable", "true");
      config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
      config.put("errors.tolerance", "all");
      config.put("errors.deadletterqueue.topic.name", dlq);
      config.put("errors.deadletterqueue.topic.replication.factor", "1");
      config.put("errors.deadletterqueue.context.headers.enable", "true");
      config.put("consumer.override.max.partition.fetch.bytes", "4194304");
      config.put("producer.override.max.request.size", "4194304");
      pipeline.connect().putConfig(c.getKey(), config, CampaignPipeline.CONNECTOR_TIMEOUT);
    }

    int seq = 0;
    List<Bad> bad = new ArrayList<>();
    List<String> good = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();

    String g1 = EventIds.of(run, "sink-bad", seq++);
    good.add(g1);
    records.add(rec(badTopic, g1, stringEnvelope("{\\\"id\\\":\\\"" + g1 + "\\\"}")));

    String unknownType = EventIds.of(run, "sink-bad", seq++);
    bad.add(
        new Bad(
            unknownType,
            "schema of an unsupported type (\"uuid\")",
            bytes(unknownType),
            bytes("{\"schema\":{\"type\":\"uuid\"},\"payload\":\"" + unknownType + "\"}"),
            "Unknown schema type"));
    String mismatch = EventIds.of(run, "sink-bad", seq++);
    bad.add(
        new Bad(
            mismatch,
            "struct value missing a required field",
            bytes(mismatch),
            bytes(
                "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"a\",\"type\":"
                    + "\"int32\",\"optional\":false}]},\"payload\":{\"b\":1}}"),
            ""));
    String notJson = EventIds.of(run, "sink-bad", seq++);
    bad.add(
        new Bad(
            notJson,
            "value that is not JSON under JsonConverter",
            bytes(notJson),
            bytes("plain text " + notJson),
            ""));
    String oversized = EventIds.of(run, "sink-bad", seq++);
    String bigPayload = oversized + " " + "x".repeat(1_026_000);
    bad.add(
        new Bad(
            oversized,
            "record over 1,000 KiB once formatted (" + bigPayload.length() + "-character string)",
            bytes(oversized),
            stringEnvelope(bigPayload),
            "1024000"));
    String nullFail = EventIds.of(run, "sink-bad", seq++);
    bad.add(
        new Bad(
            nullFail,
            "null value (tombstone) with behavior.on.null.values=fail",
            bytes(nullFail),
            null,
            "behavior.on.null.values=fail"));
    for (Bad b : bad) {
      records.add(new ProducerRecord<>(badTopic, b.key(), b.value()));
    }
    String g2 = EventIds.of(run, "sink-bad", seq++);
    good.add(g2);
    records.add(rec(badTopic, g2, stringEnvelope("{\\\"id\\\":\\\"" + g2 + "\\\"}")));

    String nullWrite = EventIds.of(run, "sink-bad", seq++);
    records.add(new ProducerRecord<>(writeTopic, bytes(nullWrite), null));
    String afterWrite = EventIds.of(run, "sink-bad", seq++);
    good.add(afterWrite);
    records.add(rec(writeTopic, afterWrite, stringEnvelope(afterWrite)));

    String nullIgnore = EventIds.of(run, "sink-bad", seq++);
    records.add(new ProducerRecord<>(ignoreTopic, bytes(nullIgnore), null));
    String afterIgnore = EventIds.of(run, "sink-bad", seq++);
    good.add(afterIgnore);
    records.add(rec(ignoreTopic, afterIgnore, stringEnvelope(afterIgnore)));

    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.local().kafkaBootstrap());
    pp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4194304");
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        producer.send(r).get();
      }
    }

    Map<String, Map<String, String>> dlqById = readDlq(dlq, bad.size(), Duration.ofMinutes(2));
    awaitDelivered(good, Duration.ofMinutes(2));

    List<Outcome> out = new ArrayList<>();
    for (Bad b : bad) {
      Map<String, String> h = dlqById.get(b.id());
      boolean inS3 = !pipeline.delivered().copies(b.id()).isEmpty();
      String observed;
      boolean passed;
      if (h == null) {
        observed = "not in the DLQ" + (inS3 ? "; delivered to S3" : "");
        passed = false;
      } else {
        String reason = h.getOrDefault(REASON, "(no reason header)");
        observed =
            "DLQ, stage "
                + h.getOrDefault(STAGE, "?")
                + ": "
                + (reason.length() > 200 ? reason.substring(0, 200) + "..." : reason)
                + (inS3 ? "; ALSO delivered to S3" : "");
        passed = !inS3 && reason.contains(b.expectedReason());
      }
      out.add(
          Outcome.check(
              AREA, b.input(), "DLQ topic entry with the reason, not in S3", observed, passed));
    }
    boolean writeDelivered = !pipeline.delivered().copies(nullWrite).isEmpty();
    String writeValue =
        writeDelivered
            ? pipeline
                .delivered()
                .envelope(pipeline.delivered().copies(nullWrite).get(0))
                .path("value")
                .toString()
            : "-";
    out.add(
        Outcome.check(
            AREA,
            "null value with behavior.on.null.values=write",
            "delivered as an envelope with \"value\": null",
            writeDelivered ? "delivered, value " + writeValue : "NOT delivered",
            writeDelivered && "null".equals(writeValue) && !dlqById.containsKey(nullWrite)));
    boolean ignoreDelivered = !pipeline.delivered().copies(nullIgnore).isEmpty();
    out.add(
        Outcome.check(
            AREA,
            "null value with behavior.on.null.values=ignore",
            "skipped: not in S3, not in the DLQ, the next record delivered",
            (ignoreDelivered ? "DELIVERED" : "skipped")
                + (dlqById.containsKey(nullIgnore) ? ", in the DLQ" : ", not in the DLQ")
                + (pipeline.delivered().copies(afterIgnore).isEmpty()
                    ? ", next NOT delivered"
                    : ", next delivered"),
            !ignoreDelivered
                && !dlqById.containsKey(nullIgnore)
                && !pipeline.delivered().copies(afterIgnore).isEmpty()));
    List<String> missing = new ArrayList<>();
    for (String id : good) {
      if (pipeline.delivered().copies(id).isEmpty()) {
        missing.add(id);
      }
    }
    out.add(
        Outcome.check(
            AREA,
            "the good records before, between and after the bad ones",
            "all delivered",
            missing.isEmpty()
                ? good.size() + "/" + good.size() + " delivered"
                : "missing " + missing,
            missing.isEmpty()));
    for (String name : connectors.keySet()) {
      String state = pipeline.connectorState(name);
      out.add(
          Outcome.check(
              AREA,
              "connector " + name + " after its bad records",
              "still RUNNING",
              state.length() > 200 ? state.substring(0, 200) : state,
              state.equals("RUNNING")));
      pipeline.connect().delete(name);
    }
    return out;
  }

  private void awaitDelivered(List<String> ids, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      pipeline.local().firehose().flushAll();
      pipeline.delivered().scan();
      if (ids.stream().allMatch(id -> !pipeline.delivered().copies(id).isEmpty())) {
        return;
      }
      Thread.sleep(500);
    }
  }

  /** DLQ records by the event id in their key, with their headers as text. */
  private Map<String, Map<String, String>> readDlq(String topic, int expected, Duration timeout) {
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.local().kafkaBootstrap());
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, "fc-dlq-reader-" + UUID.randomUUID());
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          Map<String, String> h = new LinkedHashMap<>();
          for (Header header : r.headers()) {
            h.put(
                header.key(),
                header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
          }
          for (String id : EventIds.find(key)) {
            out.put(id, h);
          }
        }
      }
      // Anything more that arrives shortly after would be a record that should not be there.
      for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(2))) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        for (String id : EventIds.find(key)) {
          out.put(id, Map.of());
        }
      }
    }
    return out;
  }

  private static ProducerRecord<byte[], byte[]> rec(String topic, String id, byte[] value) {
    return new ProducerRecord<>(topic, bytes(id), value);
  }

  /** A JsonConverter record with a string schema; {@code escapedText} is already JSON-escaped. */
  private static byte[] stringEnvelope(String escapedText) {
    return bytes("{\"schema\":{\"type\":\"string\"},\"payload\":\"" + escapedText + "\"}");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
