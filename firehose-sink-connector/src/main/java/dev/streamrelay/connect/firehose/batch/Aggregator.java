package dev.streamrelay.connect.firehose.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs formatted Kafka records (each already ending in its delimiter) into Firehose records of at
 * most {@code maxBytes} bytes and {@code maxRecords} records. A record is never split: one that
 * does not fit in the current aggregate starts the next, one larger than {@code maxBytes} travels
 * alone. With aggregation off, every Kafka record is its own Firehose record.
 *
 * <p>The records of the aggregate being built are kept as they came and copied once, into an array
 * of the aggregate's exact size, when it is sealed (an aggregate of one record is that record's own
 * array): a growing buffer would copy every byte again as it grows and once more to trim, and
 * allocate two to three times the data.
 */
final class Aggregator {

  private final boolean enabled;
  private final int maxBytes;
  private final int maxRecords;
  private final List<byte[]> parts = new ArrayList<>();
  private final List<Position> sources = new ArrayList<>();
  private int size;
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
    FirehoseRecord before = !sources.isEmpty() && !fits(data.length) ? seal() : null;
    if (sources.isEmpty()) {
      firstArrivalNanos = nowNanos;
    }
    parts.add(data);
    size += data.length;
    sources.add(position);
    FirehoseRecord after = full() ? seal() : null;
    if (before == null) {
      return after == null ? List.of() : List.of(after);
    }
    return after == null ? List.of(before) : List.of(before, after);
  }

  /** Seals the aggregate being built, or returns null when there is none. */
  FirehoseRecord seal() {
    if (sources.isEmpty()) {
      return null;
    }
    byte[] data;
    if (parts.size() == 1) {
      data = parts.get(0);
    } else {
      data = new byte[size];
      int at = 0;
      for (byte[] part : parts) {
        System.arraycopy(part, 0, data, at, part.length);
        at += part.length;
      }
    }
    FirehoseRecord r = new FirehoseRecord(data, sources, firstArrivalNanos);
    parts.clear();
    sources.clear();
    size = 0;
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
    return size;
  }

  private boolean fits(int length) {
    return size + (long) length <= maxBytes && (maxRecords == 0 || sources.size() < maxRecords);
  }

  private boolean full() {
    return size >= maxBytes || (maxRecords > 0 && sources.size() >= maxRecords);
  }
}
