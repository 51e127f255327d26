package dev.streamrelay.connect.firehose.offset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.firehose.batch.Position;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  static final TopicPartition A = new TopicPartition("t", 0);
  static final TopicPartition B = new TopicPartition("t", 1);
  static final Map<TopicPartition, OffsetAndMetadata> CURRENT =
      Map.of(A, new OffsetAndMetadata(100), B, new OffsetAndMetadata(100));

  private final OffsetTracker tracker = new OffsetTracker();

  private static long offset(Map<TopicPartition, OffsetAndMetadata> m, TopicPartition tp) {
    return m.get(tp).offset();
  }

  @Test
  void neverCommitsBeyondTheOldestUnacknowledgedRecord() {
    for (long o = 10; o < 15; o++) {
      tracker.pending(new Position(A, o));
    }
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(10);
    tracker.acknowledged(new Position(A, 12));
    tracker.acknowledged(new Position(A, 14));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(10);
    tracker.acknowledged(new Position(A, 10));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(11);
    tracker.acknowledged(new Position(A, 11));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(13);
    tracker.acknowledged(new Position(A, 13));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(15);
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void recordsThatNeedNoDeliveryMoveTheCommitOnlyWhenNothingOlderIsPending() {
    tracker.pending(new Position(A, 1));
    tracker.finished(new Position(A, 2));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(1);
    tracker.acknowledged(new Position(A, 1));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(3);
  }

  @Test
  void partitionsAreIndependentAndUnseenOnesAreLeftOut() {
    tracker.pending(new Position(A, 5));
    Map<TopicPartition, OffsetAndMetadata> c = tracker.committable(CURRENT);
    assertThat(c).containsOnlyKeys(A);
    tracker.finished(new Position(B, 7));
    assertThat(offset(tracker.committable(CURRENT), B)).isEqualTo(8);
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(5);
  }

  @Test
  void forgetsRevokedPartitionsAndIgnoresTheirLateAcknowledgements() {
    tracker.pending(new Position(A, 5));
    tracker.pending(new Position(B, 5));
    tracker.forget(List.of(A));
    tracker.acknowledged(new Position(A, 5));
    assertThat(tracker.committable(CURRENT)).containsOnlyKeys(B);
    assertThat(tracker.committable(Map.of(B, new OffsetAndMetadata(6)))).containsOnlyKeys(B);
    assertThat(tracker.pendingCount()).isEqualTo(1);
  }

  @Test
  void aPartitionWhoseRecordsAreWithSeveralStreamsWaitsForEveryStream() {
    // The tracker counts records, not streams: however a partition's records are shared between
    // streams, its commit point is the oldest record any of them has not acknowledged.
    List<Long> toX = List.of(0L, 2L, 4L);
    List<Long> toY = List.of(1L, 3L, 5L);
    for (long o = 0; o < 6; o++) {
      tracker.pending(new Position(A, o));
    }
    toX.forEach(o -> tracker.acknowledged(new Position(A, o)));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(1);
    tracker.acknowledged(new Position(A, 1));
    tracker.acknowledged(new Position(A, 5));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(3);
    toY.forEach(o -> tracker.acknowledged(new Position(A, o)));
    assertThat(offset(tracker.committable(CURRENT), A)).isEqualTo(6);
  }
}
