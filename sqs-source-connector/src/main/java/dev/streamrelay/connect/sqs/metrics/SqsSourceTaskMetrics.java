package dev.streamrelay.connect.sqs.metrics;

import dev.streamrelay.connect.common.TaskMetrics;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of one SQS source task, registered as the JMX bean {@code
 * dev.streamrelay.connect:type=sqs-source-task,connector="<name>",task=<id>} and summarised in one
 * INFO line, both through {@link TaskMetrics}. The summary names and their order are read by the
 * CloudWatch Logs metric filters of cfn/templates/connect.yaml.
 */
public final class SqsSourceTaskMetrics extends TaskMetrics implements SqsSourceTaskMetricsMBean {

  private final LongAdder received = counter("received");
  private final LongAdder sentToKafka = counter("sentToKafka");
  private final LongAdder acknowledged = counter("acknowledged");
  private final LongAdder dropped = counter("dropped");
  private final LongAdder deleted = counter("deleted");
  private final LongAdder deleteFailures = counter("deleteFailures");
  private final LongAdder visibilityExtensions = counter("visibilityExtensions");
  private final LongAdder visibilityExtensionFailures = counter("visibilityExtensionFailures");
  private final LongAdder leftInQueue = counter("leftInQueue");
  private final LongAdder receiveCalls = counter("receiveCalls");
  private final LongAdder receiveErrors = counter("receiveErrors");
  private final LongAdder deleteCalls = counter("deleteCalls");
  private final LongSupplier inFlight;
  private final LongSupplier inFlightBytes;

  public SqsSourceTaskMetrics(LongSupplier inFlight, LongSupplier inFlightBytes) {
    super("sqs-source-task");
    this.inFlight = gauge("inFlight", inFlight);
    this.inFlightBytes = gauge("inFlightBytes", inFlightBytes);
  }

  public void received(int messages) {
    received.add(messages);
  }

  public void sentToKafka(int records) {
    sentToKafka.add(records);
  }

  public void acknowledged() {
    acknowledged.increment();
  }

  public void dropped() {
    dropped.increment();
  }

  public void deleted(int messages) {
    deleted.add(messages);
  }

  public void deleteFailed(int messages) {
    deleteFailures.add(messages);
  }

  public void visibilityExtended() {
    visibilityExtensions.increment();
  }

  public void visibilityExtensionFailed() {
    visibilityExtensionFailures.increment();
  }

  public void leftInQueue() {
    leftInQueue.increment();
  }

  public void receiveCall() {
    receiveCalls.increment();
  }

  public void receiveError() {
    receiveErrors.increment();
  }

  public void deleteCall() {
    deleteCalls.increment();
  }

  @Override
  public long getReceived() {
    return received.sum();
  }

  @Override
  public long getSentToKafka() {
    return sentToKafka.sum();
  }

  @Override
  public long getAcknowledged() {
    return acknowledged.sum();
  }

  @Override
  public long getDropped() {
    return dropped.sum();
  }

  @Override
  public long getDeleted() {
    return deleted.sum();
  }

  @Override
  public long getDeleteFailures() {
    return deleteFailures.sum();
  }

  @Override
  public long getVisibilityExtensions() {
    return visibilityExtensions.sum();
  }

  @Override
  public long getVisibilityExtensionFailures() {
    return visibilityExtensionFailures.sum();
  }

  @Override
  public long getLeftInQueue() {
    return leftInQueue.sum();
  }

  @Override
  public long getReceiveCalls() {
    return receiveCalls.sum();
  }

  @Override
  public long getReceiveErrors() {
    return receiveErrors.sum();
  }

  @Override
  public long getDeleteCalls() {
    return deleteCalls.sum();
  }

  @Override
  public long getInFlight() {
    return inFlight.getAsLong();
  }

  @Override
  public long getInFlightBytes() {
    return inFlightBytes.getAsLong();
  }
}
