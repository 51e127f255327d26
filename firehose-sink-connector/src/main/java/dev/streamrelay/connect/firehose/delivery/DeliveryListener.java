package dev.streamrelay.connect.firehose.delivery;

import dev.streamrelay.connect.firehose.batch.FirehoseRecord;

/** What the sender reports as it works; the task turns it into offsets and metrics. */
public interface DeliveryListener {

  /** A PutRecordBatch call is about to be made with {@code records} records of {@code bytes}. */
  void calling(String stream, int records, long bytes);

  /** Firehose accepted {@code record}: its Kafka records may be committed. */
  void delivered(String stream, FirehoseRecord record);

  /** {@code entries} entries failed with {@code errorCode} and will be sent again. */
  void retrying(String stream, int entries, String errorCode);

  /** Firehose throttled a whole call. */
  void throttled(String stream);
}
