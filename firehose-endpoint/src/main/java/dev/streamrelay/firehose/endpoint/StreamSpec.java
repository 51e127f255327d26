package dev.streamrelay.firehose.endpoint;

import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import java.time.Duration;

/**
 * A Direct PUT delivery stream with an S3 destination, as far as the endpoint models it.
 *
 * @param name delivery stream name
 * @param bucket the destination bucket: a folder under the endpoint's data directory
 * @param prefix key prefix before the {@code YYYY/MM/DD/HH/} layout; plain text, no expressions
 * @param errorOutputPrefix key prefix for records that failed the JSON check
 * @param bufferBytes deliver when this many bytes are buffered
 * @param bufferInterval deliver when the oldest buffered byte is this old
 * @param gzip compress objects with GZIP and name them {@code .gz}
 * @param jsonCheck check that every line of a record is JSON, the way record format conversion
 *     would need it; records that fail go under the error prefix
 * @param parquet record format conversion to Parquet (SNAPPY) in a Glue table's columns, or null:
 *     objects are Parquet files named {@code .parquet}, records that do not fit the columns go
 *     under the error prefix; needs {@code gzip} off, as Firehose needs S3 compression off
 */
public record StreamSpec(
    String name,
    String bucket,
    String prefix,
    String errorOutputPrefix,
    long bufferBytes,
    Duration bufferInterval,
    boolean gzip,
    boolean jsonCheck,
    ParquetConversion parquet) {

  /** Firehose's defaults: 5 MiB or 300 seconds, uncompressed, into bucket {@code firehose}. */
  public static StreamSpec of(String name) {
    return new StreamSpec(
        name, "firehose", "", "", 5L * 1024 * 1024, Duration.ofSeconds(300), false, false, null);
  }

  public StreamSpec {
    if (name == null || !name.matches("[a-zA-Z0-9_.-]{1,64}")) {
      throw FirehoseException.invalidArgument(
          "DeliveryStreamName must be 1 to 64 characters of [a-zA-Z0-9_.-]: " + name);
    }
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw FirehoseException.invalidArgument("Invalid bucket name: " + bucket);
    }
    prefix = prefix == null ? "" : prefix;
    errorOutputPrefix = errorOutputPrefix == null ? "" : errorOutputPrefix;
    if (prefix.contains("!{") || errorOutputPrefix.contains("!{")) {
      throw FirehoseException.invalidArgument(
          "This endpoint supports plain prefixes only, not !{...} expressions");
    }
    if (prefix.contains("..") || errorOutputPrefix.contains("..")) {
      throw FirehoseException.invalidArgument("Prefixes must not contain '..'");
    }
    if (bufferBytes < 1) {
      throw FirehoseException.invalidArgument("bufferBytes must be positive: " + bufferBytes);
    }
    if (bufferInterval.isNegative()) {
      throw FirehoseException.invalidArgument("bufferInterval must not be negative");
    }
    if (parquet != null && gzip) {
      throw FirehoseException.invalidArgument(
          "Record format conversion needs S3 compression UNCOMPRESSED (Parquet is SNAPPY inside)");
    }
  }

  public StreamSpec withBucket(String bucket, String prefix, String errorOutputPrefix) {
    return new StreamSpec(
        name,
        bucket,
        prefix,
        errorOutputPrefix,
        bufferBytes,
        bufferInterval,
        gzip,
        jsonCheck,
        parquet);
  }

  public StreamSpec withBuffering(long bufferBytes, Duration bufferInterval) {
    return new StreamSpec(
        name,
        bucket,
        prefix,
        errorOutputPrefix,
        bufferBytes,
        bufferInterval,
        gzip,
        jsonCheck,
        parquet);
  }

  public StreamSpec withGzip(boolean gzip) {
    return new StreamSpec(
        name,
        bucket,
        prefix,
        errorOutputPrefix,
        bufferBytes,
        bufferInterval,
        gzip,
        jsonCheck,
        parquet);
  }

  public StreamSpec withJsonCheck(boolean jsonCheck) {
    return new StreamSpec(
        name,
        bucket,
        prefix,
        errorOutputPrefix,
        bufferBytes,
        bufferInterval,
        gzip,
        jsonCheck,
        parquet);
  }

  /**
   * Converts records to Parquet in {@code conversion}'s columns, as Firehose's record format
   * conversion does; turns GZIP off.
   */
  public StreamSpec withParquetConversion(ParquetConversion conversion) {
    return new StreamSpec(
        name,
        bucket,
        prefix,
        errorOutputPrefix,
        bufferBytes,
        bufferInterval,
        false,
        jsonCheck,
        conversion);
  }
}
