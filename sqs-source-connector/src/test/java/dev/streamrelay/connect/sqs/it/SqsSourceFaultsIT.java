package dev.streamrelay.connect.sqs.it;

import static dev.streamrelay.connect.sqs.it.SqsSourceHarness.text;
import static org.apache.kafka.test.TestUtils.waitForCondition;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Faults the source must survive without losing a message: Kafka unavailable, a task restart, a
 * worker restart, and receipt handles expiring. Each test gets a fresh cluster, because they break
 * it on purpose.
 */
class SqsSourceFaultsIT {

  private SqsSourceHarness harness;

  @BeforeEach
  void start() {
    harness = new SqsSourceHarness("sqs-source-faults");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void whileKafkaCannotTakeRecordsNothingIsDeletedAndVisibilityIsExtendedThenAllArriveOnce()
      throws Exception {
    String queue =
        harness.sqs.createQueue("blocked", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "3"));
    // The topic does not exist yet and the broker does not create topics: the producer blocks.
    harness.connect.configureConnector(
        "blocked", harness.connectorConfig(queue, "blocked", Map.of()));
    harness.send(queue, bodies("waiting", 200));
    waitForCondition(() -> visibleMessages(queue) == 0, 30_000, "the task never received");
    Thread.sleep(10_000);
    assertThat(harness.sqs.messagesLeft(queue)).as("nothing deleted").isEqualTo(200);
    assertThat(visibleMessages(queue))
        .as("kept hidden well past the 3-second visibility timeout")
        .isZero();
    assertThat(taskMetric("blocked", "VisibilityExtensions")).isPositive();
    assertThat(taskMetric("blocked", "Deleted")).isZero();

    harness.connect.kafka().createTopic("blocked", 1);
    List<ConsumerRecord<byte[], byte[]>> records = harness.readTopic("blocked", 200, 120_000);
    assertThat(records.stream().map(r -> text(r.value())).sorted().toList())
        .as("every message exactly once")
        .containsExactlyElementsOf(bodies("waiting", 200).stream().sorted().toList());
    harness.awaitQueueEmpty(queue, 30_000);
  }

