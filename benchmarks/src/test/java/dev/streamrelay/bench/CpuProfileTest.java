package dev.streamrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.bench.CpuProfile.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuProfileTest {

  @Test
  void tellsEachThreadsRoleByItsName() {
    assertThat(CpuProfile.role("task-thread-sink-bench-12-0")).isEqualTo(Role.TASK);
    assertThat(CpuProfile.role("task-thread-ours-3-0")).isEqualTo(Role.TASK);
    assertThat(CpuProfile.role("sink-bench-12-0-sender-3")).isEqualTo(Role.SENDERS);
    assertThat(CpuProfile.role("raw-firehose-2")).isEqualTo(Role.SENDERS);
    assertThat(CpuProfile.role("ours-3-0-receive-12")).isEqualTo(Role.SENDERS);
    assertThat(CpuProfile.role("ours-3-0-delete-1")).isEqualTo(Role.SENDERS);
    assertThat(CpuProfile.role("ours-3-0-delete-dispatch")).isEqualTo(Role.SENDERS);
    assertThat(CpuProfile.role("raw-sqs-receive-4")).isEqualTo(Role.SENDERS);
    assertThat(CpuProfile.role("sink-bench-12-0-linger")).isEqualTo(Role.LINGER);
    assertThat(CpuProfile.role("kafka-producer-network-thread | connector-producer-ours-3-0"))
        .isEqualTo(Role.KAFKA_CLIENT_IO);
    assertThat(CpuProfile.role("kafka-coordinator-heartbeat-thread | connect-sink-bench-12"))
        .isEqualTo(Role.KAFKA_CLIENT_IO);
    assertThat(CpuProfile.role("firehose-endpoint-http")).isEqualTo(Role.ENDPOINT);
    assertThat(CpuProfile.role("elasticmq-pekko.actor.default-dispatcher-5"))
        .isEqualTo(Role.ENDPOINT);
    assertThat(CpuProfile.role("data-plane-kafka-request-handler-1")).isEqualTo(Role.BROKER);
    assertThat(CpuProfile.role("kafka-producer-network-thread | producer-1"))
        .isEqualTo(Role.WORKER);
    assertThat(CpuProfile.role("proxy-delay-3")).isEqualTo(Role.PROXY);
    assertThat(CpuProfile.role("fault-proxy-delay")).isEqualTo(Role.PROXY);
    assertThat(CpuProfile.role("main")).isEqualTo(Role.OTHER);
  }

  @Test
  void usageIsTheDifferenceByRoleWithTheRestOfTheProcessUnderVm() {
    Map<Long, String> names = Map.of(1L, "task-thread-sink-bench-1-0", 2L, "raw-firehose-0");
    CpuProfile.Snapshot a =
        new CpuProfile.Snapshot(0, 1_000, Map.of(1L, 100L), Map.of(1L, 10L), names);
    CpuProfile.Snapshot b =
        new CpuProfile.Snapshot(
            2_000_000_000L,
            9_000,
            Map.of(1L, 3_100L, 2L, 2_000L),
            Map.of(1L, 410L, 2L, 50L),
            names);
    CpuProfile.Usage u = CpuProfile.Usage.between(a, b);
    assertThat(u.seconds()).isEqualTo(2.0);
    assertThat(u.nanos(Role.TASK)).isEqualTo(3_000);
    assertThat(u.nanos(Role.SENDERS)).isEqualTo(2_000); // a thread started inside the window
    assertThat(u.nanos(Role.VM)).isEqualTo(8_000 - 5_000);
    assertThat(u.connectorNanos()).isEqualTo(5_000);
    assertThat(u.totalNanos()).isEqualTo(8_000);
    assertThat(u.micros(Role.TASK, 3)).isEqualTo(1.0);
    assertThat(u.allocatedPerItem(Role.TASK, 4)).isEqualTo(100.0);
    CpuProfile.Usage twice = u.plus(u);
    assertThat(twice.seconds()).isEqualTo(4.0);
    assertThat(twice.micros(Role.TASK, 6)).isEqualTo(1.0);
    assertThat(twice.allocatedPerItem(Role.SENDERS, 1)).isEqualTo(100.0);
  }
}
