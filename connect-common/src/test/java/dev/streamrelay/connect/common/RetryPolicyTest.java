package dev.streamrelay.connect.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  private final RetryPolicy backoff =
      RetryPolicy.unbounded(Duration.ofMillis(100), Duration.ofSeconds(5));

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
    RetryPolicy fixed =
        RetryPolicy.unbounded(Duration.ofMillis(100), Duration.ofMillis(3000))
            .withRandom(() -> random);
    long[] ceilings = {100, 200, 400, 800, 1600, 3000, 3000};
    for (int attempt = 0; attempt < ceilings.length; attempt++) {
      assertThat(fixed.delayMs(attempt)).isBetween(ceilings[attempt] / 2, ceilings[attempt]);
    }
    assertThat(fixed.delayMs(Integer.MAX_VALUE)).isBetween(1500L, 3000L);
  }

  @Test
  void aCapBelowTheInitialDelayIsRaisedToItAndAZeroInitialDelayIsRejected() {
    assertThat(
            RetryPolicy.unbounded(Duration.ofMillis(500), Duration.ofMillis(100))
                .withRandom(() -> 0.999)
                .delayMs(4))
        .isEqualTo(499);
    assertThatThrownBy(() -> RetryPolicy.unbounded(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBoundedPolicyStopsAfterItsAttemptsAnUnboundedOneNever() {
    RetryPolicy three = RetryPolicy.attempts(3, Duration.ofMillis(100), Duration.ofSeconds(2));
    assertThat(three.retryAgain(1, 0)).isTrue();
    assertThat(three.retryAgain(2, 0)).isTrue();
    assertThat(three.retryAgain(3, 0)).isFalse();
    assertThat(backoff.retryAgain(1_000_000, Long.MAX_VALUE)).isTrue();
    assertThatThrownBy(() -> RetryPolicy.attempts(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTimeBudgetStopsTheRetryThatWouldStartAfterIt() {
    RetryPolicy budget =
        RetryPolicy.within(Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(budget.retryAgain(50, TimeUnit.SECONDS.toNanos(10))).isTrue();
    assertThat(budget.retryAgain(50, TimeUnit.SECONDS.toNanos(10) + 1)).isFalse();
    assertThat(budget).hasToString("for up to 10000 ms, backoff 100 ms to 1000 ms");
  }
}
