package dev.streamrelay.faults.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MissingEventsTest {

  @Test
  void matchesWholeIdsOnly() {
    String body = "{\"id\":\"fc.r.worker-kill.133\",\"type\":\"x\"}";

    assertThat(MissingEvents.containsId(body, "fc.r.worker-kill.133")).isTrue();
    assertThat(MissingEvents.containsId(body, "fc.r.worker-kill.13")).isFalse();
    assertThat(MissingEvents.containsId(body, "fc.r.worker-kill.1")).isFalse();
    assertThat(MissingEvents.containsId("fc.r.a.1 fc.r.a.12", "fc.r.a.12")).isTrue();
    assertThat(MissingEvents.containsId("fc.r.a.12 and fc.r.a.1", "fc.r.a.1")).isTrue();
  }
}
