package dev.streamrelay.connect.sqs.receive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

  @Test
  void reservationsStopAtTheMessageBoundAndResumeWhenReleased() throws Exception {
    InFlightLimiter limiter = new InFlightLimiter(20, 1 << 20);

    assertThat(limiter.reserve(10, 0)).isTrue();
    assertThat(limiter.reserve(10, 0)).isTrue();
    assertThat(limiter.reserve(10, 10)).isFalse();
    limiter.release(10, 0);
    assertThat(limiter.reserve(10, 0)).isTrue();
    assertThat(limiter.messages()).isEqualTo(20);
  }

  @Test
  void theByteBoundPausesReceivingOnceReached() throws Exception {
    InFlightLimiter limiter = new InFlightLimiter(100, 1000);
    assertThat(limiter.reserve(10, 0)).isTrue();
    limiter.addBytes(1000);

    assertThat(limiter.reserve(10, 10)).isFalse();
    limiter.release(1, 600);
    assertThat(limiter.reserve(10, 0)).isTrue();
    assertThat(limiter.bytes()).isEqualTo(400);
  }

  @Test
  void aWaitingReceiverWakesWhenRoomIsFreed() throws Exception {
    InFlightLimiter limiter = new InFlightLimiter(10, 1 << 20);
    assertThat(limiter.reserve(10, 0)).isTrue();
    Thread releaser =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              limiter.release(5, 0);
            });
    releaser.start();

    assertThat(limiter.reserve(5, 10_000)).isTrue();
    releaser.join();
  }
}
