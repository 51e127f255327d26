package dev.streamrelay.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

  public interface ProbeMBean {
    long getCalls();
  }

  static final class Probe extends TaskMetrics implements ProbeMBean {
    final LongAdder calls = counter("calls");

    Probe() {
      super("probe-task");
      gauge("inFlight", () -> 7);
    }

    @Override
    public long getCalls() {
      return calls.sum();
    }
  }

  @Test
  void summaryIsNameValuePairsInDeclarationOrder() {
    Probe probe = new Probe();
    probe.calls.add(3);
    assertThat(probe.summary()).isEqualTo("calls: 3 inFlight: 7");
  }

  @Test
  void registersOneBeanPerTaskInTheOneDomainAndReplacesALeftover() throws Exception {
    TaskName task = new TaskName("my connector", 2);
    ObjectName name =
        new ObjectName("dev.streamrelay.connect:type=probe-task,connector=\"my connector\",task=2");
    try (Probe first = new Probe();
        Probe second = new Probe()) {
      first.register(task);
      second.calls.increment();
      second.register(task);
      assertThat(second.registeredAs()).isEqualTo(name);
      assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Calls"))
          .isEqualTo(1L);
      second.close();
      assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name)).isFalse();
    }
  }
}
