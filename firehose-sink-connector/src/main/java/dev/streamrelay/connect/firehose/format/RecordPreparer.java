package dev.streamrelay.connect.firehose.format;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides what a Kafka record becomes before it is packed: its formatted bytes, nothing (a null
 * value that is ignored), or a {@link DataException} when it can never be delivered (a refused
 * null, a value the format cannot write, or more bytes than a Firehose record may hold).
 */
public final class RecordPreparer {

  private final RecordFormatter formatter;
  private final OutputFormat format;
  private final NullValueBehavior nullValues;
  private final int maxRecordBytes;
  private final RecordCheck check;

  public RecordPreparer(
      OutputFormat format, byte[] delimiter, NullValueBehavior nullValues, int maxRecordBytes) {
    this(format, delimiter, nullValues, maxRecordBytes, RecordCheck.NONE);
  }

  /**
   * @param check run on every formatted record (the schema guard), after the size check
   */
  public RecordPreparer(
      OutputFormat format,
      byte[] delimiter,
      NullValueBehavior nullValues,
      int maxRecordBytes,
      RecordCheck check) {
    this.formatter = RecordFormatter.create(format, delimiter);
    this.format = format;
    this.nullValues = nullValues;
    this.maxRecordBytes = maxRecordBytes;
    this.check = check;
  }

  /**
   * @return the bytes to deliver, delimiter included, or null to skip the record
   * @throws DataException when the record can never be delivered; the message says why
   */
  public byte[] prepare(SinkRecord record) {
    if (record.value() == null && nullValues != NullValueBehavior.WRITE) {
      if (nullValues == NullValueBehavior.IGNORE) {
        return null;
      }
      throw new DataException("Record value is null and behavior.on.null.values=fail");
    }
    byte[] data;
    try {
      data = formatter.format(record);
    } catch (DataException e) {
      throw new DataException(
          "Record could not be written as " + format + ": " + e.getMessage(), e);
    }
    if (data.length > maxRecordBytes) {
      throw new DataException(
          "Record is "
              + data.length
              + " bytes after formatting, more than the "
              + maxRecordBytes
              + " bytes (1,000 KiB) a Firehose record may hold");
    }
    check.check(record.topic(), data);
    return data;
  }
}
