package dev.streamrelay.connect.firehose.metrics;

import dev.streamrelay.connect.common.TaskMetrics;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One sink task's counters, registered as the JMX bean {@code
 * dev.streamrelay.connect:type=firehose-sink-task,connector="<name>",task=<id>} and summarised in a
 * periodic INFO line, both through {@link TaskMetrics}. The summary names and their order are read
 * by the CloudWatch Logs metric filters of cfn/templates/connect.yaml.
 */
public final class SinkMetrics extends TaskMetrics implements SinkMetricsMBean {

  private static final int BILLING_UNIT_BYTES = 5 * 1024;

  private final LongAdder records = counter("records");
  private final LongAdder bytes = counter("bytes");
  private final LongAdder deliveredRecords = counter("delivered");
  private final LongAdder firehoseRecords = counter("firehoseRecords");
  private final LongAdder calls = counter("putRecordBatchCalls");
  private final LongAdder billedUnits = counter("billed5KbUnits");
  private final LongAdder retriedEntries = counter("retriedEntries");
  private final LongAdder throttles = counter("throttles");
  private final LongAdder dlqRecords = counter("dlqRecords");
  private final LongAdder skippedNullRecords = counter("skippedNulls");
  private final LongSupplier inflightBytes;
  private final LongSupplier bufferedBytes;

  public SinkMetrics(LongSupplier inflightBytes, LongSupplier bufferedBytes) {
    super("firehose-sink-task");
    this.inflightBytes = gauge("inflightBytes", inflightBytes);
    this.bufferedBytes = gauge("bufferedBytes", bufferedBytes);
  }

  public void received(int count) {
    records.add(count);
  }

  public void formatted(int byteCount) {
    bytes.add(byteCount);
  }

  public void call() {
    calls.increment();
  }

  public void delivered(int firehoseRecordBytes, int kafkaRecords) {
    firehoseRecords.increment();
    deliveredRecords.add(kafkaRecords);
    billedUnits.add(
        Math.max(1, (firehoseRecordBytes + BILLING_UNIT_BYTES - 1) / BILLING_UNIT_BYTES));
  }

  public void retried(int entries) {
    retriedEntries.add(entries);
  }

  public void throttled() {
    throttles.increment();
  }

  public void deadLettered() {
    dlqRecords.increment();
  }

  public void skippedNull() {
    skippedNullRecords.increment();
  }

  @Override
  public long getRecords() {
    return records.sum();
  }

  @Override
  public long getBytes() {
    return bytes.sum();
  }

  @Override
  public long getDeliveredRecords() {
    return deliveredRecords.sum();
  }

  @Override
  public long getFirehoseRecords() {
    return firehoseRecords.sum();
  }

  @Override
  public long getPutRecordBatchCalls() {
    return calls.sum();
  }

  @Override
  public long getBilledUnits() {
    return billedUnits.sum();
  }

  @Override
  public long getRetriedEntries() {
    return retriedEntries.sum();
  }

  @Override
  public long getThrottles() {
    return throttles.sum();
  }

  @Override
  public long getDlqRecords() {
    return dlqRecords.sum();
  }

  @Override
  public long getSkippedNullRecords() {
    return skippedNullRecords.sum();
  }

  @Override
  public long getInflightBytes() {
    return inflightBytes.getAsLong();
  }

  @Override
  public long getBufferedBytes() {
    return bufferedBytes.getAsLong();
  }
}
