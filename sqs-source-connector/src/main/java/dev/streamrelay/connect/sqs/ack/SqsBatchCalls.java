package dev.streamrelay.connect.sqs.ack;

import dev.streamrelay.connect.aws.RetryPolicy;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsErrors;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * DeleteMessageBatch and ChangeMessageVisibilityBatch for up to 10 messages of one queue. A failed
 * entry (typically an expired receipt handle) is counted and logged, never fatal: that message
 * comes back from SQS and reaches Kafka again. A whole call that keeps failing is retried a few
 * times; a missing permission is reported as fatal, since every message would come back forever.
 */
public final class SqsBatchCalls {

  /** The SQS limit of entries per batch call. */
  public static final int MAX_ENTRIES = 10;

  private static final Logger log = LoggerFactory.getLogger(SqsBatchCalls.class);
  private static final int CALL_ATTEMPTS = 3;

  private final SqsClient sqs;
  private final SqsSourceTaskMetrics metrics;
  private final Consumer<ConnectException> fatal;
  private final RetryPolicy backoff =
      RetryPolicy.attempts(CALL_ATTEMPTS, Duration.ofMillis(100), Duration.ofSeconds(2));

  public SqsBatchCalls(
      SqsClient sqs, SqsSourceTaskMetrics metrics, Consumer<ConnectException> fatal) {
    this.sqs = sqs;
    this.metrics = metrics;
    this.fatal = fatal;
  }

  /**
   * Deletes {@code batch} (one queue, at most 10 messages).
   *
   * @return the messages that could not be deleted
   */
  public List<ReceivedMessage> delete(SqsQueue queue, List<ReceivedMessage> batch)
      throws InterruptedException {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      entries.add(
          DeleteMessageBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .receiptHandle(batch.get(i).receiptHandle())
              .build());
    }
    for (int attempt = 0; ; attempt++) {
      try {
        metrics.deleteCalls.increment();
        DeleteMessageBatchResponse response =
            sqs.deleteMessageBatch(
                DeleteMessageBatchRequest.builder()
                    .queueUrl(queue.url().url())
                    .entries(entries)
                    .build());
        List<ReceivedMessage> failed = failedEntries(batch, response.failed());
        metrics.deleted.add(batch.size() - failed.size());
        if (!failed.isEmpty()) {
          metrics.deleteFailures.add(failed.size());
          logEntryFailures(
              "delete",
              queue,
              batch,
              response.failed(),
              "they will be received again after their visibility timeout and written to Kafka"
                  + " twice");
        }
        return failed;
      } catch (SdkException e) {
        if (!handleCallFailure(e, queue, "DeleteMessage", attempt, batch.size())) {
          metrics.deleteFailures.add(batch.size());
          return batch;
        }
      }
    }
  }

  /**
   * Sets the visibility timeout of {@code batch} (one queue, at most 10 messages) to {@code
   * timeout} from now.
   *
   * @return the messages whose visibility could not be changed
   */
  public List<ReceivedMessage> changeVisibility(
      SqsQueue queue, List<ReceivedMessage> batch, Duration timeout) throws InterruptedException {
    List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      entries.add(
          ChangeMessageVisibilityBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .receiptHandle(batch.get(i).receiptHandle())
              .visibilityTimeout((int) timeout.toSeconds())
              .build());
    }
    for (int attempt = 0; ; attempt++) {
      try {
        ChangeMessageVisibilityBatchResponse response =
            sqs.changeMessageVisibilityBatch(
                ChangeMessageVisibilityBatchRequest.builder()
                    .queueUrl(queue.url().url())
                    .entries(entries)
                    .build());
        List<ReceivedMessage> failed = failedEntries(batch, response.failed());
        if (!failed.isEmpty()) {
          logEntryFailures(
              "change the visibility of",
              queue,
              batch,
              response.failed(),
              "they may be received again while still on their way to Kafka");
        }
        return failed;
      } catch (SdkException e) {
        if (!handleCallFailure(e, queue, "ChangeMessageVisibility", attempt, batch.size())) {
          return batch;
        }
      }
    }
  }

  /** Decides whether to retry a failed call; false gives up on it. */
  private boolean handleCallFailure(
      SdkException e, SqsQueue queue, String action, int attempt, int size)
      throws InterruptedException {
    if (SqsErrors.isFatal(e)) {
      fatal.accept(
          new ConnectException(
              "Stopping: "
                  + action
                  + " on SQS queue "
                  + queue
                  + " is refused, so every message"
                  + " would be received again forever. "
                  + SqsErrors.fix(e, queue.toString(), action),
              e));
      return false;
    }
    if (!backoff.retryAgain(attempt + 1, 0)) {
      log.warn(
          "Giving up {} of {} messages on {} after {} attempts ({}): {}",
          action,
          size,
          queue,
          CALL_ATTEMPTS,
          SqsErrors.errorCode(e),
          e.getMessage());
      return false;
    }
    Thread.sleep(backoff.delayMs(attempt));
    return true;
  }

  private static List<ReceivedMessage> failedEntries(
      List<ReceivedMessage> batch, List<BatchResultErrorEntry> errors) {
    List<ReceivedMessage> failed = new ArrayList<>(errors.size());
    for (BatchResultErrorEntry error : errors) {
      failed.add(batch.get(Integer.parseInt(error.id())));
    }
    return failed;
  }

  private static void logEntryFailures(
      String action,
      SqsQueue queue,
      List<ReceivedMessage> batch,
      List<BatchResultErrorEntry> errors,
      String consequence) {
    BatchResultErrorEntry first = errors.get(0);
    log.warn(
        "Could not {} {} of {} messages on {} (first: message {} {}: {}); {}",
        action,
        errors.size(),
        batch.size(),
        queue,
        batch.get(Integer.parseInt(first.id())).messageId(),
        first.code(),
        first.message(),
        consequence);
  }
}
