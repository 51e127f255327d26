package dev.streamrelay.connect.sqs;

import static org.apache.kafka.test.TestUtils.waitForCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import dev.streamrelay.testkit.ElasticMq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A task stopping on a FIFO queue whose message groups are all held by it, configured for 20 s long
 * polls: what it gives back, when, and what its stop log counts.
 */
class SqsSourceStopTest {

  private static final int GROUPS = 8;
  private static final int WAIT_SECONDS = 20;

  @RegisterExtension static final ElasticMq sqs = new ElasticMq();

  @Test
  void everyHeadIsBackInSqsWhenStopReturnsAndEveryGroupResumesInOrder() throws Exception {
    String queue = fifoQueue("stop-restart.fifo");
    send(queue, IntStream.range(0, GROUPS), 0, 10);
    SqsSourceTask stopping = new SqsSourceTask();
    stopping.start(props(queue, "stop-restart-a"));
    List<SourceRecord> heads = pollUntil(stopping, GROUPS, 20_000);
    assertThat(heads).extracting(r -> seq(r)).containsOnly(0);
    // Kafka acknowledges every head: the groups unlock and the task's open long polls receive the
    // next head of every group, which it holds without handing it to Kafka.
    heads.forEach(r -> stopping.commitRecord(r, metadata()));
    waitForCondition(
        () -> sqs.messagesLeft(queue) == GROUPS * 9 && notVisible(queue) == GROUPS,
        20_000,
        () -> "left " + sqs.messagesLeft(queue) + ", hidden " + notVisible(queue));
    Thread.sleep(300); // the receivers that returned are back in their long polls

    long stoppedAt = System.nanoTime();
    stopping.stop();
    // Its receives waited at most a second while it held the heads (a 20 s poll would have kept
    // every group from the next task until it ended), so they ended within stop's grace and every
    // head is back in SQS when stop() returns.
    assertThat(notVisible(queue))
        .as("messages the stopped task still hides from the next one")
        .isZero();
    SqsSourceTask next = new SqsSourceTask();
    next.start(props(queue, "stop-restart-b"));

    Map<String, List<Integer>> sequences = new LinkedHashMap<>();
    long allGroupsAt = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int received = 0;
    while (received < GROUPS * 9 && System.nanoTime() < deadline) {
      List<SourceRecord> batch = next.poll();
      if (batch == null) {
        continue;
      }
      for (SourceRecord r : batch) {
        sequences.computeIfAbsent((String) r.key(), g -> new ArrayList<>()).add(seq(r));
        next.commitRecord(r, metadata());
        received++;
      }
      if (allGroupsAt == 0 && sequences.size() == GROUPS) {
        allGroupsAt = System.nanoTime();
      }
    }
    next.stop();

    assertThat(allGroupsAt).as("every group reached the next task").isPositive();
    // The stopping task gives its heads back once its own receives have ended: given back
    // while they are open, the polls receive them again (and again), each time one more receive
    // towards the queue's maxReceiveCount (SqsSourceStopReceiveCountTest).
    assertThat(TimeUnit.NANOSECONDS.toSeconds(allGroupsAt - stoppedAt))
        .as(
            "seconds until every group's next message reached the restarted task: a liveness"
                + " bound only (the heads are back in SQS when stop() returns, asserted above;"
                + " with the %d s polls of before they came back when those polls ended)",
            WAIT_SECONDS)
        .isLessThan(WAIT_SECONDS + 10);
    assertThat(sequences).hasSize(GROUPS);
    sequences.forEach(
        (group, seqs) ->
            assertThat(seqs)
                .as("group %s in order, each message once", group)
                .containsExactlyElementsOf(IntStream.range(1, 10).boxed().toList()));
  }

