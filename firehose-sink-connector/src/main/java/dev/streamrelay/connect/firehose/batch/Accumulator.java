package dev.streamrelay.connect.firehose.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A task's records on their way to Firehose, per delivery stream: the aggregate being packed and
 * the batch being filled. It hands back batches as they fill up, when the {@link Linger} says a
 * stream's partial batch must leave, or on demand. Thread-safe: {@code put()} and the linger timer
 * share it.
 */
public final class Accumulator {

  /** How records are packed. */
  public record Limits(
      boolean aggregation,
      int aggregateMaxBytes,
      int aggregateMaxRecords,
      int batchMaxRecords,
      int batchMaxBytes) {}

  private final Limits limits;
  private final Linger linger;
  private final LongSupplier nanoClock;
  private final Map<String, StreamState> streams = new HashMap<>();

  public Accumulator(Limits limits, Linger linger, LongSupplier nanoClock) {
    this.limits = limits;
    this.linger = linger;
    this.nanoClock = nanoClock;
  }

  /** Adds one formatted record for {@code stream}; returns the batches that are ready. */
  public synchronized List<Batch> add(String stream, byte[] data, Position position) {
    StreamState s = streams.computeIfAbsent(stream, StreamState::new);
    List<FirehoseRecord> sealed = s.aggregator.add(data, position, nanoClock.getAsLong());
    if (sealed.isEmpty()) {
      return List.of();
    }
    if (sealed.size() == 1) {
      return s.batches.add(sealed.get(0));
    }
    List<Batch> ready = new ArrayList<>(2);
    for (FirehoseRecord r : sealed) {
      ready.addAll(s.batches.add(r));
    }
    return ready;
  }

  /**
   * Seals and returns the batches of streams whose linger expired ({@link Linger#expired}). Each
   * aggregate carries when its first record arrived, so a full batch that leaves takes its age
   * along.
   */
  public synchronized List<Batch> drainExpired() {
    long now = nanoClock.getAsLong();
    List<Batch> ready = new ArrayList<>();
    for (StreamState s : streams.values()) {
      if (!s.isEmpty() && linger.expired(s.oldestNanos(), now)) {
        s.drainInto(ready);
      }
    }
    return ready;
  }

  /** Seals and returns everything pending. */
  public synchronized List<Batch> drainAll() {
    List<Batch> ready = new ArrayList<>();
    for (StreamState s : streams.values()) {
      s.drainInto(ready);
    }
    return ready;
  }

  /** Bytes held in aggregates and batches not yet handed out. */
  public synchronized long bufferedBytes() {
    long total = 0;
    for (StreamState s : streams.values()) {
      total += s.aggregator.bufferedBytes() + s.batches.bufferedBytes();
    }
    return total;
  }

  private final class StreamState {
    final Aggregator aggregator;
    final BatchBuilder batches;

    StreamState(String stream) {
      this.aggregator =
          new Aggregator(
              limits.aggregation(), limits.aggregateMaxBytes(), limits.aggregateMaxRecords());
      this.batches = new BatchBuilder(stream, limits.batchMaxRecords(), limits.batchMaxBytes());
    }

    boolean isEmpty() {
      return aggregator.isEmpty() && batches.isEmpty();
    }

    /** When the oldest record still pending for this stream arrived; not for an empty one. */
    long oldestNanos() {
      if (batches.isEmpty()) {
        return aggregator.firstArrivalNanos();
      }
      if (aggregator.isEmpty()) {
        return batches.firstArrivalNanos();
      }
      return Math.min(batches.firstArrivalNanos(), aggregator.firstArrivalNanos());
    }

    void drainInto(List<Batch> ready) {
      FirehoseRecord last = aggregator.seal();
      if (last != null) {
        ready.addAll(batches.add(last));
      }
      Batch b = batches.drain();
      if (b != null) {
        ready.add(b);
      }
    }
  }
}
