package dev.streamrelay.connect.sqs.ack;

import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.receive.PendingMessages;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;

/**
 * Decides what happens in SQS once Kafka Connect is done with a record: a record Kafka acknowledged
 * has its message deleted (unless deletion is off); a record Kafka Connect dropped has its message
 * deleted or left in the queue, as configured. Runs on the producer's I/O thread, so it only hands
 * work to the {@link MessageDeleter}.
 */
public final class Acknowledger {

  private final MessageDeleter deleter;
  private final PendingMessages pending;
  private final SqsSourceTaskMetrics metrics;
  private final boolean deleteMessages;
  private final boolean deleteDropped;

  public Acknowledger(
      MessageDeleter deleter,
      PendingMessages pending,
      SqsSourceTaskMetrics metrics,
      boolean deleteMessages,
      boolean deleteDropped) {
    this.deleter = deleter;
    this.pending = pending;
    this.metrics = metrics;
    this.deleteMessages = deleteMessages;
    this.deleteDropped = deleteDropped;
  }

  /** Kafka acknowledged the record of {@code message}. */
  public void acknowledged(ReceivedMessage message) {
    metrics.acknowledged.increment();
    if (deleteMessages) {
      deleter.delete(message);
    } else {
      leave(message);
    }
  }

  /** Kafka Connect dropped the record of {@code message} (SMT filter or errors.tolerance=all). */
  public void dropped(ReceivedMessage message) {
    metrics.dropped.increment();
    if (deleteMessages && deleteDropped) {
      deleter.delete(message);
    } else {
      leave(message);
    }
  }

  /** Stops tracking {@code message} without deleting it: SQS shows it again after its timeout. */
  public void leave(ReceivedMessage message) {
    if (pending.finish(message)) {
      metrics.leftInQueue.increment();
    }
  }
}
