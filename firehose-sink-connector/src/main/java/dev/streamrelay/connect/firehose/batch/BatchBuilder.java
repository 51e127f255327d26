package dev.streamrelay.connect.firehose.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects Firehose records into PutRecordBatch calls of at most {@code maxRecords} records and
 * {@code maxBytes} data bytes. Limits are checked before a record is added, so a batch never
 * exceeds them; a batch that reaches a limit exactly is closed at once.
 */
final class BatchBuilder {

  private final String stream;
  private final int maxRecords;
  private final long maxBytes;
  private List<FirehoseRecord> records = new ArrayList<>();
  private long bytes;

  BatchBuilder(String stream, int maxRecords, long maxBytes) {
    this.stream = stream;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /** Adds one record and returns the batches closed by it (none, one or two). */
  List<Batch> add(FirehoseRecord record) {
    if (record.size() > maxBytes) {
      throw new IllegalArgumentException(
          "A Firehose record of " + record.size() + " bytes exceeds the batch limit " + maxBytes);
    }
    Batch before =
        !records.isEmpty() && (records.size() + 1 > maxRecords || bytes + record.size() > maxBytes)
            ? drain()
            : null;
    records.add(record);
    bytes += record.size();
    Batch after = records.size() == maxRecords || bytes == maxBytes ? drain() : null;
    if (before == null) {
      return after == null ? List.of() : List.of(after);
    }
    return after == null ? List.of(before) : List.of(before, after);
  }

  /** Closes the batch being built, or returns null when it is empty. */
  Batch drain() {
    if (records.isEmpty()) {
      return null;
    }
    Batch b = new Batch(stream, records);
    records = new ArrayList<>();
    bytes = 0;
    return b;
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  /** When the first Kafka record of the batch being built arrived; meaningless when empty. */
  long firstArrivalNanos() {
    return records.get(0).firstArrivalNanos();
  }

  long bufferedBytes() {
    return bytes;
  }
}
