package dev.streamrelay.connect.firehose.batch;

import java.util.List;

/** The Firehose records of one PutRecordBatch call to one stream. */
public final class Batch {

  private final String stream;
  private final List<FirehoseRecord> records;
  private final long bytes;

  public Batch(String stream, List<FirehoseRecord> records) {
    this.stream = stream;
    this.records = List.copyOf(records);
    this.bytes = this.records.stream().mapToLong(FirehoseRecord::size).sum();
  }

  public String stream() {
    return stream;
  }

  public List<FirehoseRecord> records() {
    return records;
  }

  /** Data bytes of all records. */
  public long bytes() {
    return bytes;
  }

  /** Kafka records inside all Firehose records. */
  public int kafkaRecords() {
    return records.stream().mapToInt(r -> r.sources().size()).sum();
  }
}
