package dev.streamrelay.connect.sqs.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.streamrelay.connect.sqs.Messages;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.pipeline.SqsRetries;
import dev.streamrelay.connect.sqs.pipeline.TaskFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

class QueueReceiverTest {

  private final SqsClient sqs = mock(SqsClient.class);
  private final List<ReceiveMessageRequest> requests = new CopyOnWriteArrayList<>();
  private final InFlightLedger ledger = new InFlightLedger(100, 1 << 20);
  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private final TaskFailure failure = new TaskFailure();
  private final SqsSourceTaskMetrics metrics =
      new SqsSourceTaskMetrics(ledger::size, ledger::bytes);
  private final ReceiveSettings settings =
      new ReceiveSettings(
          10, Duration.ofSeconds(20), Optional.of(Duration.ofSeconds(60)), List.of("All"));

  @Test
  void aFifoReceiveRetriedAfterANetworkErrorReusesItsAttemptIdAndThrottlingRenewsIt()
      throws Exception {
    SqsQueue fifo = Messages.queue("orders.fifo", Duration.ofSeconds(60));
    QueueReceiver receiver = receiver(fifo);
    when(sqs.receiveMessage(any(ReceiveMessageRequest.class)))
        .thenAnswer(record(SdkClientException.create("connection reset")))
        .thenAnswer(record(throttled()))
        .thenAnswer(
            inv -> {
              requests.add(inv.getArgument(0));
              receiver.stop();
              return ReceiveMessageResponse.builder()
                  .messages(Message.builder().messageId("m1").receiptHandle("h1").body("b").build())
                  .build();
            });

    receiver.run();

    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).receiveRequestAttemptId()).isNotNull();
    assertThat(requests.get(1).receiveRequestAttemptId())
        .isEqualTo(requests.get(0).receiveRequestAttemptId());
    assertThat(requests.get(2).receiveRequestAttemptId())
        .isNotEqualTo(requests.get(1).receiveRequestAttemptId());
    assertThat(requests.get(2).maxNumberOfMessages()).isEqualTo(10);
    assertThat(requests.get(2).waitTimeSeconds()).isEqualTo(20);
    assertThat(requests.get(2).visibilityTimeout()).isEqualTo(60);
    assertThat(requests.get(2).messageAttributeNames()).containsExactly("All");
    assertThat(buffer.take(10, 0)).extracting(ReceivedMessage::messageId).containsExactly("m1");
    assertThat(metrics.getReceiveErrors()).isEqualTo(2);
    assertThat(ledger.reserve(99, 0)).as("unused reservations returned").isTrue();
    assertThat(ledger.reserve(1, 0)).as("the received message holds its slot").isFalse();
  }

  @Test
  void aFifoReceiveWaitsOneSecondWhileTheTaskHoldsMessagesAndTheFullLongPollOtherwise()
      throws Exception {
    List<Integer> waits =
        waitsOfThreeReceives(Messages.queue("orders.fifo", Duration.ofSeconds(60)));

    assertThat(waits)
        .as(
            "first receive with nothing held, then two while the first one's message is held"
                + " (the second retried after a network error, repeating its request)")
        .containsExactly(
            20, QueueReceiver.FIFO_BUSY_WAIT_SECONDS, QueueReceiver.FIFO_BUSY_WAIT_SECONDS);
  }

  @Test
  void aStandardQueueReceiveAlwaysWaitsTheFullLongPoll() throws Exception {
    List<Integer> waits = waitsOfThreeReceives(Messages.queue("events", Duration.ofSeconds(30)));

    assertThat(waits).containsExactly(20, 20, 20);
  }

  /** Receive 1 returns a message (held, never polled), 2 fails on the network, 3 is empty. */
  private List<Integer> waitsOfThreeReceives(SqsQueue queue) {
    QueueReceiver receiver = receiver(queue);
    when(sqs.receiveMessage(any(ReceiveMessageRequest.class)))
        .thenAnswer(
            inv -> {
              requests.add(inv.getArgument(0));
              return ReceiveMessageResponse.builder()
                  .messages(Message.builder().messageId("m1").receiptHandle("h1").body("b").build())
                  .build();
            })
        .thenAnswer(record(SdkClientException.create("connection reset")))
        .thenAnswer(
            inv -> {
              requests.add(inv.getArgument(0));
              receiver.stop();
              return ReceiveMessageResponse.builder().build();
            });

    receiver.run();

    return requests.stream().map(ReceiveMessageRequest::waitTimeSeconds).toList();
  }

  @Test
  void standardQueuesSendNoAttemptId() throws Exception {
    SqsQueue standard = Messages.queue("events", Duration.ofSeconds(30));
    QueueReceiver receiver = receiver(standard);
    when(sqs.receiveMessage(any(ReceiveMessageRequest.class)))
        .thenAnswer(
            inv -> {
              requests.add(inv.getArgument(0));
              receiver.stop();
              return ReceiveMessageResponse.builder().build();
            });

    receiver.run();

    assertThat(requests)
        .singleElement()
        .satisfies(r -> assertThat(r.receiveRequestAttemptId()).isNull());
    assertThat(ledger.reserve(100, 0)).as("no slot held").isTrue();
  }

  @Test
  void accessDeniedStopsTheReceiverAndFailsTheTaskNamingThePermission() {
    SqsQueue queue = Messages.queue("events", Duration.ofSeconds(30));
    when(sqs.receiveMessage(any(ReceiveMessageRequest.class)))
        .thenThrow(
            SqsException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
                .message("not allowed")
                .build());

    receiver(queue).run();

    org.assertj.core.api.Assertions.assertThatThrownBy(failure::throwIfFailed)
        .hasMessageContaining("https://sqs.eu-west-1.amazonaws.com/123456789012/events")
        .hasMessageContaining("sqs:ReceiveMessage");
  }

  private QueueReceiver receiver(SqsQueue queue) {
    return new QueueReceiver(
        sqs,
        queue,
        settings,
        ledger,
        buffer,
        messages -> {
          throw new AssertionError("nothing is given back while running");
        },
        failure,
        SqsRetries.standard().receive(),
        metrics);
  }

  private org.mockito.stubbing.Answer<ReceiveMessageResponse> record(RuntimeException e) {
    return inv -> {
      requests.add(inv.getArgument(0));
      throw e;
    };
  }

  private static SqsException throttled() {
    return (SqsException)
        SqsException.builder()
            .statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build())
            .message("slow down")
            .build();
  }
}
