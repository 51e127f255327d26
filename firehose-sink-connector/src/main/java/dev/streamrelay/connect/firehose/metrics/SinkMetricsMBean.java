package dev.streamrelay.connect.firehose.metrics;

/** JMX view of one sink task's delivery counters. */
public interface SinkMetricsMBean {

  /** Kafka records received by put(). */
  long getRecords();

  /** Formatted bytes of Kafka records handed to delivery, delimiters included. */
  long getBytes();

  /** Kafka records Firehose accepted. */
  long getDeliveredRecords();

  /** Firehose records Firehose accepted (aggregates count once). */
  long getFirehoseRecords();

  /** PutRecordBatch calls made, retries included. */
  long getPutRecordBatchCalls();

  /** 5 KB units Firehose bills for the accepted Firehose records. */
  long getBilledUnits();

  /** Entries sent again after a partial failure or a failed call. */
  long getRetriedEntries();

  /** Whole calls Firehose throttled. */
  long getThrottles();

  /** Records handed to the errant-record reporter (dead letter queue). */
  long getDlqRecords();

  /** Records skipped because their value was null and behavior.on.null.values=ignore. */
  long getSkippedNullRecords();

  /** Data bytes of PutRecordBatch calls in flight. */
  long getInflightBytes();

  /** Bytes waiting in aggregates and batches not yet sent. */
  long getBufferedBytes();
}
