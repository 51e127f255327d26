package dev.streamrelay.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.local.ingest.EventValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoEventsTest {

  private final EventValidator validator = new EventValidator();

  @Test
  void everyDemoEventIsAValidEventWithItsOwnId() {
    List<String> events = DemoEvents.batch("run", 50, 10_000);

    assertThat(events).hasSize(50);
    for (String e : events) {
      EventValidator.Result r = validator.validate(e.getBytes(StandardCharsets.UTF_8));
      assertThat(r.valid()).as(r.details()).isTrue();
      assertThat(r.messageBody()).isEqualTo(e);
    }
    assertThat(
            events.stream().filter(e -> e.contains("\"id\":\"run-25\"")).findFirst().orElseThrow())
        .satisfies(e -> assertThat(DemoEvents.bytes(e)).isEqualTo(10_000));
    assertThat(String.join("", events)).contains("Привет").contains("🚀").contains("مرحبا");
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 301, 4096, 262_144, 1_048_576})
  void sizesAnEventToTheByte(int bytes) {
    assertThat(DemoEvents.bytes(DemoEvents.sized("big", bytes))).isEqualTo(bytes);
  }

  @Test
  void percentilesByRank() {
    List<Long> ms = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 100L);

    assertThat(Demo.percentile(ms, 50)).isEqualTo(Duration.ofMillis(5));
    assertThat(Demo.percentile(ms, 99)).isEqualTo(Duration.ofMillis(100));
    assertThat(Demo.percentile(List.of(), 99)).isEqualTo(Duration.ZERO);
  }
}
