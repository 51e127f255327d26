package dev.streamrelay.connect.firehose.batch;

import java.util.List;

/**
 * One record as Firehose sees it: one formatted Kafka record, or several packed together, and the
 * positions of the Kafka records inside.
 */
public final class FirehoseRecord {

  private final byte[] data;
  private final List<Position> sources;
  private final long firstArrivalNanos;

  /**
   * @param firstArrivalNanos when the first Kafka record inside reached the task (for the linger)
   */
  public FirehoseRecord(byte[] data, List<Position> sources, long firstArrivalNanos) {
    this.data = data;
    this.sources = List.copyOf(sources);
    this.firstArrivalNanos = firstArrivalNanos;
  }

  /** The data bytes; not copied, do not modify. */
  public byte[] data() {
    return data;
  }

  public int size() {
    return data.length;
  }

  public List<Position> sources() {
    return sources;
  }

  public long firstArrivalNanos() {
    return firstArrivalNanos;
  }
}
