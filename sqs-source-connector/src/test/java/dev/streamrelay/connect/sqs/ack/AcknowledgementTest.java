package dev.streamrelay.connect.sqs.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.streamrelay.connect.sqs.Messages;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.pipeline.SqsRetries;
import dev.streamrelay.connect.sqs.pipeline.TaskFailure;
import dev.streamrelay.connect.sqs.receive.InFlightLedger;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Deletion after Kafka's acknowledgement: batching, failures, and the dropped-record policies. */
class AcknowledgementTest {

  private static final SqsQueue A = Messages.queue("a", Duration.ofSeconds(30));
  private static final SqsQueue B = Messages.queue("b", Duration.ofSeconds(30));

  private final SqsClient sqs = mock(SqsClient.class);
  private final List<DeleteMessageBatchRequest> deletes = new CopyOnWriteArrayList<>();
  private final TaskFailure fatal = new TaskFailure();
  private final InFlightLedger ledger = new InFlightLedger(1000, 1 << 30);
  private final SqsSourceTaskMetrics metrics =
      new SqsSourceTaskMetrics(ledger::size, ledger::bytes);
  private final SqsBatchCalls calls =
      new SqsBatchCalls(sqs, metrics, fatal, SqsRetries.standard().batchCall());
  private final List<MessageDeleter> deleters = new ArrayList<>();

  @AfterEach
  void close() {
    deleters.forEach(MessageDeleter::close);
  }

  /** A deleter with the given policies: sqs.delete.messages, and delete for dropped records. */
  private MessageDeleter deleter(boolean deleteMessages, boolean deleteDropped) {
    MessageDeleter deleter =
        new MessageDeleter(
            "test",
            calls,
            ledger,
            metrics,
            deleteMessages,
            deleteDropped,
            2,
            Duration.ofMillis(20));
    deleters.add(deleter);
    return deleter;
  }

  @Test
  void acknowledgedMessagesAreDeletedInBatchesOfTenPerQueue() throws Exception {
    succeedDeletes();
    List<ReceivedMessage> messages = new ArrayList<>();
    IntStream.range(0, 25).forEach(i -> messages.add(track(Messages.received(A, "a" + i, "x"))));
    IntStream.range(0, 3).forEach(i -> messages.add(track(Messages.received(B, "b" + i, "x"))));
    MessageDeleter ack = deleter(true, false);

    messages.forEach(ack::acknowledged);
    assertThat(ack.flush(Duration.ofSeconds(5))).isTrue();

    assertThat(deletes).allSatisfy(d -> assertThat(d.entries()).hasSizeLessThanOrEqualTo(10));
    assertThat(
            deletes.stream()
                .filter(d -> d.queueUrl().endsWith("/a"))
                .mapToInt(d -> d.entries().size())
                .sum())
        .isEqualTo(25);
    assertThat(
            deletes.stream()
                .filter(d -> d.queueUrl().endsWith("/b"))
                .mapToInt(d -> d.entries().size())
                .sum())
        .isEqualTo(3);
    assertThat(deletes.stream().filter(d -> d.entries().size() == 10))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(metrics.getDeleted()).isEqualTo(28);
    assertThat(metrics.getAcknowledged()).isEqualTo(28);
    assertThat(ledger.size()).isZero();
    assertThat(ledger.reserve(1000, 0)).as("all room free again").isTrue();
  }

  @Test
  void aFailedEntryIsCountedNotFatalAndTheRestAreDeleted() throws Exception {
    when(sqs.deleteMessageBatch(any(DeleteMessageBatchRequest.class)))
        .thenReturn(
            DeleteMessageBatchResponse.builder()
                .failed(
                    BatchResultErrorEntry.builder()
                        .id("1")
                        .code("ReceiptHandleIsInvalid")
                        .senderFault(true)
                        .message("expired")
                        .build())
                .build());
    MessageDeleter ack = deleter(true, false);

    IntStream.range(0, 3).forEach(i -> ack.acknowledged(track(Messages.received(A, "m" + i, "x"))));
    assertThat(ack.flush(Duration.ofSeconds(5))).isTrue();

    assertThat(metrics.getDeleted()).isEqualTo(2);
    assertThat(metrics.getDeleteFailures()).isEqualTo(1);
    assertThat(fatal.failed()).isFalse();
    assertThat(ledger.size()).as("finished either way").isZero();
  }

  @Test
  void aMissingDeletePermissionFailsTheTaskNamingTheQueueAndPermission() throws Exception {
    when(sqs.deleteMessageBatch(any(DeleteMessageBatchRequest.class)))
        .thenThrow(
            SqsException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
                .message("denied")
                .build());
    MessageDeleter ack = deleter(true, false);

    ack.acknowledged(track(Messages.received(A, "m1", "x")));
    assertThat(ack.flush(Duration.ofSeconds(5))).isTrue();

    assertThatThrownBy(fatal::throwIfFailed)
        .hasMessageContaining("https://sqs.eu-west-1.amazonaws.com/123456789012/a")
        .hasMessageContaining("sqs:DeleteMessage");
  }

  @Test
  void aNetworkErrorIsRetriedThenGivenUpWithoutFailingTheTask() throws Exception {
    when(sqs.deleteMessageBatch(any(DeleteMessageBatchRequest.class)))
        .thenThrow(SdkClientException.create("connection reset"))
        .thenReturn(DeleteMessageBatchResponse.builder().build());
    MessageDeleter ack = deleter(true, false);

    ack.acknowledged(track(Messages.received(A, "m1", "x")));
    assertThat(ack.flush(Duration.ofSeconds(5))).isTrue();

    assertThat(metrics.getDeleted()).isEqualTo(1);
    assertThat(metrics.getDeleteCalls()).isEqualTo(2);
    assertThat(fatal.failed()).isFalse();
  }

  @Test
  void droppedRecordsAreLeftInTheQueueByDefaultAndDeletedWhenConfigured() throws Exception {
    succeedDeletes();
    MessageDeleter leave = deleter(true, false);
    leave.dropped(track(Messages.received(A, "kept", "x")));
    assertThat(leave.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(deletes).isEmpty();
    assertThat(metrics.getLeftInQueue()).isEqualTo(1);

    MessageDeleter delete = deleter(true, true);
    delete.dropped(track(Messages.received(A, "gone", "x")));
    assertThat(delete.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(deletes)
        .singleElement()
        .satisfies(d -> assertThat(d.entries().get(0).receiptHandle()).isEqualTo("handle-gone"));
    assertThat(metrics.getDropped()).isEqualTo(2);
    assertThat(ledger.size()).isZero();
  }

  @Test
  void withDeletionOffNothingIsEverDeleted() throws Exception {
    MessageDeleter never = deleter(false, true);

    never.acknowledged(track(Messages.received(A, "m1", "x")));
    never.dropped(track(Messages.received(A, "m2", "x")));
    assertThat(never.flush(Duration.ofSeconds(5))).isTrue();

    verify(sqs, never()).deleteMessageBatch(any(DeleteMessageBatchRequest.class));
    assertThat(metrics.getLeftInQueue()).isEqualTo(2);
    assertThat(ledger.size()).isZero();
  }

  private ReceivedMessage track(ReceivedMessage message) {
    try {
      assertThat(ledger.reserve(1, 0)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    ledger.received(1, List.of(message));
    return message;
  }

  private void succeedDeletes() {
    when(sqs.deleteMessageBatch(any(DeleteMessageBatchRequest.class)))
        .thenAnswer(
            inv -> {
              deletes.add(inv.getArgument(0));
              return DeleteMessageBatchResponse.builder().build();
            });
  }
}
