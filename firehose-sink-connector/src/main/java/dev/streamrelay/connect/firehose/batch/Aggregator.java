package dev.streamrelay.connect.firehose.batch;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs formatted Kafka records (each already ending in its delimiter) into Firehose records of at
 * most {@code maxBytes} bytes and {@code maxRecords} records. A record is never split: one that
 * does not fit in the current aggregate starts the next, one larger than {@code maxBytes} travels
 * alone. With aggregation off, every Kafka record is its own Firehose record.
 */
final class Aggregator {

  private final boolean enabled;
  private final int maxBytes;
  private final int maxRecords;
  private ByteArrayOutputStream current;
  private List<Position> sources = new ArrayList<>();
  private long firstArrivalNanos;

  /**
   * @param maxRecords most Kafka records per aggregate; 0 means no limit
   */
  Aggregator(boolean enabled, int maxBytes, int maxRecords) {
    this.enabled = enabled;
    this.maxBytes = maxBytes;
    this.maxRecords = maxRecords;
  }

  /** Adds one record, arrived at {@code nowNanos}; returns the aggregates it completed. */
  List<FirehoseRecord> add(byte[] data, Position position, long nowNanos) {
    if (!enabled) {
      return List.of(new FirehoseRecord(data, List.of(position), nowNanos));
    }
    List<FirehoseRecord> done = new ArrayList<>(2);
    if (!sources.isEmpty() && !fits(data.length)) {
      done.add(seal());
    }
    if (current == null) {
      firstArrivalNanos = nowNanos;
      current = new ByteArrayOutputStream(Math.min(Math.max(data.length, 4096), maxBytes));
    }
    current.write(data, 0, data.length);
    sources.add(position);
    if (full()) {
      done.add(seal());
    }
    return done;
  }

  /** Seals the aggregate being built, or returns null when there is none. */
  FirehoseRecord seal() {
    if (sources.isEmpty()) {
      return null;
    }
    FirehoseRecord r = new FirehoseRecord(current.toByteArray(), sources, firstArrivalNanos);
    current = null;
    sources = new ArrayList<>();
    return r;
  }

  boolean isEmpty() {
    return sources.isEmpty();
  }

  /** When the first record of the aggregate being built arrived; meaningless when empty. */
  long firstArrivalNanos() {
    return firstArrivalNanos;
  }

  int bufferedBytes() {
    return current == null ? 0 : current.size();
  }

  private boolean fits(int length) {
    return current.size() + (long) length <= maxBytes
        && (maxRecords == 0 || sources.size() < maxRecords);
  }

  private boolean full() {
    return current.size() >= maxBytes || (maxRecords > 0 && sources.size() >= maxRecords);
  }
}
