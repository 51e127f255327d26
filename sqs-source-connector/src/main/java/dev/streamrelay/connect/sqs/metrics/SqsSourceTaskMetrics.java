package dev.streamrelay.connect.sqs.metrics;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of one SQS source task, registered as the JMX bean {@code
 * dev.streamrelay.connect:type=sqs-source-task,connector=<name>,task=<id>} and summarised in one
 * INFO line.
 */
public final class SqsSourceTaskMetrics implements SqsSourceTaskMetricsMBean, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqsSourceTaskMetrics.class);

  public final LongAdder received = new LongAdder();
  public final LongAdder sentToKafka = new LongAdder();
  public final LongAdder acknowledged = new LongAdder();
  public final LongAdder dropped = new LongAdder();
  public final LongAdder deleted = new LongAdder();
  public final LongAdder deleteFailures = new LongAdder();
  public final LongAdder visibilityExtensions = new LongAdder();
  public final LongAdder visibilityExtensionFailures = new LongAdder();
  public final LongAdder leftInQueue = new LongAdder();
  public final LongAdder receiveCalls = new LongAdder();
  public final LongAdder receiveErrors = new LongAdder();
  public final LongAdder deleteCalls = new LongAdder();

  private final LongSupplier inFlight;
  private final LongSupplier inFlightBytes;
  private ObjectName registeredAs;

  public SqsSourceTaskMetrics(LongSupplier inFlight, LongSupplier inFlightBytes) {
    this.inFlight = inFlight;
    this.inFlightBytes = inFlightBytes;
  }

  /** Registers the JMX bean; a failure is logged, since metrics must not stop the data. */
  public void register(String connector, int task) {
    try {
      ObjectName name =
          new ObjectName(
              "dev.streamrelay.connect:type=sqs-source-task,connector="
                  + ObjectName.quote(connector)
                  + ",task="
                  + task);
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      server.registerMBean(this, name);
      registeredAs = name;
    } catch (JMException e) {
      log.warn(
          "Could not register JMX metrics of task {} of {}: {}", task, connector, e.toString());
    }
  }

  @Override
  public void close() {
    if (registeredAs != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
      } catch (JMException e) {
        log.debug("JMX bean {} was already gone: {}", registeredAs, e.toString());
      }
      registeredAs = null;
    }
  }

  /**
   * One line for the periodic INFO summary: totals since the task started, as {@code name: value}
   * pairs separated by single spaces, so a CloudWatch Logs metric filter (space-delimited pattern,
   * cfn/templates/connect.yaml) can read each value as a number. Keep the order and the names: the
   * metric filters address the values by position.
   */
  public String summary() {
    return String.format(
        "received: %d sentToKafka: %d acknowledged: %d dropped: %d deleted: %d deleteFailures: %d"
            + " visibilityExtensions: %d visibilityExtensionFailures: %d leftInQueue: %d"
            + " receiveCalls: %d receiveErrors: %d deleteCalls: %d inFlight: %d inFlightBytes: %d",
        getReceived(),
        getSentToKafka(),
        getAcknowledged(),
        getDropped(),
        getDeleted(),
        getDeleteFailures(),
        getVisibilityExtensions(),
        getVisibilityExtensionFailures(),
        getLeftInQueue(),
        getReceiveCalls(),
        getReceiveErrors(),
        getDeleteCalls(),
        getInFlight(),
        getInFlightBytes());
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
