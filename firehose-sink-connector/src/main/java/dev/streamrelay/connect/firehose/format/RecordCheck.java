package dev.streamrelay.connect.firehose.format;

import org.apache.kafka.connect.errors.DataException;

/** A check of a formatted record before it is packed, e.g. against the stream's Glue table. */
@FunctionalInterface
public interface RecordCheck {

  /** Accepts every record. */
  RecordCheck NONE = (topic, data) -> {};

  /**
   * @param topic the record's topic (which names its delivery stream)
   * @param data the formatted record, delimiter included
   * @throws DataException when the record must not be delivered; the message says why
   */
  void check(String topic, byte[] data);
}
