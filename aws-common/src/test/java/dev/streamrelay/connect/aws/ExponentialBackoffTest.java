package dev.streamrelay.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

  private final ExponentialBackoff backoff =
      new ExponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void theCeilingDoublesUntilTheCap() {
    assertThat(backoff.ceilingMs(0)).isEqualTo(100);
    assertThat(backoff.ceilingMs(1)).isEqualTo(200);
    assertThat(backoff.ceilingMs(5)).isEqualTo(3200);
    assertThat(backoff.ceilingMs(6)).isEqualTo(5000);
    assertThat(backoff.ceilingMs(1000)).isEqualTo(5000);
  }

  @Test
  void delaysAreJitteredWithinTheUpperHalfOfTheCeiling() {
    for (int attempt = 0; attempt < 40; attempt++) {
      for (int i = 0; i < 50; i++) {
        long delay = backoff.delayMs(attempt);
        assertThat(delay).isBetween(backoff.ceilingMs(attempt) / 2, backoff.ceilingMs(attempt));
      }
    }
  }

  @Test
  void nonsenseBoundsAreRejected() {
    assertThatThrownBy(() -> new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
