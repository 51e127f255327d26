package dev.streamrelay.connect.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

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
