package dev.streamrelay.firehose.endpoint;

/** The Amazon Data Firehose service limits the endpoint enforces and the billing unit it counts. */
public final class FirehoseLimits {

  /** Records per PutRecordBatch call. */
  public static final int MAX_BATCH_RECORDS = 500;

  /** Data bytes (before base64) per PutRecordBatch call: 4 MiB. */
  public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

  /** Data bytes (before base64) per record: 1,000 KiB. */
  public static final int MAX_RECORD_BYTES = 1000 * 1024;

  /** Direct PUT ingestion is billed per record rounded up to this many bytes (5 KB). */
  public static final int BILLING_UNIT_BYTES = 5 * 1024;

  /** S3 buffering hint bounds, as CreateDeliveryStream accepts them. */
  public static final int MIN_BUFFER_MB = 1;

  public static final int MAX_BUFFER_MB = 128;
  public static final int MAX_BUFFER_SECONDS = 900;

  private FirehoseLimits() {}

  /** The 5 KB units Firehose bills for one record of {@code bytes} data bytes. */
  public static long billedUnits(long bytes) {
    return Math.max(1, (bytes + BILLING_UNIT_BYTES - 1) / BILLING_UNIT_BYTES);
  }
}
