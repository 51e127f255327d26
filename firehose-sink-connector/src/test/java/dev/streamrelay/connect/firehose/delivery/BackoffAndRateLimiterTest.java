package dev.streamrelay.connect.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffAndRateLimiterTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.5, 0.999999})
  void backoffDoublesWithJitterAndNeverExceedsTheCap(double random) {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(3000), () -> random);
    long[] ceilings = {100, 200, 400, 800, 1600, 3000, 3000};
    for (int retry = 1; retry <= ceilings.length; retry++) {
      long d = b.delayMillis(retry);
      long ceiling = ceilings[retry - 1];
      assertThat(d).as("retry %d", retry).isBetween(ceiling / 2, ceiling);
    }
    assertThat(b.delayMillis(1_000)).isBetween(1500L, 3000L);
    assertThat(b.delayMillis(Integer.MAX_VALUE)).isBetween(1500L, 3000L);
  }

  @Test
  void backoffUsesTheInitialDelayWhenTheCapIsLower() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofMillis(100), () -> 0.999);
    assertThat(b.delayMillis(5)).isEqualTo(499);
  }

  @Test
  void rateLimiterSpendsOneSecondOfBurstThenPacesCalls() throws Exception {
    AtomicLong clock = new AtomicLong(10_000_000_000L);
    List<Long> waits = new ArrayList<>();
    RateLimiter limiter =
        new RateLimiter(
            1000,
            0,
            clock::get,
            nanos -> {
              waits.add(nanos / 1_000_000);
              clock.addAndGet(nanos);
            });
    limiter.acquire(500, 0);
    limiter.acquire(500, 0);
    limiter.acquire(500, 0);
    assertThat(waits).isEmpty();
    limiter.acquire(500, 0);
    limiter.acquire(500, 0);
    assertThat(waits).containsExactly(500L, 500L);
  }

  @Test
  void rateLimiterHonoursTheTighterOfRecordsAndBytes() throws Exception {
    AtomicLong clock = new AtomicLong(10_000_000_000L);
    List<Long> waits = new ArrayList<>();
    RateLimiter limiter =
        new RateLimiter(
            1_000_000,
            1_000_000,
            clock::get,
            nanos -> {
              waits.add(nanos / 1_000_000);
              clock.addAndGet(nanos);
            });
    limiter.acquire(1, 2_000_000);
    limiter.acquire(1, 1_000);
    assertThat(waits).containsExactly(1000L);
    assertThat(new RateLimiter(0, 0, clock::get, n -> {}).enabled()).isFalse();
  }
}
