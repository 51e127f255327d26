package dev.streamrelay.connect.sqs;

import static org.apache.kafka.test.TestUtils.waitForCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import dev.streamrelay.testkit.ElasticMq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** The task on its own against ElasticMQ, with Kafka's acknowledgements played by the test. */
class SqsSourceTaskTest {

  @RegisterExtension static final ElasticMq sqs = new ElasticMq();

  @Test
  void onlyAcknowledgedMessagesAreDeletedAndUnsentOnesReturnToTheQueueOnStop() throws Exception {
    String queue =
        sqs.createQueue("task-ack", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "600"));
    send(queue, 30);
    SqsSourceTask task =
        start(queue, Map.of("sqs.receive.concurrency", "1", "sqs.max.inflight.messages", "20"));

    List<SourceRecord> polled = pollUntil(task, 20);
    assertThat(polled).hasSize(20);
    for (SourceRecord record : polled.subList(0, 12)) {
      task.commitRecord(record, metadata());
    }
    waitForCondition(() -> sqs.messagesLeft(queue) == 18, 10_000, "12 deletes");
    task.stop();

    // 8 polled but never acknowledged stay hidden (their 600 s timeout); the 10 never polled
    // came back at once.
    assertThat(sqs.messagesLeft(queue)).isEqualTo(18);
    waitForCondition(() -> visible(queue) == 10, 10_000, () -> "visible: " + visible(queue));
  }

  @Test
  void recordsKafkaAcknowledgesAfterStopReturnedAreStillDeleted() throws Exception {
    // Kafka Connect calls stop() first and closes the producer after it, so acknowledgements of
    // records sent before a broker outage can come in after stop() returned.
    String queue =
        sqs.createQueue("task-late-acks", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "600"));
    send(queue, 10);
    SqsSourceTask task = start(queue, Map.of("sqs.receive.concurrency", "1"));
    List<SourceRecord> polled = pollUntil(task, 10);
    assertThat(polled).hasSize(10);

    task.stop();
    polled.forEach(r -> task.commitRecord(r, metadata()));

    waitForCondition(
        () -> sqs.messagesLeft(queue) == 0,
        10_000,
        () -> "messages left: " + sqs.messagesLeft(queue));
  }

  @Test
  void theInFlightBoundStopsReceivingUntilKafkaCatchesUp() throws Exception {
    String queue = sqs.createQueue("task-bound", Map.of());
    send(queue, 50);
    SqsSourceTask task =
        start(queue, Map.of("sqs.receive.concurrency", "2", "sqs.max.inflight.messages", "10"));

    List<SourceRecord> first = pollUntil(task, 10);
    Thread.sleep(1_500);
    assertThat(task.poll()).as("nothing beyond the bound").isNull();
    first.forEach(r -> task.commitRecord(r, metadata()));
    assertThat(pollUntil(task, 10)).hasSize(10);
    task.stop();
  }

  @Test
  void aBodyThatDoesNotFitTheFormatFailsTheTaskOrIsLeftAsConfigured() throws Exception {
    String queue = sqs.createQueue("task-invalid", Map.of());
    sqs.client().sendMessage(r -> r.queueUrl(queue).messageBody("not base64 !"));
    sqs.client().sendMessage(r -> r.queueUrl(queue).messageBody("aGVsbG8="));

    SqsSourceTask failing =
        start(
            queue,
            Map.of(
                "sqs.record.value.format",
                "base64",
                "sqs.receive.concurrency",
                "1",
                "sqs.max.messages",
                "1"));
    assertThatThrownBy(() -> pollUntil(failing, 2))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("task-invalid")
        .hasMessageContaining("sqs.invalid.body.action=leave");
    failing.stop();

    String other = sqs.createQueue("task-invalid-leave", Map.of());
    sqs.client().sendMessage(r -> r.queueUrl(other).messageBody("not base64 !"));
    sqs.client().sendMessage(r -> r.queueUrl(other).messageBody("aGVsbG8="));
    SqsSourceTask leaving =
        start(
            other, Map.of("sqs.record.value.format", "base64", "sqs.invalid.body.action", "leave"));
    List<SourceRecord> records = pollUntil(leaving, 1);
    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat((byte[]) r.value()).asString().isEqualTo("hello"));
    leaving.stop();
  }

  @Test
  void aMessageTooLargeForKafkaFailsTheTaskOrIsLeftWhileTheOthersFlow() throws Exception {
    String queue = sqs.createQueue("task-too-large", Map.of());
    sqs.client().sendMessage(r -> r.queueUrl(queue).messageBody("x".repeat(3000)));
    sqs.client().sendMessage(r -> r.queueUrl(queue).messageBody("small"));
    Map<String, String> limit =
        Map.of("sqs.max.record.bytes", "2048", "sqs.receive.concurrency", "1");

    SqsSourceTask failing = start(queue, limit);
    assertThatThrownBy(() -> pollUntil(failing, 2))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("task-too-large")
        .hasMessageContaining("over sqs.max.record.bytes=2048")
        .hasMessageContaining("sqs.invalid.body.action=leave");
    failing.stop();
    waitForCondition(() -> visible(queue) == 2, 10_000, "both messages back in the queue");

    Map<String, String> leave = new HashMap<>(limit);
    leave.put("sqs.invalid.body.action", "leave");
    SqsSourceTask leaving = start(queue, leave);
    List<SourceRecord> records = pollUntil(leaving, 1);
    assertThat(records).extracting(SourceRecord::value).containsExactly("small");
    records.forEach(r -> leaving.commitRecord(r, metadata()));
    waitForCondition(() -> sqs.messagesLeft(queue) == 1, 10_000, "only the large one left");
    leaving.stop();
  }

  @ParameterizedTest(name = "response {0} ms after the call")
  @ValueSource(ints = {700, 3500})
  void messagesWhoseReceiveIsStillReturningWhenTheTaskStopsGoBackToTheQueueAtOnce(int delayMs)
      throws Exception {
    String queue =
        sqs.createQueue(
            "task-stop-mid-receive-" + delayMs,
            Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "600"));
    send(queue, 10);
    // Imitates a response still on the wire when stop() comes: SQS has hidden the messages already,
    // and the SDK aborts the call if the thread is interrupted.
    SqsClient slowResponses = mock(SqsClient.class, delegatesTo(sqs.client()));
    CountDownLatch received = new CountDownLatch(1);
    doAnswer(
            call -> {
              ReceiveMessageResponse response =
                  sqs.client().receiveMessage(call.<ReceiveMessageRequest>getArgument(0));
              if (response.hasMessages() && !response.messages().isEmpty()) {
                received.countDown();
              }
              try {
                Thread.sleep(delayMs);
              } catch (InterruptedException e) {
                throw AbortedException.create("Thread was interrupted");
              }
              return response;
            })
        .when(slowResponses)
        .receiveMessage(any(ReceiveMessageRequest.class));
    SqsSourceTask task = new SqsSourceTask(slowResponses);
    task.start(props(queue, Map.of("sqs.receive.concurrency", "1")));
    assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();

    task.stop();

    waitForCondition(() -> visible(queue) == 10, 10_000, () -> "visible: " + visible(queue));
  }

  @Test
  void unusualBodiesArriveUnchanged() throws Exception {
    String queue =
        sqs.createQueue("task-bodies", Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576"));
    // The largest body the default sqs.max.record.bytes lets through with its headers.
    String large = "x".repeat(999_000);
    String unicode = "zażółć gęślą jaźń \u6771\u4eac \ud83d\ude80 \t\n\r end";
    String notJson = "{\"unterminated\": ";
    for (String body : List.of(large, unicode, notJson)) {
      sqs.client().sendMessage(r -> r.queueUrl(queue).messageBody(body));
    }
    SqsSourceTask task = start(queue, Map.of());

    List<SourceRecord> records = pollUntil(task, 3);

    assertThat(records)
        .extracting(SourceRecord::value)
        .containsExactlyInAnyOrder(large, unicode, notJson);
    records.forEach(r -> task.commitRecord(r, metadata()));
    waitForCondition(() -> sqs.messagesLeft(queue) == 0, 10_000, "all deleted");
    task.stop();
  }

  @Test
  void aQueueThatDisappearsFailsTheTaskWithTheQueueAndTheFix() throws Exception {
    String queue = sqs.createQueue("task-gone", Map.of());
    SqsSourceTask task = start(queue, Map.of("sqs.wait.time.seconds", "1"));
    sqs.client().deleteQueue(r -> r.queueUrl(queue));

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 40; i++) {
                task.poll();
              }
            })
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(queue)
        .hasMessageContaining("does not exist");
    task.stop();
  }

  @Test
  void aMissingQueueFailsTheStartWithTheFix() {
    SqsSourceTask task = new SqsSourceTask();
    Map<String, String> props = props(sqs.endpoint() + "/000000000000/no-such-queue", Map.of());

    assertThatThrownBy(() -> task.start(props))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("no-such-queue")
        .hasMessageContaining("check sqs.queue.urls");
    task.stop();
  }

  private static SqsSourceTask start(String queue, Map<String, String> extra) {
    SqsSourceTask task = new SqsSourceTask();
    task.start(props(queue, extra));
    return task;
  }

  private static Map<String, String> props(String queue, Map<String, String> extra) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "task-test");
    props.put("sqs.queue.urls", queue);
    props.put("kafka.topic", "t");
    props.put("sqs.wait.time.seconds", "1");
    props.put("aws.endpoint.url", sqs.endpoint());
    props.put("aws.access.key.id", "test");
    props.put("aws.secret.access.key", "test");
    props.putAll(extra);
    return props;
  }

  private static List<SourceRecord> pollUntil(SqsSourceTask task, int count) throws Exception {
    List<SourceRecord> records = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 20_000;
    while (records.size() < count && System.currentTimeMillis() < deadline) {
      List<SourceRecord> batch = task.poll();
      if (batch != null) {
        records.addAll(batch);
      }
    }
    return records;
  }

  private static void send(String queue, int count) {
    for (int i = 0; i < count; i++) {
      String body = "m" + i;
      sqs.client().sendMessage(r -> r.queueUrl(queue).messageBody(body));
    }
  }

  private static int visible(String queue) {
    return sqs.visible(queue);
  }

  private static RecordMetadata metadata() {
    return new RecordMetadata(new TopicPartition("t", 0), 0, 0, 0, 0, 0);
  }
}
