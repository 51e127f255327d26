package dev.streamrelay.connect.sqs.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.sqs.Messages;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightLedgerTest {

  private static final SqsQueue QUEUE = Messages.queue("q", Duration.ofSeconds(30));

  @Test
  void reservationsStopAtTheMessageBoundAndResumeWhenReleased() throws Exception {
    InFlightLedger ledger = new InFlightLedger(20, 1 << 20);

    assertThat(ledger.reserve(10, 0)).isTrue();
    assertThat(ledger.reserve(10, 0)).isTrue();
    assertThat(ledger.reserve(10, 10)).isFalse();
    ledger.received(10, List.of());
    assertThat(ledger.reserve(10, 0)).isTrue();
    assertThat(ledger.reserve(1, 0)).as("all 20 slots taken").isFalse();
  }

  @Test
  void theByteBoundPausesReceivingOnceReached() throws Exception {
    InFlightLedger ledger = new InFlightLedger(100, 1000);
    assertThat(ledger.reserve(10, 0)).isTrue();
    ReceivedMessage large = Messages.received(QUEUE, "large", "x".repeat(600));
    ReceivedMessage small = Messages.received(QUEUE, "small", "x".repeat(400));
    ledger.received(10, List.of(large, small));

    assertThat(ledger.reserve(10, 10)).isFalse();
    assertThat(ledger.finish(large)).isTrue();
    assertThat(ledger.reserve(10, 0)).isTrue();
    assertThat(ledger.bytes()).isEqualTo(400);
  }

  @Test
  void aWaitingReceiverWakesWhenRoomIsFreed() throws Exception {
    InFlightLedger ledger = new InFlightLedger(10, 1 << 20);
    assertThat(ledger.reserve(10, 0)).isTrue();
    Thread releaser =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ledger.received(10, List.of(Messages.received(QUEUE, "m", "x")));
            });
    releaser.start();

    assertThat(ledger.reserve(5, 10_000)).isTrue();
    releaser.join();
  }

  @Test
  void eachMessageFinishesOnceAndOnlyRecordsHandedToKafkaCountAsSent() throws Exception {
    InFlightLedger ledger = new InFlightLedger(10, 1 << 20);
    ReceivedMessage polled = Messages.received(QUEUE, "polled", "x");
    ReceivedMessage buffered = Messages.received(QUEUE, "buffered", "x");
    assertThat(ledger.reserve(10, 0)).isTrue();
    ledger.received(10, List.of(polled, buffered));
    ledger.sent(List.of(polled));

    assertThat(ledger.size()).isEqualTo(2);
    assertThat(ledger.sentCount()).isEqualTo(1);
    assertThat(ledger.finish(polled)).isTrue();
    assertThat(ledger.finish(polled)).as("a second finish is a no-op").isFalse();
    assertThat(ledger.sentCount()).isZero();
    assertThat(ledger.awaitEmpty(Duration.ofMillis(10))).isFalse();
    assertThat(ledger.finish(buffered)).isTrue();
    assertThat(ledger.awaitEmpty(Duration.ZERO)).isTrue();
    assertThat(ledger.reserve(10, 0)).as("all room free again").isTrue();
  }
}
