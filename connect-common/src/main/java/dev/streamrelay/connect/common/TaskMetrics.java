package dev.streamrelay.connect.common;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics base of both connectors' tasks: counters and gauges declared in the order of the
 * task's INFO summary line, one JMX bean {@code dev.streamrelay.connect:type=<type>,connector=
 * "<name>",task=<id>} per task, and one rule for registration (a failure is logged, since metrics
 * must never stop the data; a bean a previous instance of the task left behind is replaced).
 *
 * <p>A subclass implements its own {@code <Class>MBean} interface, whose getters read the counters
 * it declared with {@link #counter} and {@link #gauge}.
 */
public abstract class TaskMetrics implements AutoCloseable {

  /** The JMX domain of every StreamRelay bean. */
  public static final String JMX_DOMAIN = "dev.streamrelay.connect";

  private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);

  private final String type;
  private final List<String> names = new ArrayList<>();
  private final List<LongSupplier> values = new ArrayList<>();
  private ObjectName registeredAs;

  /** {@code type} is the bean's {@code type} key, e.g. {@code sqs-source-task}. */
  protected TaskMetrics(String type) {
    this.type = type;
  }

  /** A counter that the summary line shows as {@code summaryName: <total>}. */
  protected final LongAdder counter(String summaryName) {
    LongAdder adder = new LongAdder();
    gauge(summaryName, adder::sum);
    return adder;
  }

  /** A value read when asked, shown as {@code summaryName: <value>}. */
  protected final LongSupplier gauge(String summaryName, LongSupplier value) {
    names.add(summaryName);
    values.add(value);
    return value;
  }

  /** The bean's name for {@code task}. */
  public final ObjectName objectName(TaskName task) throws JMException {
    return new ObjectName(
        JMX_DOMAIN
            + ":type="
            + type
            + ",connector="
            + ObjectName.quote(task.connector())
            + ",task="
            + task.id());
  }

  /** Registers the JMX bean of {@code task}; a failure is logged and the task goes on. */
  public final void register(TaskName task) {
    try {
      ObjectName name = objectName(task);
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      server.registerMBean(this, name);
      registeredAs = name;
    } catch (JMException e) {
      log.warn("Could not register the JMX metrics of task {}: {}", task, e.toString());
    }
  }

  /** The name the bean is registered under, or null when it is not. */
  public final ObjectName registeredAs() {
    return registeredAs;
  }

  /** Unregisters the bean, if it was registered. */
  @Override
  public final void close() {
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
   * pairs separated by single spaces, in declaration order, so a CloudWatch Logs metric filter
   * (space-delimited pattern, cfn/templates/connect.yaml) can read each value as a number. Keep the
   * order and the names: the metric filters address the values by position.
   */
  public final String summary() {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        line.append(' ');
      }
      line.append(names.get(i)).append(": ").append(values.get(i).getAsLong());
    }
    return line.toString();
  }
}
