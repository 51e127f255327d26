package dev.streamrelay.connect.sqs.it;

import static dev.streamrelay.connect.sqs.it.SqsSourceHarness.text;
import static org.apache.kafka.test.TestUtils.waitForCondition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.connect.sqs.SqsSourceConfigTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The SQS source connector in a real Kafka Connect 3.7.2 worker against ElasticMQ. */
class SqsSourceConnectorIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static SqsSourceHarness harness;

  @BeforeAll
  static void start() {
    harness = new SqsSourceHarness("sqs-source-it");
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void everyMessageOfAStandardQueueArrivesOnceAndTheQueueEndsEmpty() throws Exception {
    String queue = harness.sqs.createQueue("bulk", Map.of());
    harness.connect.kafka().createTopic("bulk", 3);
    List<String> bodies =
        IntStream.range(0, 10_000)
            .mapToObj(i -> "{\"n\":" + i + ",\"text\":\"zażółć 東京\"}")
            .toList();
    harness.send(queue, bodies);

    harness.startConnector(
        "bulk", harness.connectorConfig(queue, "bulk", Map.of("tasks.max", "2")));
    List<ConsumerRecord<byte[], byte[]>> records = harness.readTopic("bulk", 10_000, 120_000);

    assertThat(records.stream().map(r -> text(r.value())).sorted().toList())
        .containsExactlyElementsOf(bodies.stream().sorted().toList());
    assertThat(records.stream().map(r -> text(r.key())).distinct().count())
        .as("key = message id, one per message")
        .isEqualTo(10_000);
    harness.awaitQueueEmpty(queue, 30_000);
    harness.connect.deleteConnector("bulk");
  }

  @Test
  void fifoGroupsKeepTheirOrderAcrossSixPartitions() throws Exception {
    String queue =
        harness.sqs.createQueue(
            "orders.fifo",
            Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
    harness.connect.kafka().createTopic("orders", 6);
    int groups = 20;
    int perGroup = 50;
    for (int seq = 0; seq < perGroup; seq++) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        String group = "g" + g;
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id("e" + g)
                .messageGroupId(group)
                .messageBody(group + ":" + seq)
                .build());
        if (entries.size() == 10) {
          List<SendMessageBatchRequestEntry> batch = List.copyOf(entries);
          harness.sqs.client().sendMessageBatch(r -> r.queueUrl(queue).entries(batch));
          entries.clear();
        }
      }
    }

    harness.startConnector(
        "orders",
        harness.connectorConfig(
            queue, "orders", Map.of("tasks.max", "2", "sqs.receive.concurrency", "4")));
    List<ConsumerRecord<byte[], byte[]>> records =
        harness.readTopic("orders", groups * perGroup, 120_000);

    assertThat(records).hasSize(groups * perGroup);
    Map<String, Integer> partitionOfGroup = new HashMap<>();
    Map<String, List<Integer>> sequenceByGroup = new LinkedHashMap<>();
    records.stream()
        .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
        .collect(Collectors.groupingBy(ConsumerRecord::partition))
        .values()
        .forEach(
            partitionRecords ->
                partitionRecords.forEach(
                    r -> {
                      String[] parts = text(r.value()).split(":");
                      assertThat(text(r.key())).isEqualTo(parts[0]);
                      Integer before = partitionOfGroup.putIfAbsent(parts[0], r.partition());
                      assertThat(before == null || before == r.partition())
                          .as("group %s stays on one partition", parts[0])
                          .isTrue();
                      sequenceByGroup
                          .computeIfAbsent(parts[0], g -> new ArrayList<>())
                          .add(Integer.parseInt(parts[1]));
                    }));
    assertThat(sequenceByGroup).hasSize(groups);
    sequenceByGroup.forEach(
        (group, sequence) ->
            assertThat(sequence)
                .as("order of group %s", group)
                .containsExactlyElementsOf(IntStream.range(0, perGroup).boxed().toList()));
    assertThat(partitionOfGroup.values().stream().distinct().count())
        .as("groups spread over partitions")
        .isGreaterThan(1);
    harness.awaitQueueEmpty(queue, 30_000);
    harness.connect.deleteConnector("orders");
  }

  @Test
  void typedAndSystemAttributesArriveAsHeaders() throws Exception {
    String queue = harness.sqs.createQueue("attrs", Map.of());
    harness.connect.kafka().createTopic("attrs", 1);
    harness
        .sqs
        .client()
        .sendMessage(
            r ->
                r.queueUrl(queue)
                    .messageBody("{\"type\":\"click\"}")
                    .messageAttributes(
                        Map.of(
                            "tenant", stringAttr("String", "acme"),
                            "count", stringAttr("Number", "42"),
                            "price", stringAttr("Number", "19.95"),
                            "trace.id", stringAttr("String.uuid", "7f0c"),
                            "blob",
                                MessageAttributeValue.builder()
                                    .dataType("Binary")
                                    .binaryValue(
                                        SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255}))
                                    .build())));

    harness.startConnector("attrs", harness.connectorConfig(queue, "attrs", Map.of()));
    ConsumerRecord<byte[], byte[]> record = harness.readTopic("attrs", 1, 60_000).get(0);

    Map<String, byte[]> headers = new HashMap<>();
    for (Header h : record.headers()) {
      assertThat(headers.put(h.key(), h.value())).as("header %s repeats", h.key()).isNull();
    }
    assertThat(text(headers.get("tenant"))).isEqualTo("acme");
    assertThat(text(headers.get("count"))).isEqualTo("42");
    assertThat(text(headers.get("price"))).isEqualTo("19.95");
    assertThat(text(headers.get("trace.id"))).isEqualTo("7f0c");
    assertThat(headers.get("blob")).containsExactly(0, 1, 255);
    assertThat(JSON.readTree(headers.get("sqs.message.attribute.types")))
        .isEqualTo(
            JSON.readTree(
                "{\"blob\":\"Binary\",\"count\":\"Number\",\"price\":\"Number\","
                    + "\"tenant\":\"String\",\"trace.id\":\"String.uuid\"}"));
    assertThat(text(headers.get("sqs.message.id"))).isEqualTo(text(record.key()));
    assertThat(text(headers.get("sqs.queue.url"))).isEqualTo(queue);
    assertThat(Long.parseLong(text(headers.get("sqs.sent.timestamp"))))
        .isEqualTo(record.timestamp());
    assertThat(text(headers.get("sqs.approximate.receive.count"))).isEqualTo("1");
    harness.connect.deleteConnector("attrs");
  }

  @Test
  void recordsDroppedByAnSmtAreLeftInTheQueueOrDeletedAsConfigured() throws Exception {
    for (String policy : List.of("leave", "delete")) {
      String queue = harness.sqs.createQueue("filtered-" + policy, Map.of());
      String topic = "filtered-" + policy;
      harness.connect.kafka().createTopic(topic, 1);
      for (int i = 0; i < 20; i++) {
        boolean drop = i % 2 == 0;
        String body = (drop ? "drop-" : "keep-") + i;
        harness
            .sqs
            .client()
            .sendMessage(
                r -> {
                  r.queueUrl(queue).messageBody(body);
                  if (drop) {
                    r.messageAttributes(Map.of("drop", stringAttr("String", "yes")));
                  }
                });
      }
      Map<String, String> extra = new HashMap<>();
      extra.put("sqs.dropped.records", policy);
      extra.put("transforms", "dropMarked");
      extra.put("transforms.dropMarked.type", "org.apache.kafka.connect.transforms.Filter");
      extra.put("transforms.dropMarked.predicate", "hasDrop");
      extra.put("predicates", "hasDrop");
      extra.put(
          "predicates.hasDrop.type", "org.apache.kafka.connect.transforms.predicates.HasHeaderKey");
      extra.put("predicates.hasDrop.name", "drop");
      harness.startConnector(topic, harness.connectorConfig(queue, topic, extra));

      List<ConsumerRecord<byte[], byte[]>> records = harness.readTopic(topic, 10, 60_000);
      assertThat(records)
          .extracting(r -> text(r.value()))
          .allMatch(v -> v.startsWith("keep-"))
          .hasSize(10);
      if (policy.equals("delete")) {
        harness.awaitQueueEmpty(queue, 30_000);
      } else {
        waitForCondition(
            () -> harness.connect.connectorStatus(topic) != null, 5_000, "connector status");
        harness.connect.deleteConnector(topic);
        // The 10 dropped messages stay in SQS (in flight until their timeout, then visible again).
        waitForCondition(
            () -> harness.sqs.messagesLeft(queue) == 10,
            30_000,
            () ->
                "expected the 10 dropped messages to remain, found "
                    + harness.sqs.messagesLeft(queue));
        continue;
      }
      harness.connect.deleteConnector(topic);
    }
  }

  @Test
  void invalidConfigsGetPerFieldErrorsFromTheWorkersValidateEndpoint() {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", SqsSourceHarness.CONNECTOR_CLASS);
    config.put("name", "invalid");
    config.put("sqs.queue.urls", "not-a-url");
    config.put("kafka.topic", "bad topic!");
    config.put("sqs.max.messages", "11");
    config.put("sqs.wait.time.seconds", "21");
    config.put("sqs.record.key", "attribute");
    config.put("aws.access.key.id", "AKIAEXAMPLE");

    ConfigInfos result =
        harness.connect.validateConnectorConfig(SqsSourceHarness.CONNECTOR_CLASS, config);

    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigInfo info : result.values()) {
      if (!info.configValue().errors().isEmpty()) {
        errors.put(info.configValue().name(), info.configValue().errors());
      }
    }
    assertThat(errors)
        .containsOnlyKeys(
            "sqs.queue.urls",
            "kafka.topic",
            "sqs.max.messages",
            "sqs.wait.time.seconds",
            "sqs.record.key.attribute",
            "aws.secret.access.key");
    assertThat(errors.get("sqs.queue.urls").get(0)).contains("https://sqs.<region>.amazonaws.com");
    assertThat(errors.get("sqs.max.messages").get(0)).contains("10");
    assertThat(errors.get("aws.secret.access.key").get(0)).contains("aws.access.key.id");
    assertThat(result.errorCount()).isEqualTo(6);
  }

  @Test
  void everyInvalidValueOfTheConfigTableIsRejectedByTheWorkersRestValidate() {
    List<String> misses = new ArrayList<>();
    SqsSourceConfigTest.rules()
        .map(org.junit.jupiter.params.provider.Arguments::get)
        .filter(row -> row[2] != null)
        .forEach(
            row -> {
              Map<String, String> config = new HashMap<>(SqsSourceConfigTest.minimal());
              config.put("connector.class", SqsSourceHarness.CONNECTOR_CLASS);
              config.put("name", "table");
              config.put((String) row[0], (String) row[1]);
              ConfigInfos result =
                  harness.connect.validateConnectorConfig(SqsSourceHarness.CONNECTOR_CLASS, config);
              boolean found =
                  result.values().stream()
                      .flatMap(i -> i.configValue().errors().stream())
                      .anyMatch(e -> e.contains((String) row[2]));
              if (!found) {
                misses.add(row[0] + "=" + row[1]);
              }
            });
    assertThat(misses).as("invalid values the REST validate endpoint accepted").isEmpty();
  }

  @Test
  void theOptionalLiveCheckReportsAQueueThatDoesNotExist() {
    String existing = harness.sqs.createQueue("checked", Map.of());
    String missing = harness.sqs.endpoint() + "/000000000000/not-there";
    Map<String, String> config =
        harness.connectorConfig(
            existing + "," + missing, "checked", Map.of("sqs.validate.queue.access", "true"));
    config.put("name", "checked");

    ConfigInfos result =
        harness.connect.validateConnectorConfig(SqsSourceHarness.CONNECTOR_CLASS, config);

    List<String> queueErrors =
        result.values().stream()
            .filter(i -> i.configValue().name().equals("sqs.queue.urls"))
            .flatMap(i -> i.configValue().errors().stream())
            .toList();
    assertThat(queueErrors)
        .singleElement()
        .asString()
        .contains("not-there")
        .contains("does not exist");
    assertThat(result.errorCount()).isEqualTo(1);
  }

  private static MessageAttributeValue stringAttr(String type, String value) {
    return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
  }
}
