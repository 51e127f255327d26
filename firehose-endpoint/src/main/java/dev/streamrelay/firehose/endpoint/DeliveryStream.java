package dev.streamrelay.firehose.endpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import dev.streamrelay.firehose.endpoint.parquet.ParquetFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One delivery stream: its spec and its two S3 buffers, one for delivered data, one for records
 * that failed the optional JSON check (written under the error prefix, in the shape of Firehose's
 * error records). Firehose concatenates records as they are, with no delimiter: so does this. With
 * a Parquet conversion, each record's JSON lines are checked against the table's columns and each
 * delivered buffer becomes one Parquet file.
 */
final class DeliveryStream {

  static final String ACCOUNT = "000000000000";
  static final String VERSION = "1";
  static final String ERROR_OUTPUT_TYPE = "format-conversion-failed/";

  private final StreamSpec spec;
  private final String region;
  private final Instant created;
  private final ObjectWriter writer;
  private final Counters counters;
  private final ObjectMapper json;
  private final ObjectReader strictReader;
  private final Buffer data = new Buffer();
  private final Buffer errors = new Buffer();
  private final AtomicLong sequence = new AtomicLong();

  DeliveryStream(
      StreamSpec spec,
      String region,
      Instant created,
      ObjectWriter writer,
      Counters counters,
      ObjectMapper json) {
    this.spec = spec;
    this.region = region;
    this.created = created;
    this.writer = writer;
    this.counters = counters;
    this.json = json;
    this.strictReader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  StreamSpec spec() {
    return spec;
  }

  Instant created() {
    return created;
  }

  String arn() {
    return "arn:aws:firehose:" + region + ":" + ACCOUNT + ":deliverystream/" + spec.name();
  }

  /** Buffers one accepted record, delivering the buffer when it reaches its size hint. */
  void accept(byte[] record, Instant arrival) throws IOException {
    if (spec.parquet() != null) {
      acceptForConversion(spec.parquet(), record, arrival);
      return;
    }
    if (spec.jsonCheck() && !isJsonLines(record)) {
      errors.append(errorRecord(record, arrival), arrival);
      deliverIfDue(errors, arrival, true);
      return;
    }
    data.append(record, arrival);
    deliverIfDue(data, arrival, false);
  }

  /** Delivers whichever buffer has reached its interval hint. */
  void deliverIfDue(Instant now) throws IOException {
    deliverIfDue(data, now, false);
    deliverIfDue(errors, now, true);
  }

  /** Delivers both buffers now, whatever their size and age. */
  void deliverAll() throws IOException {
    deliver(data, false);
    deliver(errors, true);
  }

  private void deliverIfDue(Buffer buffer, Instant now, boolean error) throws IOException {
    if (buffer.due(now, spec.bufferBytes(), spec.bufferInterval().toMillis())) {
      deliver(buffer, error);
    }
  }

  /**
   * A record goes to the data buffer, one line per JSON object, when every line fits the table;
   * otherwise whole to the error buffer, as Firehose sends a record it cannot convert.
   */
  private void acceptForConversion(ParquetConversion conversion, byte[] record, Instant arrival)
      throws IOException {
    StringBuilder lines = new StringBuilder();
    Optional<String> misfit = Optional.empty();
    for (String line : new String(record, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = strictReader.readTree(line);
      } catch (IOException e) {
        misfit = Optional.of("a line of the record is not JSON");
        break;
      }
      misfit = conversion.misfit(node);
      if (misfit.isPresent()) {
        break;
      }
      lines.append(line).append('\n');
    }
    if (misfit.isEmpty() && lines.length() == 0) {
      misfit = Optional.of("the record holds no JSON object");
    }
    if (misfit.isPresent()) {
      errors.append(conversionErrorRecord(conversion, record, arrival, misfit.get()), arrival);
      deliverIfDue(errors, arrival, true);
      return;
    }
    data.append(lines.toString().getBytes(StandardCharsets.UTF_8), arrival);
    deliverIfDue(data, arrival, false);
  }

  private void deliver(Buffer buffer, boolean error) throws IOException {
    Buffer.Drained drained = buffer.drain();
    if (drained == null) {
      return;
    }
    String keyPrefix = error ? spec.errorOutputPrefix() + ERROR_OUTPUT_TYPE : spec.prefix();
    if (!error && spec.parquet() != null) {
      Path ndjson = writer.stagingFile(".ndjson");
      try {
        Files.write(ndjson, drained.bytes());
        writer.write(
            spec.bucket(),
            keyPrefix,
            spec.name(),
            VERSION,
            drained.oldest(),
            ".parquet",
            tmp -> ParquetFile.write(spec.parquet(), ndjson, tmp));
      } finally {
        Files.deleteIfExists(ndjson);
      }
      counters.objectWritten();
      return;
    }
    writer.write(
        spec.bucket(),
        keyPrefix,
        spec.name(),
        VERSION,
        drained.oldest(),
        drained.bytes(),
        spec.gzip());
    counters.objectWritten();
  }

  private boolean isJsonLines(byte[] record) {
    String text = new String(record, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        strictReader.readTree(line);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private byte[] errorRecord(byte[] record, Instant arrival) {
    ObjectNode node = json.createObjectNode();
    node.put("attemptsMade", 1);
    node.put("arrivalTimestamp", arrival.toEpochMilli());
    node.put("lastErrorCode", "MalformedJson");
    node.put("lastErrorMessage", "A line of the record is not a JSON value.");
    node.put("attemptEndingTimestamp", arrival.toEpochMilli());
    node.put("rawData", Base64.getEncoder().encodeToString(record));
    try {
      return (json.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A failed conversion as Firehose documents it ("Handling errors for data format conversion"):
   * one JSON document per record. The error code is ours; Firehose's own codes are not documented.
   */
  private byte[] conversionErrorRecord(
      ParquetConversion conversion, byte[] record, Instant arrival, String reason) {
    ObjectNode node = json.createObjectNode();
    node.put("attemptsMade", 1);
    node.put("arrivalTimestamp", arrival.toEpochMilli());
    node.put("ErrorCode", "DataFormatConversion.RecordDoesNotFitSchema");
    node.put(
        "ErrorMessage",
        "The record does not fit table "
            + conversion.databaseName()
            + "."
            + conversion.tableName()
            + ": "
            + reason);
    node.put("attemptEndingTimestamp", arrival.toEpochMilli());
    node.put("rawData", Base64.getEncoder().encodeToString(record));
    node.put("sequenceNumber", String.valueOf(sequence.incrementAndGet()));
    node.put("subSequenceNumber", 0);
    ObjectNode table = node.putObject("dataCatalogTable");
    table.put("catalogId", ACCOUNT);
    table.put("databaseName", conversion.databaseName());
    table.put("tableName", conversion.tableName());
    table.put("region", region);
    table.put("versionId", "LATEST");
    table.put("catalogArn", "arn:aws:glue:" + region + ":" + ACCOUNT + ":catalog");
    try {
      return (json.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes waiting for delivery and the arrival time of the oldest of them. */
  private static final class Buffer {
    private ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Instant oldest;

    record Drained(byte[] bytes, Instant oldest) {}

    synchronized void append(byte[] data, Instant arrival) {
      if (oldest == null) {
        oldest = arrival;
      }
      bytes.write(data, 0, data.length);
    }

    synchronized boolean due(Instant now, long sizeHint, long intervalMillis) {
      return oldest != null
          && (bytes.size() >= sizeHint
              || now.toEpochMilli() - oldest.toEpochMilli() >= intervalMillis);
    }

    synchronized Drained drain() {
      if (oldest == null) {
        return null;
      }
      Drained d = new Drained(bytes.toByteArray(), oldest);
      bytes = new ByteArrayOutputStream();
      oldest = null;
      return d;
    }
  }
}
