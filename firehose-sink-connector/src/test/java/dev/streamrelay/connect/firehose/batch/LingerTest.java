package dev.streamrelay.connect.firehose.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LingerTest {

  @Test
  void aStreamSendsOnceItsOldestRecordWaitedTheLinger() {
    Linger linger = Linger.of(Duration.ofMillis(1000));
    assertThat(linger.expired(0, 999_999_999L)).isFalse();
    assertThat(linger.expired(0, 1_000_000_000L)).isTrue();
    assertThat(linger.atEndOfPut()).isFalse();
  }

  @Test
  void withoutLingerEverythingLeavesAtTheEndOfEachPut() {
    Linger none = Linger.of(Duration.ZERO);
    assertThat(none.atEndOfPut()).isTrue();
    assertThat(none.expired(5, 5)).isTrue();
  }

  @Test
  void theTimerTicksAtAQuarterOfTheLingerBetweenFiveAnd250Ms() {
    assertThat(Linger.of(Duration.ofMillis(400)).tick()).isEqualTo(Duration.ofMillis(100));
    assertThat(Linger.of(Duration.ZERO).tick()).isEqualTo(Duration.ofMillis(5));
    assertThat(Linger.of(Duration.ofSeconds(60)).tick()).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> Linger.ofNanos(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
