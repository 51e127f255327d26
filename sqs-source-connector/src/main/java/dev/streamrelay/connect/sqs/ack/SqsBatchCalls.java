package dev.streamrelay.connect.sqs.ack;

import dev.streamrelay.connect.common.RetryPolicy;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.pipeline.TaskFailure;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsErrors;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * DeleteMessageBatch and ChangeMessageVisibilityBatch for any messages: they are grouped by queue
 * and sent in calls of at most 10 entries, in the order given. A failed entry (typically an expired
 * receipt handle) is counted and logged, never fatal: that message comes back from SQS and reaches
 * Kafka again. A whole call that fails is retried by the {@link RetryPolicy} on top of the SDK's
 * own retries; a refused call (missing permission, missing queue) fails the task, since every
 * message would otherwise come back forever.
 */
public final class SqsBatchCalls {

  /** The SQS limit of entries per batch call. */
  static final int MAX_ENTRIES = 10;

  private static final Logger log = LoggerFactory.getLogger(SqsBatchCalls.class);

  private final SqsClient sqs;
  private final SqsSourceTaskMetrics metrics;
  private final TaskFailure failure;
  private final RetryPolicy retry;

  public SqsBatchCalls(
      SqsClient sqs, SqsSourceTaskMetrics metrics, TaskFailure failure, RetryPolicy retry) {
    this.sqs = sqs;
    this.metrics = metrics;
    this.failure = failure;
    this.retry = retry;
  }

  /**
   * Deletes {@code messages}.
   *
   * @return the messages that could not be deleted
   */
  public List<ReceivedMessage> delete(Collection<ReceivedMessage> messages)
      throws InterruptedException {
    List<ReceivedMessage> failed = new ArrayList<>();
    for (List<ReceivedMessage> batch : batches(messages)) {
      SqsQueue queue = batch.get(0).queue();
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        entries.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(batch.get(i).receiptHandle())
                .build());
      }
      List<BatchResultErrorEntry> errors =
          call(
              queue,
              "DeleteMessage",
              batch,
              () -> {
                metrics.deleteCall();
                return sqs.deleteMessageBatch(
                        DeleteMessageBatchRequest.builder()
                            .queueUrl(queue.url().url())
                            .entries(entries)
                            .build())
                    .failed();
              });
      List<ReceivedMessage> notDeleted = entriesOf(batch, errors);
      metrics.deleted(batch.size() - notDeleted.size());
      metrics.deleteFailed(notDeleted.size());
      if (errors != null && !errors.isEmpty()) {
        logEntryFailures(
            "delete",
            queue,
            batch,
            errors,
            "they will be received again after their visibility timeout and written to Kafka"
                + " twice");
      }
      failed.addAll(notDeleted);
    }
    return failed;
  }

  /**
   * Hides {@code messages} for one more visibility timeout of their queue, from now.
   *
   * @return the messages whose visibility could not be changed
   */
  public List<ReceivedMessage> extendVisibility(Collection<ReceivedMessage> messages)
      throws InterruptedException {
    return changeVisibility(messages, null);
  }

  /**
   * Makes {@code messages} visible in SQS at once (visibility timeout 0), for messages that will
   * never reach Kafka from this task.
   *
   * @return the messages that stay hidden until their visibility timeout
   */
  public List<ReceivedMessage> giveBack(Collection<ReceivedMessage> messages)
      throws InterruptedException {
    return changeVisibility(messages, Duration.ZERO);
  }

  private List<ReceivedMessage> changeVisibility(
      Collection<ReceivedMessage> messages, Duration timeout) throws InterruptedException {
    List<ReceivedMessage> failed = new ArrayList<>();
    for (List<ReceivedMessage> batch : batches(messages)) {
      SqsQueue queue = batch.get(0).queue();
      int seconds = (int) (timeout != null ? timeout : queue.visibilityTimeout()).toSeconds();
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        entries.add(
            ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(batch.get(i).receiptHandle())
                .visibilityTimeout(seconds)
                .build());
      }
      List<BatchResultErrorEntry> errors =
          call(
              queue,
              "ChangeMessageVisibility",
              batch,
              () ->
                  sqs.changeMessageVisibilityBatch(
                          ChangeMessageVisibilityBatchRequest.builder()
                              .queueUrl(queue.url().url())
                              .entries(entries)
                              .build())
                      .failed());
      if (errors != null && !errors.isEmpty()) {
        logEntryFailures(
            "change the visibility of",
            queue,
            batch,
            errors,
            "they may be received again while still on their way to Kafka");
      }
      failed.addAll(entriesOf(batch, errors));
    }
    return failed;
  }

  /** Calls {@code call} under the retry policy; null when the call itself failed for good. */
  private List<BatchResultErrorEntry> call(
      SqsQueue queue, String action, List<ReceivedMessage> batch, BatchCall call)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (SdkException e) {
        if (SqsErrors.isFatal(e)) {
          failure.fail(
              new ConnectException(
                  "Stopping: "
                      + action
                      + " on SQS queue "
                      + queue
                      + " is refused, so every message would be received again forever. "
                      + SqsErrors.fix(e, queue.toString(), action),
                  e));
          return null;
        }
        if (!retry.retryAgain(attempt, 0)) {
          log.warn(
              "Giving up {} of {} messages on {} after {} attempts ({}): {}",
              action,
              batch.size(),
              queue,
              attempt,
              SqsErrors.errorCode(e),
              e.getMessage());
          return null;
        }
        Thread.sleep(retry.delayMs(attempt - 1));
      }
    }
  }

  /** {@code messages} grouped by queue, in calls of at most {@link #MAX_ENTRIES}. */
  static List<List<ReceivedMessage>> batches(Collection<ReceivedMessage> messages) {
    Map<SqsQueue, List<ReceivedMessage>> byQueue = new LinkedHashMap<>();
    for (ReceivedMessage m : messages) {
      byQueue.computeIfAbsent(m.queue(), q -> new ArrayList<>()).add(m);
    }
    List<List<ReceivedMessage>> batches = new ArrayList<>();
    for (List<ReceivedMessage> queued : byQueue.values()) {
      for (int from = 0; from < queued.size(); from += MAX_ENTRIES) {
        batches.add(List.copyOf(queued.subList(from, Math.min(queued.size(), from + MAX_ENTRIES))));
      }
    }
    return batches;
  }

  /** The messages of {@code errors}; all of {@code batch} when the call failed ({@code null}). */
  private static List<ReceivedMessage> entriesOf(
      List<ReceivedMessage> batch, List<BatchResultErrorEntry> errors) {
    if (errors == null) {
      return batch;
    }
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

  @FunctionalInterface
  private interface BatchCall {
    List<BatchResultErrorEntry> run();
  }
}
