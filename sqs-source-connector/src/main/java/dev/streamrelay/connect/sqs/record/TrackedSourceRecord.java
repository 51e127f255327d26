package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import java.util.Objects;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A source record that remembers the SQS message it came from. Kafka Connect hands this same object
 * (the record as poll() returned it, before any SMT) back to {@code commitRecord}, which is how the
 * task finds the receipt handle to delete. SQS offsets cannot be replayed, so the record carries no
 * source partition or offset and nothing is written to the offsets topic.
 */
public final class TrackedSourceRecord extends SourceRecord {

  private final ReceivedMessage message;

  TrackedSourceRecord(
      ReceivedMessage message,
      String topic,
      Schema keySchema,
      Object key,
      Schema valueSchema,
      Object value,
      Long timestamp,
      Headers headers) {
    super(null, null, topic, null, keySchema, key, valueSchema, value, timestamp, headers);
    this.message = message;
  }

  /** The SQS message this record was made from. */
  public ReceivedMessage message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrackedSourceRecord other
        && super.equals(o)
        && Objects.equals(message, other.message);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + System.identityHashCode(message);
  }
}
