package dev.streamrelay.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streamrelay.connect.firehose.format.NullValueBehavior;
import dev.streamrelay.connect.firehose.format.OutputFormat;
import dev.streamrelay.connect.firehose.format.RecordPreparer;
import dev.streamrelay.firehose.endpoint.parquet.HiveType;
import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import dev.streamrelay.firehose.endpoint.parquet.ParquetFile;
import dev.streamrelay.local.demo.DemoEvents;
import dev.streamrelay.local.query.NamedQueries;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The bytes Athena would scan for each named query of {@code cfn/templates/analytics.yaml}, for the
 * same events delivered as gzip JSON lines and as Parquet (record format conversion).
 *
 * <p>Method: demo events ({@code DemoEvents.event}) with the headers the SQS source gives every
 * record ({@code sqs.message.id}, {@code sqs.sent.timestamp}, {@code
 * sqs.approximate.receive.count}) go through the sink's real {@link RecordPreparer} (envelope
 * format) into buffers of {@code bufferBytes} of lines, as Firehose buffers them. Each buffer is
 * written once as a gzip object (Java's {@code GZIPOutputStream}, default level) and once as a
 * Parquet object by the local Firehose endpoint's conversion ({@link ParquetFile}, DuckDB, SNAPPY).
 * All objects are taken to lie in each query's {@code dt} range. Gzip JSON: Athena reads every
 * object of the range whole, so a query scans the sum of the compressed object sizes. Parquet: it
 * reads only the column chunks of the columns the query references, so a query scans the sum of
 * {@code total_compressed_size} of those chunks in the footers ({@code parquet_metadata()}); a
 * struct field referenced as {@code value.id} counts only that leaf, a bare {@code value} every
 * leaf of it. Footers and page indexes are left out of both. {@code dt} is a folder, not data.
 */
final class ScanBytes {

  /** A referenced top-level column, and the struct leaves read when only some are. */
  record Columns(Set<String> leaves) {}

  /** One query's figures. */
  record QueryScan(String name, Set<String> leaves, long jsonBytes, long parquetBytes) {}

  /** The whole computation. */
  record Result(
      long events,
      long lineBytes,
      long jsonObjects,
      long parquetObjects,
      List<QueryScan> queries) {}

  private static final Pattern IDENTIFIER =
      Pattern.compile("\"?([A-Za-z_][A-Za-z0-9_]*)\"?(\\.[A-Za-z_]+)?");

  private final ParquetConversion conversion;
  private final NamedQueries queries;
  private final RecordPreparer preparer =
      new RecordPreparer(
          OutputFormat.ENVELOPE, "\n".getBytes(UTF_8), NullValueBehavior.WRITE, 1_024_000);

  ScanBytes(ParquetConversion conversion, NamedQueries queries) {
    this.conversion = conversion;
    this.queries = queries;
  }

  /**
   * The Parquet leaves (as {@code parquet_metadata}'s {@code path_in_schema} starts: {@code "value,
   * id"} or a top-level name) that {@code sql} references among the table's columns.
   */
  Set<String> referencedLeaves(String sql) {
    Map<String, ParquetConversion.Column> byName = new LinkedHashMap<>();
    conversion.columns().forEach(c -> byName.put(c.name(), c));
    Set<String> leaves = new LinkedHashSet<>();
    Set<String> whole = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(sql.replaceAll("'[^']*'", "''"));
    while (m.find()) {
      ParquetConversion.Column c = byName.get(m.group(1));
      if (c == null) {
        continue;
      }
      if (c.type() instanceof HiveType.StructType s
          && m.group(2) != null
          && s.fields().containsKey(m.group(2).substring(1))) {
        leaves.add(c.name() + ", " + m.group(2).substring(1));
      } else {
        whole.add(c.name());
      }
    }
    leaves.removeIf(l -> whole.contains(l.substring(0, l.indexOf(','))));
    leaves.addAll(whole);
    return leaves;
  }

  /** Generates {@code targetLineBytes} of envelope lines into {@code dir} and measures. */
  Result run(Path dir, long targetLineBytes, long bufferBytes) throws IOException, SQLException {
    Files.createDirectories(dir);
    long events = 0;
    long lineBytes = 0;
    List<Path> json = new ArrayList<>();
    List<Path> parquet = new ArrayList<>();
    Path ndjson = dir.resolve("buffer.ndjson");
    OutputStream buffer = Files.newOutputStream(ndjson);
    long inBuffer = 0;
    long timestamp = 1_767_225_600_000L;
    while (lineBytes < targetLineBytes) {
      byte[] line = preparer.prepare(record(events, timestamp + events));
      buffer.write(line);
      inBuffer += line.length;
      lineBytes += line.length;
      events++;
      if (inBuffer >= bufferBytes || lineBytes >= targetLineBytes) {
        buffer.close();
        String name = "events-1-" + UUID.randomUUID();
        Path gz = dir.resolve(name + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 64 * 1024)) {
          Files.copy(ndjson, out);
        }
        Path pq = dir.resolve(name + ".parquet");
        ParquetFile.write(conversion, ndjson, pq);
        json.add(gz);
        parquet.add(pq);
        buffer = Files.newOutputStream(ndjson);
        inBuffer = 0;
      }
    }
    buffer.close();
    Files.delete(ndjson);

    long jsonBytes = 0;
    for (Path p : json) {
      jsonBytes += Files.size(p);
    }
    Map<String, Long> chunkBytes = chunkBytes(parquet);
    List<QueryScan> scans = new ArrayList<>();
    for (NamedQueries.NamedQuery q : queries.queries()) {
      Set<String> leaves = referencedLeaves(q.queryString());
      long bytes = 0;
      for (Map.Entry<String, Long> e : chunkBytes.entrySet()) {
        String top =
            e.getKey().contains(",")
                ? e.getKey().substring(0, e.getKey().indexOf(','))
                : e.getKey();
        String leaf =
            e.getKey().split(", ").length > 1 ? top + ", " + e.getKey().split(", ")[1] : top;
        if (leaves.contains(top) || leaves.contains(leaf)) {
          bytes += e.getValue();
        }
      }
      scans.add(new QueryScan(q.name(), leaves, jsonBytes, bytes));
    }
    return new Result(events, lineBytes, json.size(), parquet.size(), scans);
  }

  /** {@code total_compressed_size} summed per {@code path_in_schema} over every file. */
  static Map<String, Long> chunkBytes(List<Path> files) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    if (files.isEmpty()) {
      return out;
    }
    StringBuilder list = new StringBuilder("[");
    for (Path p : files) {
      list.append(list.length() > 1 ? ", '" : "'")
          .append(p.toString().replace("'", "''"))
          .append("'");
    }
    list.append("]");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT path_in_schema, sum(total_compressed_size) FROM parquet_metadata("
                    + list
                    + ") GROUP BY 1 ORDER BY 1")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  /** What Athena bills for a query that scans {@code bytes}: whole MB, at least 10 MB. */
  static double athenaCost(long bytes, Prices.Analytics prices) {
    long mb = Math.max(prices.athenaMinimumMb(), (bytes + MIB - 1) / MIB);
    return mb * (double) MIB / TIB * prices.athenaPerTbScanned();
  }

  static final long MIB = 1L << 20;
  static final long TIB = 1L << 40;

  /**
   * {@code scan-bytes.sh [--mb N] [--buffer-mb N] [--dir DIR]}: the figure as a Markdown table,
   * with the method and prices.
   */
  public static void main(String[] args) throws Exception {
    long mb = 1024;
    long bufferMb = 64;
    Path dir = Files.createTempDirectory("scan-bytes");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mb" -> mb = Long.parseLong(args[++i]);
        case "--buffer-mb" -> bufferMb = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path root = Path.of(System.getProperty("streamrelay.repo.root", ".")).toAbsolutePath();
    ScanBytes scan =
        new ScanBytes(
            ParquetConversion.fromEnvelopeSchema(root.resolve("schema/envelope.json")),
            NamedQueries.read(root.resolve(NamedQueries.RELATIVE_PATH)));
    Result r = scan.run(dir, mb * MIB, bufferMb * MIB);
    Prices.Analytics prices = Prices.ANALYTICS;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%,d events, %,d bytes of envelope lines (%.2f GiB), in %d buffers of %d MiB:"
                + " %,d bytes as gzip JSON, %,d bytes as Parquet (all column chunks)%n%n",
            r.events(),
            r.lineBytes(),
            r.lineBytes() / (double) (1L << 30),
            r.jsonObjects(),
            bufferMb,
            r.queries().get(0).jsonBytes(),
            chunkBytes(listParquet(dir)).values().stream().mapToLong(Long::longValue).sum()));
    out.append(
        "| Named query | Columns read from Parquet | gzip JSON scanned | Parquet scanned | Athena"
            + " cost, gzip JSON | Athena cost, Parquet |\n|---|---|---:|---:|---:|---:|\n");
    for (QueryScan q : r.queries()) {
      out.append(
          String.format(
              "| %s | %s | %,.1f MB | %,.1f MB | $%.5f | $%.5f |%n",
              q.name(),
              String.join("; ", q.leaves()).replace(", ", "."),
              q.jsonBytes() / (double) MIB,
              q.parquetBytes() / (double) MIB,
              athenaCost(q.jsonBytes(), prices),
              athenaCost(q.parquetBytes(), prices)));
    }
    out.append(
        String.format(
            "%nFirehose record format conversion of these %.2f GB: $%.4f (at $%.3f per GB)%n",
            r.lineBytes() / (double) (1L << 30),
            r.lineBytes() / (double) (1L << 30) * prices.firehoseConversionPerGb(),
            prices.firehoseConversionPerGb()));
    for (Prices.Source s : Prices.ANALYTICS_SOURCES) {
      out.append(String.format("- %s: %s (%s; %s)%n", s.what(), s.figure(), s.check(), s.where()));
    }
    System.out.print(out);
  }

  private static List<Path> listParquet(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  private static SinkRecord record(long i, long timestamp) {
    String id = UUID.nameUUIDFromBytes(("message-" + i).getBytes(UTF_8)).toString();
    ConnectHeaders headers = new ConnectHeaders();
    headers.add("sqs.message.id", id.getBytes(UTF_8), Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add(
        "sqs.sent.timestamp",
        Long.toString(timestamp).getBytes(UTF_8),
        Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("sqs.approximate.receive.count", "1".getBytes(UTF_8), Schema.OPTIONAL_BYTES_SCHEMA);
    return new SinkRecord(
        "streamrelay.events",
        (int) (i % 6),
        Schema.OPTIONAL_STRING_SCHEMA,
        id,
        Schema.OPTIONAL_STRING_SCHEMA,
        DemoEvents.event("e-" + i, (int) i),
        1_000_000L + i / 6,
        timestamp,
        TimestampType.CREATE_TIME,
        headers);
  }
}
