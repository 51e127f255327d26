package dev.streamrelay.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.5, 0.999999})
  void theJitterNeverLeavesTheUpperHalfWhateverTheRandomValue(double random) {
    ExponentialBackoff fixed =
        new ExponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(3000), () -> random);
    long[] ceilings = {100, 200, 400, 800, 1600, 3000, 3000};
    for (int attempt = 0; attempt < ceilings.length; attempt++) {
      assertThat(fixed.delayMs(attempt)).isBetween(ceilings[attempt] / 2, ceilings[attempt]);
    }
    assertThat(fixed.delayMs(Integer.MAX_VALUE)).isBetween(1500L, 3000L);
  }

  @Test
  void aCapBelowTheInitialDelayIsRaisedToItAndAZeroInitialDelayIsRejected() {
    assertThat(
            new ExponentialBackoff(Duration.ofMillis(500), Duration.ofMillis(100), () -> 0.999)
                .delayMs(4))
        .isEqualTo(499);
    assertThatThrownBy(() -> new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
