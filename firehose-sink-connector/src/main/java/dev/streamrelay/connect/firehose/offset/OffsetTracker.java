package dev.streamrelay.connect.firehose.offset;

import dev.streamrelay.connect.firehose.batch.Position;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which Kafka records Firehose has not acknowledged yet, per partition, and so which offsets are
 * safe to commit: the oldest unacknowledged record's offset, or, when all are acknowledged, the
 * offset after the last record seen. Records finish out of order (several batches in flight,
 * retries), so one late record holds its partition's commit back until it is acknowledged.
 *
 * <p>The task thread adds and reads; sender threads only acknowledge.
 */
public final class OffsetTracker {

  private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();

  private static final class PartitionState {
    final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    volatile long next = -1;

    void seen(long offset) {
      if (offset + 1 > next) {
        next = offset + 1;
      }
    }
  }

  /** A record was handed to delivery and awaits Firehose's acknowledgement. */
  public void pending(Position position) {
    PartitionState s = partitions.computeIfAbsent(position.partition(), p -> new PartitionState());
    s.pending.add(position.offset());
    s.seen(position.offset());
  }

  /** A record needs no delivery (skipped null, or handed to the errant-record reporter). */
  public void finished(Position position) {
    partitions
        .computeIfAbsent(position.partition(), p -> new PartitionState())
        .seen(position.offset());
  }

  /** Firehose accepted the record. Positions of partitions no longer tracked are ignored. */
  public void acknowledged(Position position) {
    PartitionState s = partitions.get(position.partition());
    if (s != null) {
      s.pending.remove(position.offset());
    }
  }

  /**
   * The offsets to commit for the partitions in {@code current}: never beyond a record Firehose has
   * not acknowledged. Partitions with no record seen are left out (nothing new to commit).
   */
  public Map<TopicPartition, OffsetAndMetadata> committable(
      Map<TopicPartition, OffsetAndMetadata> current) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : current.keySet()) {
      PartitionState s = partitions.get(tp);
      if (s == null || s.next < 0) {
        continue;
      }
      long next = s.next;
      Long oldest = s.pending.ceiling(Long.MIN_VALUE);
      out.put(tp, new OffsetAndMetadata(oldest == null ? next : oldest));
    }
    return out;
  }

  /** Records not yet acknowledged, over all partitions. */
  public long pendingCount() {
    return partitions.values().stream().mapToLong(s -> s.pending.size()).sum();
  }

  /** Stops tracking partitions this task no longer owns. */
  public void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }
}
