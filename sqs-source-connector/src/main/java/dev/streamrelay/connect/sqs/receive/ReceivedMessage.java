package dev.streamrelay.connect.sqs.receive;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One received SQS message on its way to Kafka and back: it is pending from its receipt until it is
 * deleted or released, and its visibility deadline is tracked so it can be extended.
 */
public final class ReceivedMessage {

  private final SqsQueue queue;
  private final Message message;
  private final long bodyBytes;
  private final long receivedAtNanos;
  private volatile long hiddenUntilNanos;

  public ReceivedMessage(SqsQueue queue, Message message, long receivedAtNanos) {
    this.queue = queue;
    this.message = message;
    this.bodyBytes =
        message.body() == null ? 0 : message.body().getBytes(StandardCharsets.UTF_8).length;
    this.receivedAtNanos = receivedAtNanos;
    this.hiddenUntilNanos = receivedAtNanos + queue.visibilityTimeout().toNanos();
  }

  public SqsQueue queue() {
    return queue;
  }

  public Message message() {
    return message;
  }

  public String messageId() {
    return message.messageId();
  }

  public String receiptHandle() {
    return message.receiptHandle();
  }

  /** UTF-8 size of the body, what the in-flight byte bound counts. */
  public long bodyBytes() {
    return bodyBytes;
  }

  public long receivedAtNanos() {
    return receivedAtNanos;
  }

  /** When SQS will make the message visible again unless it is deleted or extended. */
  public long hiddenUntilNanos() {
    return hiddenUntilNanos;
  }

  public void hiddenUntilNanos(long nanos) {
    this.hiddenUntilNanos = nanos;
  }

  @Override
  public String toString() {
    return "message " + message.messageId() + " of " + queue;
  }
}
