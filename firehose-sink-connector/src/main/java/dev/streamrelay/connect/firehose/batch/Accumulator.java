package dev.streamrelay.connect.firehose.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A task's records on their way to Firehose, per delivery stream: the aggregate being packed and
 * the batch being filled. It hands back batches as they fill up, when their oldest record has
 * lingered long enough, or on demand. Thread-safe: {@code put()} and the linger timer share it.
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
  private final long lingerNanos;
  private final LongSupplier nanoClock;
  private final Map<String, StreamState> streams = new HashMap<>();

  public Accumulator(Limits limits, long lingerNanos, LongSupplier nanoClock) {
    this.limits = limits;
    this.lingerNanos = lingerNanos;
    this.nanoClock = nanoClock;
  }

  /** Adds one formatted record for {@code stream}; returns the batches that are ready. */
  public synchronized List<Batch> add(String stream, byte[] data, Position position) {
    StreamState s = streams.computeIfAbsent(stream, StreamState::new);
    long now = nanoClock.getAsLong();
    if (s.aggregator.isEmpty()) {
      s.aggregateStartNanos = now;
    }
    long sealedStartNanos = s.aggregateStartNanos;
    List<FirehoseRecord> sealed = s.aggregator.add(data, position);
    List<Batch> ready = new ArrayList<>();
    for (FirehoseRecord r : sealed) {
      boolean startsBatch = s.batches.isEmpty();
      List<Batch> full = s.batches.add(r);
      ready.addAll(full);
      if ((startsBatch || !full.isEmpty()) && !s.batches.isEmpty()) {
        // r is the first record of the batch now being built: the linger counts from its start.
        s.batchStartNanos = sealedStartNanos;
      }
      // A second sealed record holds only the record added now.
      sealedStartNanos = now;
    }
    if (!sealed.isEmpty()) {
      s.aggregateStartNanos = now;
    }
    return ready;
  }

  /**
   * Seals and returns the batches of streams whose oldest pending record waited the linger. The
   * clock restarts whenever a batch leaves full, so a stream under steady load sends full batches
   * rather than a partial one every linger.
   */
  public synchronized List<Batch> drainExpired() {
    long now = nanoClock.getAsLong();
    List<Batch> ready = new ArrayList<>();
    for (StreamState s : streams.values()) {
      if (!s.isEmpty() && now - s.oldestNanos() >= lingerNanos) {
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
    long aggregateStartNanos;
    long batchStartNanos;

    StreamState(String stream) {
      this.aggregator =
          new Aggregator(
              limits.aggregation(), limits.aggregateMaxBytes(), limits.aggregateMaxRecords());
      this.batches = new BatchBuilder(stream, limits.batchMaxRecords(), limits.batchMaxBytes());
    }

    boolean isEmpty() {
      return aggregator.isEmpty() && batches.isEmpty();
    }

    /** When the oldest record still pending for this stream arrived. */
    long oldestNanos() {
      if (batches.isEmpty()) {
        return aggregateStartNanos;
      }
      if (aggregator.isEmpty()) {
        return batchStartNanos;
      }
      return Math.min(batchStartNanos, aggregateStartNanos);
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
