package dev.streamrelay.connect.sqs.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The controller's decisions, driven by feeding it receive outcomes (no clock involved). */
class ReceiveConcurrencyTest {

  private static final int ASKED = 10;
  private static final boolean ROOM = true;
  private static final boolean NO_ROOM = false;

  @Test
  void startsAtTheFloor() {
    assertThat(new ReceiveConcurrency(1, 32).target()).isEqualTo(1);
    assertThat(new ReceiveConcurrency(2, 32).target()).isEqualTo(2);
  }

  @Test
  void growsByOnePerFullReceiveSoItDoublesEachRoundWhileEveryReceiveIsFull() {
    ReceiveConcurrency c = new ReceiveConcurrency(1, 64);
    assertThat(c.received(ASKED, ASKED, ROOM)).isEqualTo(2);
    assertThat(fullRound(c)).isEqualTo(4);
    assertThat(fullRound(c)).isEqualTo(8);
    assertThat(fullRound(c)).isEqualTo(16);
    assertThat(fullRound(c)).isEqualTo(32);
  }

  @Test
  void neverGrowsPastTheCeiling() {
    ReceiveConcurrency c = new ReceiveConcurrency(1, 32);
    for (int i = 0; i < 100; i++) {
      c.received(ASKED, ASKED, ROOM);
    }
    assertThat(c.target()).isEqualTo(32);
  }

  @Test
  void aFullReceiveCountsAgainstWhatWasAskedNotTheSqsMaximum() {
    ReceiveConcurrency c = new ReceiveConcurrency(1, 8);
    assertThat(c.received(1, 1, ROOM)).as("sqs.max.messages=1, one returned").isEqualTo(2);
    assertThat(c.received(5, 10, ROOM)).as("half of 10 is partial, not full").isEqualTo(2);
  }

  @Test
  void holdsWhileTheLedgerHasNoRoomForAnotherReceive() {
    ReceiveConcurrency c = new ReceiveConcurrency(1, 32);
    fullRound(c);
    fullRound(c);
    int before = c.target();
    for (int i = 0; i < 50; i++) {
      assertThat(c.received(ASKED, ASKED, NO_ROOM))
          .as("back-pressure wins over growth")
          .isEqualTo(before);
    }
    assertThat(c.received(ASKED, ASKED, ROOM)).as("grows again once there is room").isEqualTo(5);
  }

  @Test
  void partialReceivesHold() {
    ReceiveConcurrency c = grownTo(8);
    for (int i = 0; i < 50; i++) {
      c.received(5 + i % 5, ASKED, ROOM);
    }
    assertThat(c.target()).isEqualTo(8);
  }

  @Test
  void emptyOrSparseReceivesShrinkByOneEverySecondOne() {
    ReceiveConcurrency c = grownTo(8);
    assertThat(c.received(0, ASKED, ROOM)).isEqualTo(8);
    assertThat(c.received(0, ASKED, ROOM)).isEqualTo(7);
    assertThat(c.received(4, ASKED, ROOM)).as("sparse: less than half").isEqualTo(7);
    assertThat(c.received(1, ASKED, ROOM)).isEqualTo(6);
  }

  @Test
  void anIdleQueueHalvesEachLongPollRoundDownToTheFloorAndStaysThere() {
    ReceiveConcurrency c = grownTo(32);
    assertThat(emptyRound(c)).isEqualTo(16);
    assertThat(emptyRound(c)).isEqualTo(8);
    assertThat(emptyRound(c)).isEqualTo(4);
    assertThat(emptyRound(c)).isEqualTo(2);
    assertThat(emptyRound(c)).isEqualTo(1);
    for (int i = 0; i < 100; i++) {
      c.received(0, ASKED, ROOM);
      c.failed();
    }
    assertThat(c.target()).as("never below the floor").isEqualTo(1);
  }

  @Test
  void theFloorHoldsForAnyFloor() {
    ReceiveConcurrency c = new ReceiveConcurrency(2, 16);
    for (int i = 0; i < 10; i++) {
      c.received(ASKED, ASKED, ROOM);
    }
    for (int i = 0; i < 100; i++) {
      c.received(0, ASKED, ROOM);
    }
    assertThat(c.target()).isEqualTo(2);
    assertThat(c.throttled()).isEqualTo(2);
  }

  @Test
  void throttlingHalvesAtOnce() {
    ReceiveConcurrency c = grownTo(20);
    assertThat(c.throttled()).isEqualTo(10);
    assertThat(c.throttled()).isEqualTo(5);
    assertThat(c.throttled()).isEqualTo(2);
    assertThat(c.throttled()).isEqualTo(1);
    assertThat(c.throttled()).isEqualTo(1);
  }

  @Test
  void otherFailuresCountLikeEmptyReceives() {
    ReceiveConcurrency c = grownTo(4);
    assertThat(c.failed()).isEqualTo(4);
    assertThat(c.failed()).isEqualTo(3);
  }

  @Test
  void aCeilingOfOneIsAFixedSingleReceiver() {
    ReceiveConcurrency c = new ReceiveConcurrency(1, 1);
    c.received(ASKED, ASKED, ROOM);
    c.received(0, ASKED, ROOM);
    c.received(0, ASKED, ROOM);
    assertThat(c.target()).isEqualTo(1);
  }

  @Test
  void refusesAFloorAboveTheCeilingOrBelowOne() {
    assertThatThrownBy(() -> new ReceiveConcurrency(0, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReceiveConcurrency(5, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Every receiver of the current target returns a full receive. */
  private static int fullRound(ReceiveConcurrency c) {
    int receivers = c.target();
    for (int i = 0; i < receivers; i++) {
      c.received(ASKED, ASKED, ROOM);
    }
    return c.target();
  }

  /** Every receiver of the current target returns an empty receive. */
  private static int emptyRound(ReceiveConcurrency c) {
    int receivers = c.target();
    for (int i = 0; i < receivers; i++) {
      c.received(0, ASKED, ROOM);
    }
    return c.target();
  }

  private static ReceiveConcurrency grownTo(int target) {
    ReceiveConcurrency c = new ReceiveConcurrency(1, 64);
    while (c.target() < target) {
      c.received(ASKED, ASKED, ROOM);
    }
    return c;
  }
}
