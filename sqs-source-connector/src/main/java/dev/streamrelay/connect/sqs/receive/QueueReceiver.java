package dev.streamrelay.connect.sqs.receive;

import dev.streamrelay.connect.aws.RetryPolicy;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * One receiver: a loop of long-polling ReceiveMessage calls on one queue, run on its own thread. It
 * reserves room in the {@link InFlightLimiter} before each call, so it pauses while Kafka is
 * behind. Throttling, 5xx and network errors are retried with capped, jittered backoff; a missing
 * queue or missing permission fails the task through the {@link ReceiveBuffer}. On FIFO queues a
 * ReceiveRequestAttemptId makes a retried receive return the same messages instead of hiding them.
 */
public final class QueueReceiver implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(QueueReceiver.class);
  private static final long RESERVE_WAIT_MS = 500;

  private final SqsClient sqs;
  private final SqsQueue queue;
  private final ReceiveSettings settings;
  private final InFlightLimiter limiter;
  private final PendingMessages pending;
  private final ReceiveBuffer buffer;
  private final SqsSourceTaskMetrics metrics;
  private final RetryPolicy backoff =
      RetryPolicy.unbounded(Duration.ofMillis(200), Duration.ofSeconds(20));

  /** Counted down by {@link #stop()}; also what a backoff pause waits on. */
  private final CountDownLatch stopped = new CountDownLatch(1);

  public QueueReceiver(
      SqsClient sqs,
      SqsQueue queue,
      ReceiveSettings settings,
      InFlightLimiter limiter,
      PendingMessages pending,
      ReceiveBuffer buffer,
      SqsSourceTaskMetrics metrics) {
    this.sqs = sqs;
    this.queue = queue;
    this.settings = settings;
    this.limiter = limiter;
    this.pending = pending;
    this.buffer = buffer;
    this.metrics = metrics;
  }

  /** Asks the loop to end after the current call; a backoff pause ends at once. */
  public void stop() {
    stopped.countDown();
  }

  @Override
  public void run() {
    String attemptId = null;
    int failures = 0;
    try {
      while (running()) {
        if (!limiter.reserve(settings.maxMessages(), RESERVE_WAIT_MS)) {
          continue;
        }
        if (queue.fifo() && attemptId == null) {
          attemptId = UUID.randomUUID().toString();
        }
        List<Message> messages;
        try {
          metrics.receiveCalls.increment();
          messages = sqs.receiveMessage(request(attemptId)).messages();
        } catch (SdkException e) {
          limiter.release(settings.maxMessages(), 0);
          // After stop, or aborted: the task closed its client under a call it gave up waiting for.
          if (!running() || e instanceof AbortedException) {
            return;
          }
          if (SqsErrors.isFatal(e)) {
            buffer.fail(
                new ConnectException(
                    "Stopping: cannot receive from SQS queue "
                        + queue
                        + ". "
                        + SqsErrors.fix(e, queue.toString(), "ReceiveMessage"),
                    e));
            return;
          }
          metrics.receiveErrors.increment();
          if (SqsErrors.isThrottling(e)) {
            // A throttled FIFO receive must not be retried with the same attempt id.
            attemptId = null;
          }
          long delay = backoff.delayMs(failures++);
          log.warn(
              "ReceiveMessage on {} failed ({}); retrying in {} ms: {}",
              queue,
              SqsErrors.errorCode(e),
              delay,
              e.getMessage());
          stopped.await(delay, TimeUnit.MILLISECONDS);
          continue;
        }
        failures = 0;
        attemptId = null;
        accept(messages);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      buffer.fail(
          new ConnectException("Receiver of SQS queue " + queue + " failed unexpectedly", e));
    }
  }

  private boolean running() {
    return stopped.getCount() > 0;
  }

  private void accept(List<Message> messages) {
    limiter.release(settings.maxMessages() - messages.size(), 0);
    if (messages.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    List<ReceivedMessage> received = new ArrayList<>(messages.size());
    long bytes = 0;
    for (Message message : messages) {
      ReceivedMessage m = new ReceivedMessage(queue, message, now);
      bytes += m.bodyBytes();
      received.add(m);
    }
    limiter.addBytes(bytes);
    metrics.received.add(received.size());
    pending.addAll(received);
    buffer.add(received);
    log.debug("Received {} messages ({} bytes) from {}", received.size(), bytes, queue);
  }

  private ReceiveMessageRequest request(String attemptId) {
    ReceiveMessageRequest.Builder request =
        ReceiveMessageRequest.builder()
            .queueUrl(queue.url().url())
            .maxNumberOfMessages(settings.maxMessages())
            .waitTimeSeconds((int) settings.waitTime().toSeconds())
            .messageSystemAttributeNames(MessageSystemAttributeName.ALL);
    if (!settings.attributeNames().isEmpty()) {
      request.messageAttributeNames(settings.attributeNames());
    }
    settings.visibilityTimeout().ifPresent(t -> request.visibilityTimeout((int) t.toSeconds()));
    if (attemptId != null) {
      request.receiveRequestAttemptId(attemptId);
    }
    return request.build();
  }
}
