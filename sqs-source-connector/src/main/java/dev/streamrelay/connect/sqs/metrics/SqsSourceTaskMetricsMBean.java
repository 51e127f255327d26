package dev.streamrelay.connect.sqs.metrics;

/** JMX view of one SQS source task's counters. */
public interface SqsSourceTaskMetricsMBean {

  /** Messages returned by ReceiveMessage. */
  long getReceived();

  /** Records handed to Kafka Connect by poll(). */
  long getSentToKafka();

  /** Records Kafka acknowledged. */
  long getAcknowledged();

  /** Records Kafka Connect dropped (SMT filter or errors.tolerance=all). */
  long getDropped();

  /** Messages deleted from SQS. */
  long getDeleted();

  /**
   * Deletes that failed (e.g. an expired receipt handle); those messages will be received again.
   */
  long getDeleteFailures();

  /** Visibility timeouts extended. */
  long getVisibilityExtensions();

  /** Visibility extensions that failed. */
  long getVisibilityExtensionFailures();

  /**
   * Messages left in SQS on purpose (invalid body with action leave, dropped with policy leave).
   */
  long getLeftInQueue();

  /** ReceiveMessage calls. */
  long getReceiveCalls();

  /** ReceiveMessage calls that failed and were retried. */
  long getReceiveErrors();

  /** DeleteMessageBatch calls. */
  long getDeleteCalls();

  /** Messages received and not yet deleted or left. */
  long getInFlight();

  /** Body bytes of the messages in flight. */
  long getInFlightBytes();
}
