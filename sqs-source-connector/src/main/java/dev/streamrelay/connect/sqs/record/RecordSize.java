package dev.streamrelay.connect.sqs.record;

import java.math.BigDecimal;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The size a record will have in Kafka, estimated before the producer refuses it: text as UTF-8
 * (what StringConverter writes), bytes as they are (what ByteArrayConverter writes; every header of
 * this connector is bytes). Converters that add a schema envelope or escaping make the real record
 * somewhat larger, which is why the default limit leaves room under the producer's
 * max.request.size.
 */
public record RecordSize(long keyBytes, long valueBytes, long headerBytes) {

  public static RecordSize of(SourceRecord record) {
    long headers = 0;
    for (Header header : record.headers()) {
      headers += Utils.utf8Length(header.key());
      if (header.value() != null) {
        headers +=
            header.value() instanceof byte[] bytes
                ? bytes.length
                : Utils.utf8Length(Values.convertToString(header.schema(), header.value()));
      }
    }
    return new RecordSize(bytes(record.key()), bytes(record.value()), headers);
  }

  public long total() {
    return keyBytes + valueBytes + headerBytes;
  }

  /**
   * A bound the exact size never exceeds, from lengths alone (no encoding or header conversion):
   * three UTF-8 bytes per char, bytes as they are. Lets the common small record skip {@link #of}.
   */
  public static long upperBound(SourceRecord record) {
    long bound = maxBytes(record.key()) + maxBytes(record.value());
    for (Header header : record.headers()) {
      bound += 3L * header.key().length() + maxBytes(header.value());
    }
    return bound;
  }

  private static long maxBytes(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString().length(); // never shorter than its scientific form
    }
    return 3L * value.toString().length();
  }

  private static long bytes(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    return value == null ? 0 : Utils.utf8Length(value.toString());
  }
}