  @Test
  void whileTheBrokerIsDownNothingIsDeletedAndAfterwardsEverythingArrives() throws Exception {
    String queue =
        harness.sqs.createQueue("outage", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"));
    harness.connect.kafka().createTopic("outage", 1);
    harness.startConnector("outage", harness.connectorConfig(queue, "outage", Map.of()));
    harness.send(queue, bodies("before", 100));
    assertThat(harness.readTopic("outage", 100, 60_000)).hasSize(100);
    harness.awaitQueueEmpty(queue, 30_000);

    harness.connect.kafka().stopOnlyKafka();
    harness.send(queue, bodies("during", 200));
    Thread.sleep(10_000);
    assertThat(harness.sqs.messagesLeft(queue))
        .as("nothing deleted while Kafka is down")
        .isEqualTo(200);

    harness.connect.kafka().startOnlyKafkaOnSamePorts();
    List<String> all = Stream2.concat(bodies("before", 100), bodies("during", 200));
    assertDelivered("outage", queue, all);
  }

  @Test
  void expiredReceiptHandlesCauseDuplicatesButNoLoss() throws Exception {
    String queue =
        harness.sqs.createQueue("expiry", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"));
    harness.connect.kafka().createTopic("expiry", 1);
    harness.startConnector(
        "expiry",
        harness.connectorConfig(
            queue, "expiry", Map.of("sqs.visibility.extension.max.seconds", "0")));
    assertThat(harness.readTopic("expiry", 0, 3_000)).isEmpty();

    harness.connect.kafka().stopOnlyKafka();
    harness.send(queue, bodies("late", 50));
    Thread.sleep(8_000);
    harness.connect.kafka().startOnlyKafkaOnSamePorts();

    List<ConsumerRecord<byte[], byte[]>> records = harness.readTopic("expiry", 50, 120_000);
    Map<String, Long> copies =
        records.stream()
            .collect(Collectors.groupingBy(r -> text(r.value()), Collectors.counting()));
    assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(bodies("late", 50));
    assertThat(records.size())
        .as("without extension, messages reappeared while Kafka was down and came twice")
        .isGreaterThan(50);
    harness.awaitQueueEmpty(queue, 60_000);
  }

  @Test
  void aTaskRestartMidStreamLosesNothing() throws Exception {
    String queue =
        harness.sqs.createQueue("restart", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"));
    harness.connect.kafka().createTopic("restart", 3);
    List<String> bodies = bodies("r", 3000);
    harness.send(queue, bodies);
    harness.startConnector(
        "restart",
        harness.connectorConfig(
            queue, "restart", Map.of("sqs.receive.concurrency", "1", "sqs.max.messages", "5")));
    waitForCondition(
        () -> harness.sqs.messagesLeft(queue) < 2500, 60_000, "the task never started reading");
    harness.connect.restartConnectorAndTasks("restart", false, true, false);

    assertDelivered("restart", queue, bodies);
  }

  @Test
  void aWorkerRestartMidStreamLosesNothing() throws Exception {
    String queue =
        harness.sqs.createQueue("worker", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"));
    harness.connect.kafka().createTopic("worker", 3);
    List<String> bodies = bodies("w", 3000);
    harness.send(queue, bodies);
    harness.startConnector(
        "worker",
        harness.connectorConfig(
            queue, "worker", Map.of("sqs.receive.concurrency", "1", "sqs.max.messages", "5")));
    waitForCondition(
        () -> harness.sqs.messagesLeft(queue) < 2500, 60_000, "the task never started reading");
    harness.connect.removeWorker();
    harness.connect.addWorker();

    assertDelivered("worker", queue, bodies);
  }

  @Test
  void aTaskRestartOnAFifoQueueWithABacklogResumesEveryGroupWithinALongPollInOrder()
      throws Exception {
    int groups = 8;
    int perGroup = 30;
    int waitSeconds = 20;
    String queue =
        harness.sqs.createQueue(
            "groups.fifo",
            Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "60"));
    harness.connect.kafka().createTopic("groups", 1);
    int[] all = IntStream.range(0, groups).toArray();
    for (int seq = 0; seq < perGroup; seq++) {
      harness.sqs.sendToGroups(queue, all, seq);
    }
    harness.startConnector(
        "groups",
        harness.connectorConfig(
            queue,
            "groups",
            Map.of(
                "sqs.wait.time.seconds", Integer.toString(waitSeconds), "sqs.max.messages", "1")));
    try (TopicWatch watch = new TopicWatch(harness, "groups")) {
      waitForCondition(() -> watch.size() >= groups * 3, 60_000, "the task never started reading");
      harness.connect.restartConnectorAndTasks("groups", false, true, false);
      long restarted = System.nanoTime();
      waitForCondition(
          () -> watch.distinct() == groups * perGroup, 120_000, () -> "read " + watch.distinct());

      Map<String, List<Integer>> order = watch.sequencesByGroup();
      assertThat(order).hasSize(groups);
      order.forEach(
          (group, seqs) ->
              assertThat(seqs.stream().distinct().toList())
                  .as("group %s in order", group)
                  .containsExactlyElementsOf(IntStream.range(0, perGroup).boxed().toList()));
      Map<String, Long> resumedAfterMs = watch.firstArrivalAfter(restarted);
      assertThat(resumedAfterMs)
          .as("every group had messages left after the restart")
          .hasSize(groups);
      // The stopping task keeps the group heads hidden until its own open long polls have ended
      // and then gives them back in one go: giving them back at once let those polls receive them
      // again, round after round, each receive one more towards the queue's maxReceiveCount (the
      // dead-letter queue, never Kafka). So a group waits at most about one long poll, never more
      // (the margin is for a slow machine), and no message is received more than twice: once by
      // the stopping task, once by the restarted one.
      assertThat(resumedAfterMs.values())
          .as("ms from the restart to each group's next message in Kafka")
          .allSatisfy(ms -> assertThat(ms).isLessThan(waitSeconds * 1000L + 10_000L));
      assertThat(watch.maxReceiveCount())
          .as("highest SQS receive count of any record")
          .isBetween(1, 2);
      System.out.printf(
          "groups: resumed after %s ms, %d records for %d messages%n",
          resumedAfterMs, watch.size(), groups * perGroup);
    }
    harness.awaitQueueEmpty(queue, 60_000);
  }

  private void assertDelivered(String topic, String queue, List<String> bodies) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records = harness.readTopic(topic, bodies.size(), 120_000);
    List<String> distinct = records.stream().map(r -> text(r.value())).distinct().sorted().toList();
    assertThat(distinct).containsExactlyElementsOf(bodies.stream().sorted().toList());
    System.out.printf(
        "%s: %d messages, %d records, %d duplicates%n",
        topic, bodies.size(), records.size(), records.size() - distinct.size());
    harness.awaitQueueEmpty(queue, 60_000);
  }

  private int visibleMessages(String queue) {
    return harness.sqs.visible(queue);
  }

  private static long taskMetric(String connector, String attribute) throws Exception {
    ObjectName name =
        new ObjectName(
            "dev.streamrelay.connect:type=sqs-source-task,connector="
                + ObjectName.quote(connector)
                + ",task=0");
    return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }

  private static List<String> bodies(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
  }

  /** List concatenation. */
  private static final class Stream2 {
    static List<String> concat(List<String> a, List<String> b) {
      return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
  }
}
