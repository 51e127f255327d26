package dev.streamrelay.connect.firehose.metrics;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink task's counters, registered as the MBean {@code
 * dev.streamrelay:type=firehose-sink-task,connector=<name>,task=<id>} and summarised in a periodic
 * INFO line.
 */
public final class SinkMetrics implements SinkMetricsMBean {

  private static final Logger log = LoggerFactory.getLogger(SinkMetrics.class);
  private static final int BILLING_UNIT_BYTES = 5 * 1024;

  private final LongAdder records = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder deliveredRecords = new LongAdder();
  private final LongAdder firehoseRecords = new LongAdder();
  private final LongAdder calls = new LongAdder();
  private final LongAdder billedUnits = new LongAdder();
  private final LongAdder retriedEntries = new LongAdder();
  private final LongAdder throttles = new LongAdder();
  private final LongAdder dlqRecords = new LongAdder();
  private final LongAdder skippedNullRecords = new LongAdder();
  private final LongSupplier inflightBytes;
  private final LongSupplier bufferedBytes;
  private final ObjectName name;

  public SinkMetrics(
      String connector, String task, LongSupplier inflightBytes, LongSupplier bufferedBytes) {
    this.inflightBytes = inflightBytes;
    this.bufferedBytes = bufferedBytes;
    try {
      this.name =
          new ObjectName(
              "dev.streamrelay:type=firehose-sink-task,connector="
                  + ObjectName.quote(connector)
                  + ",task="
                  + ObjectName.quote(task));
    } catch (JMException e) {
      throw new IllegalArgumentException("Invalid MBean name for connector " + connector, e);
    }
  }

  /** Registers the MBean, replacing one a previous instance of the same task left behind. */
  public void register() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      try {
        server.registerMBean(this, name);
      } catch (InstanceAlreadyExistsException e) {
        server.unregisterMBean(name);
        server.registerMBean(this, name);
      }
    } catch (JMException e) {
      throw new IllegalStateException("Could not register MBean " + name, e);
    }
  }

  public void unregister() {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      log.debug("MBean {} was not registered", name);
    } catch (JMException e) {
      log.warn("Could not unregister MBean {}", name, e);
    }
  }

  public ObjectName objectName() {
    return name;
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

  /**
   * One line for the periodic INFO summary: totals since the task started, as {@code name: value}
   * pairs separated by single spaces, so a CloudWatch Logs metric filter (space-delimited pattern,
   * cfn/templates/connect.yaml) can read each value as a number. Keep the order and the names: the
   * metric filters address the values by position.
   */
  public String summary() {
    return String.format(
        "records: %d bytes: %d delivered: %d firehoseRecords: %d putRecordBatchCalls: %d"
            + " billed5KbUnits: %d retriedEntries: %d throttles: %d dlqRecords: %d"
            + " skippedNulls: %d inflightBytes: %d bufferedBytes: %d",
        getRecords(),
        getBytes(),
        getDeliveredRecords(),
        getFirehoseRecords(),
        getPutRecordBatchCalls(),
        getBilledUnits(),
        getRetriedEntries(),
        getThrottles(),
        getDlqRecords(),
        getSkippedNullRecords(),
        getInflightBytes(),
        getBufferedBytes());
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
