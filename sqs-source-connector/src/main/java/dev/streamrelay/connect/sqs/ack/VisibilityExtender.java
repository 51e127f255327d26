package dev.streamrelay.connect.sqs.ack;

import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.receive.InFlightLedger;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps messages that are still on their way to Kafka hidden: run periodically, it extends, with
 * ChangeMessageVisibilityBatch, every held message that has used half of its visibility timeout, by
 * one more visibility timeout, until the message has been hidden for the configured maximum. Past
 * that, SQS makes it visible again and it may be received twice.
 */
public final class VisibilityExtender implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(VisibilityExtender.class);

  /** Below this a visibility timeout is too short to extend reliably. */
  static final Duration MIN_EXTENSIBLE_TIMEOUT = Duration.ofSeconds(2);

  private final SqsBatchCalls calls;
  private final InFlightLedger ledger;
  private final SqsSourceTaskMetrics metrics;
  private final long maxHiddenNanos;
  private boolean warnedLimit;

  public VisibilityExtender(
      SqsBatchCalls calls,
      InFlightLedger ledger,
      SqsSourceTaskMetrics metrics,
      Duration maxHidden) {
    this.calls = calls;
    this.ledger = ledger;
    this.metrics = metrics;
    this.maxHiddenNanos = maxHidden.toNanos();
  }

  /** How often to run for these queues: a quarter of the shortest timeout, 1 to 30 seconds. */
  public static Duration interval(List<SqsQueue> queues) {
    Duration shortest =
        queues.stream()
            .map(SqsQueue::visibilityTimeout)
            .min(Duration::compareTo)
            .orElse(Duration.ofSeconds(30));
    long millis = Math.max(1000, Math.min(30_000, shortest.toMillis() / 4));
    return Duration.ofMillis(millis);
  }

  @Override
  public void run() {
    try {
      extendDue(System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("Visibility extension round failed; retrying next round", e);
    }
  }

  /** Extends every message due at {@code now}; visible for tests. */
  void extendDue(long now) throws InterruptedException {
    List<ReceivedMessage> due = new ArrayList<>();
    for (ReceivedMessage m : ledger.snapshot()) {
      Duration timeout = m.queue().visibilityTimeout();
      if (timeout.compareTo(MIN_EXTENSIBLE_TIMEOUT) < 0) {
        continue;
      }
      long left = m.hiddenUntilNanos() - now;
      if (left > timeout.toNanos() / 2) {
        continue;
      }
      if (now - m.receivedAtNanos() + timeout.toNanos() > maxHiddenNanos) {
        if (!warnedLimit) {
          warnedLimit = true;
          log.warn(
              "{} has waited for Kafka longer than sqs.visibility.extension.max.seconds allows;"
                  + " it and others like it will become visible in SQS again and may be written"
                  + " to Kafka twice. Check the Kafka cluster and the task's producer.",
              m);
        }
        continue;
      }
      due.add(m);
    }
    if (due.isEmpty()) {
      return;
    }
    Set<ReceivedMessage> failed = new HashSet<>(calls.extendVisibility(due));
    for (ReceivedMessage m : due) {
      if (!failed.contains(m)) {
        m.hiddenUntilNanos(now + m.queue().visibilityTimeout().toNanos());
        metrics.visibilityExtended();
      } else if (ledger.contains(m)) {
        metrics.visibilityExtensionFailed();
      }
    }
  }
}
