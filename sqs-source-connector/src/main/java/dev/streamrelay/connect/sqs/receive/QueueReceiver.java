package dev.streamrelay.connect.sqs.receive;

import dev.streamrelay.connect.common.RetryPolicy;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.pipeline.TaskFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * reserves room in the {@link InFlightLedger} before each call, so it pauses while Kafka is behind.
 * Throttling, 5xx and network errors are retried by its {@link RetryPolicy}; a missing queue or
 * missing permission fails the task. On FIFO queues a ReceiveRequestAttemptId makes a retried
 * receive return the same messages instead of hiding them. A receive that returns after the task
 * stopped hands its messages to {@code giveBack} at once: holding them would keep their message
 * groups from every other consumer. Between receives it takes its turn from {@link ReceiveTurns}: a
 * parked receiver starts no receive until its queue needs it again.
 *
 * <p>On a FIFO queue a receive waits at most {@link #FIFO_BUSY_WAIT_SECONDS} s while the task holds
 * messages or has other receives open: the group heads the task holds are what such a poll would
 * wait for, and when the task stops it keeps them hidden until its last open poll ended (see {@code
 * pipeline.StopPolicy}); a 20 s poll would keep every message group from the restarted task for up
 * to 20 s. A lone receive of a task that holds nothing waits the full {@code sqs.wait.time.seconds}
 * (an idle queue still costs 3 calls a minute).
 */
public final class QueueReceiver implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(QueueReceiver.class);
  private static final long RESERVE_WAIT_MS = 500;

  /**
   * The longest wait of a FIFO receive while the task holds messages or other receives are open.
   */
  public static final int FIFO_BUSY_WAIT_SECONDS = 1;

  private final SqsClient sqs;
  private final SqsQueue queue;
  private final ReceiveSettings settings;
  private final InFlightLedger ledger;
  private final ReceiveBuffer buffer;
  private final Consumer<List<ReceivedMessage>> giveBack;
  private final TaskFailure failure;
  private final RetryPolicy retry;
  private final SqsSourceTaskMetrics metrics;
  private final ReceiveTurns turns;
  private final int index;

  /** Counted down by {@link #stop()}; also what a backoff pause waits on. */
  private final CountDownLatch stopped = new CountDownLatch(1);

  public QueueReceiver(
      SqsClient sqs,
      SqsQueue queue,
      ReceiveSettings settings,
      InFlightLedger ledger,
      ReceiveBuffer buffer,
      Consumer<List<ReceivedMessage>> giveBack,
      TaskFailure failure,
      RetryPolicy retry,
      SqsSourceTaskMetrics metrics) {
    this(
        sqs,
        queue,
        settings,
        ledger,
        buffer,
        giveBack,
        failure,
        retry,
        metrics,
        ReceiveTurns.ALWAYS,
        0);
  }

  /**
   * A receiver that takes its turns from {@code turns} as receiver {@code index} of its queue: it
   * parks between receives while its index is not below the queue's target, except while it is
   * retrying a failed receive (a FIFO retry must reuse its ReceiveRequestAttemptId).
   */
  public QueueReceiver(
      SqsClient sqs,
      SqsQueue queue,
      ReceiveSettings settings,
      InFlightLedger ledger,
      ReceiveBuffer buffer,
      Consumer<List<ReceivedMessage>> giveBack,
      TaskFailure failure,
      RetryPolicy retry,
      SqsSourceTaskMetrics metrics,
      ReceiveTurns turns,
      int index) {
    this.turns = turns;
    this.index = index;
    this.sqs = sqs;
    this.queue = queue;
    this.settings = settings;
    this.ledger = ledger;
    this.buffer = buffer;
    this.giveBack = giveBack;
    this.failure = failure;
    this.retry = retry;
    this.metrics = metrics;
  }

  /** Asks the loop to start no further call; a backoff pause ends at once. */
  public void stop() {
    stopped.countDown();
  }

  @Override
  public void run() {
    String attemptId = null;
    int failures = 0;
    int reserved = settings.maxMessages();
    // Whether this receiver had to wait for room in the ledger before its current receive: then
    // Kafka, not SQS, bounds the task, and a full receive is no reason for more receivers.
    boolean waited = false;
    // Kept with the attempt id: a retried FIFO receive repeats its request.
    int waitSeconds = (int) settings.waitTime().toSeconds();
    try {
      while (running()) {
        if (failures == 0 && !turns.awaitTurn(index)) {
          continue;
        }
        if (!ledger.reserve(reserved, 0)) {
          waited = true;
          if (!ledger.reserve(reserved, RESERVE_WAIT_MS)) {
            continue;
          }
        }
        if (queue.fifo() && attemptId == null) {
          attemptId = UUID.randomUUID().toString();
          waitSeconds = waitSeconds(reserved);
        }
        List<Message> messages;
        try {
          metrics.receiveCall();
          messages = sqs.receiveMessage(request(attemptId, waitSeconds)).messages();
        } catch (SdkException e) {
          ledger.received(reserved, List.of());
          // After stop, or aborted: the task closed its client under a call it gave up waiting for.
          if (!running() || e instanceof AbortedException) {
            return;
          }
          if (SqsErrors.isFatal(e)) {
            failure.fail(
                new ConnectException(
                    "Stopping: cannot receive from SQS queue "
                        + queue
                        + ". "
                        + SqsErrors.fix(e, queue.toString(), "ReceiveMessage"),
                    e));
            return;
          }
          metrics.receiveError();
          if (SqsErrors.isThrottling(e)) {
            // A throttled FIFO receive must not be retried with the same attempt id.
            attemptId = null;
            turns.throttled();
          } else {
            turns.failed();
          }
          long delay = retry.delayMs(failures++);
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
        accept(reserved, messages, !waited);
        waited = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.fail(
          new ConnectException("Receiver of SQS queue " + queue + " failed unexpectedly", e));
    }
  }

  private boolean running() {
    return stopped.getCount() > 0;
  }

  private void accept(int reserved, List<Message> messages, boolean hadRoom) {
    long now = System.nanoTime();
    List<ReceivedMessage> received = new ArrayList<>(messages.size());
    for (Message message : messages) {
      received.add(new ReceivedMessage(queue, message, now));
    }
    ledger.received(reserved, received);
    if (running()) {
      turns.received(received.size(), reserved, hadRoom);
    }
    if (received.isEmpty()) {
      return;
    }
    metrics.received(received.size());
    if (!buffer.add(received)) {
      log.debug("{} messages from {} arrived after stop; giving them back", received.size(), queue);
      giveBack.accept(received);
      return;
    }
    log.debug("Received {} messages from {}", received.size(), queue);
  }

  /** The wait of a new FIFO receive for which {@code reserved} slots were just reserved. */
  private int waitSeconds(int reserved) {
    int configured = (int) settings.waitTime().toSeconds();
    return ledger.holdsMoreThan(reserved)
        ? Math.min(configured, FIFO_BUSY_WAIT_SECONDS)
        : configured;
  }

  private ReceiveMessageRequest request(String attemptId, int waitSeconds) {
    ReceiveMessageRequest.Builder request =
        ReceiveMessageRequest.builder()
            .queueUrl(queue.url().url())
            .maxNumberOfMessages(settings.maxMessages())
            .waitTimeSeconds(waitSeconds)
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