  @Test
  void theStopLogCountsRecordsHandedToKafkaApartFromMessagesNeverPolled() throws Exception {
    String name = "stop-count";
    AtomicReference<String> queue = new AtomicReference<>(fifoQueue("stop-count.fifo"));
    // The first time the stopping task gives messages back, wait until its open long polls have
    // received them again (SQS hides all 8 heads again), so the count at stop sees them whichever
    // order the threads run in.
    AtomicBoolean firstGiveBack = new AtomicBoolean(true);
    SqsClient client = mock(SqsClient.class, delegatesTo(sqs.client()));
    doAnswer(
            call -> {
              Object response =
                  sqs.client()
                      .changeMessageVisibilityBatch(
                          call.<ChangeMessageVisibilityBatchRequest>getArgument(0));
              if (firstGiveBack.getAndSet(false)) {
                awaitHidden(queue.get(), GROUPS);
              }
              return response;
            })
        .when(client)
        .changeMessageVisibilityBatch(any(ChangeMessageVisibilityBatchRequest.class));
    SqsSourceTask task = new SqsSourceTask(client);
    task.start(props(queue.get(), name));
    send(queue.get(), IntStream.range(0, 3), 0, 3);
    assertThat(pollUntil(task, 3, 20_000)).hasSize(3);
    send(queue.get(), IntStream.range(3, GROUPS), 0, 3);
    waitForCondition(() -> notVisible(queue.get()) == GROUPS, 20_000, "the task holds every head");
    Thread.sleep(300);

    List<String> lines = new CopyOnWriteArrayList<>();
    AppenderSkeleton capture =
        new AppenderSkeleton() {
          @Override
          protected void append(LoggingEvent event) {
            lines.add(event.getRenderedMessage());
          }

          @Override
          public void close() {}

          @Override
          public boolean requiresLayout() {
            return false;
          }
        };
    Logger logger = Logger.getLogger("dev.streamrelay.connect.sqs");
    logger.addAppender(capture);
    try {
      task.stop();
    } finally {
      logger.removeAppender(capture);
    }

    String stopLine =
        lines.stream()
            .filter(l -> l.contains("records Kafka has not acknowledged"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no stop line in " + lines));
    assertThat(count(stopLine, "(\\d+) records Kafka has not acknowledged"))
        .as("records handed to Kafka and not acknowledged, in: %s", stopLine)
        .isEqualTo(3);
    assertThat(count(stopLine, "(\\d+) messages received but not yet polled"))
        .as("counted apart, in: %s", stopLine)
        .isEqualTo(GROUPS - 3);
  }

  private static int count(String line, String regex) {
    Matcher m = Pattern.compile(regex).matcher(line);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** Waits (at most 5 s) until SQS hides {@code count} messages, then lets the receives land. */
  private static void awaitHidden(String queue, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline && notVisible(queue) < count) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
  }

  private static String fifoQueue(String name) {
    return sqs.createQueue(
        name,
        Map.of(
            QueueAttributeName.FIFO_QUEUE, "true",
            QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
            QueueAttributeName.VISIBILITY_TIMEOUT, "600"));
  }

  /** Sends {@code g<group>:<seq>} for each group and seq in [from, to), in sequence order. */
  private static void send(String queue, IntStream groups, int from, int to) {
    int[] gs = groups.toArray();
    for (int seq = from; seq < to; seq++) {
      sqs.sendToGroups(queue, gs, seq);
    }
  }

  private static int seq(SourceRecord record) {
    return Integer.parseInt(((String) record.value()).split(":")[1]);
  }

  private static Map<String, String> props(String queue, String name) {
    Map<String, String> props = new HashMap<>();
    props.put("name", name);
    props.put("sqs.queue.urls", queue);
    props.put("kafka.topic", "t");
    props.put("sqs.wait.time.seconds", Integer.toString(WAIT_SECONDS));
    props.put("sqs.receive.concurrency", "12");
    props.put("sqs.max.messages", "1");
    props.put("aws.endpoint.url", sqs.endpoint());
    props.put("aws.access.key.id", "test");
    props.put("aws.secret.access.key", "test");
    return props;
  }

  private static List<SourceRecord> pollUntil(SqsSourceTask task, int count, long timeoutMs)
      throws Exception {
    List<SourceRecord> records = new ArrayList<>();
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (records.size() < count && System.currentTimeMillis() < deadline) {
      List<SourceRecord> batch = task.poll();
      if (batch != null) {
        records.addAll(batch);
      }
    }
    return records;
  }

  private static int notVisible(String queue) {
    return sqs.inFlight(queue);
  }

  private static RecordMetadata metadata() {
    return new RecordMetadata(new TopicPartition("t", 0), 0, 0, 0, 0, 0);
  }
}
