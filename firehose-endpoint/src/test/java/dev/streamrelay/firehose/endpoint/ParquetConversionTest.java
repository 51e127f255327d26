package dev.streamrelay.firehose.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParquetConversionTest {

  static final Path SCHEMA = repoRoot().resolve("schema/envelope.json");
  static final ParquetConversion ENVELOPE = ParquetConversion.fromEnvelopeSchema(SCHEMA);
  static final ObjectMapper JSON = new ObjectMapper();

  static final String LINE =
      "{\"topic\":\"t\",\"partition\":2,\"offset\":1041,\"timestamp\":1764669600123,\"key\":\"k1\","
          + "\"headers\":{\"sqs.message.id\":\"m-1\",\"zip\":\"00123\"},"
          + "\"header_types\":{\"zip\":\"String\"},"
          + "\"value\":{\"id\":\"e-1\",\"type\":\"click\",\"ts\":\"2026-12-02T10:00:00Z\","
          + "\"payload\":{\"n\":1E+3}},\"value_text\":null}\n";

  @TempDir Path dir;

  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("schema/envelope.json"))) {
      p = p.getParent();
    }
    return p;
  }

  @Test
  void envelopeColumnsComeFromTheSchemaFile() {
    assertThat(ENVELOPE.tableName()).isEqualTo("events");
    assertThat(ENVELOPE.columns())
        .extracting(ParquetConversion.Column::name)
        .containsExactly(
            "topic",
            "partition",
            "offset",
            "timestamp",
            "key",
            "headers",
            "header_types",
            "value",
            "value_text");
  }

  @Test
  void deliversOneParquetFilePerBufferInTheTableTypes() throws Exception {
    DeliveryStream stream = stream();
    Instant t = Instant.parse("2026-12-02T10:00:00Z");
    stream.accept(LINE.getBytes(StandardCharsets.UTF_8), t);
    stream.accept(
        LINE.replace("\"offset\":1041", "\"offset\":1042")
            .replace("k1", "k2")
            .getBytes(StandardCharsets.UTF_8),
        t);
    stream.deliverAll();

    List<Path> objects = files(dir.resolve("lake/raw/2026/12/02/10"));
    assertThat(objects).hasSize(1);
    assertThat(objects.get(0).getFileName().toString())
        .startsWith("events-1-2026-12-02-10-00-00-")
        .endsWith(".parquet");
    String file = objects.get(0).toString();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      assertThat(
              rows(
                  s,
                  "SELECT name, type, converted_type, num_children FROM parquet_schema('"
                      + file
                      + "')"))
          .containsExactly(
              "duckdb_schema|null|null|9",
              "topic|BYTE_ARRAY|UTF8|null",
              "partition|INT32|INT_32|null",
              "offset|INT64|INT_64|null",
              "timestamp|INT64|INT_64|null",
              "key|BYTE_ARRAY|UTF8|null",
              "headers|null|MAP|1",
              "key_value|null|null|2",
              "key|BYTE_ARRAY|UTF8|null",
              "value|BYTE_ARRAY|UTF8|null",
              "header_types|null|MAP|1",
              "key_value|null|null|2",
              "key|BYTE_ARRAY|UTF8|null",
              "value|BYTE_ARRAY|UTF8|null",
              "value|null|null|4",
              "id|BYTE_ARRAY|UTF8|null",
              "type|BYTE_ARRAY|UTF8|null",
              "ts|BYTE_ARRAY|UTF8|null",
              "payload|BYTE_ARRAY|UTF8|null",
              "value_text|BYTE_ARRAY|UTF8|null");
      assertThat(rows(s, "SELECT DISTINCT compression FROM parquet_metadata('" + file + "')"))
          .containsExactly("SNAPPY");
      assertThat(
              rows(
                  s,
                  "SELECT key, \"offset\", headers['sqs.message.id'], headers['zip'],"
                      + " header_types['zip'], value.id, value.payload, value_text"
                      + " FROM read_parquet('"
                      + file
                      + "') ORDER BY \"offset\""))
          .containsExactly(
              "k1|1041|m-1|00123|String|e-1|{\"n\":1000.0}|null",
              "k2|1042|m-1|00123|String|e-1|{\"n\":1000.0}|null");
    }
    assertThat(Files.exists(dir.resolve("lake/errors"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"partition\":\"two\"}|column partition: not an integer for int: string",
        "{\"partition\":4294967296}|column partition: 4294967296 is out of range for int",
        "{\"offset\":1.5}|column offset: not an integer for bigint: number",
        "{\"headers\":[\"a\"]}|column headers: not an object for a map: array",
        "{\"value\":\"text\"}|column value: not an object for a struct: string",
        "[1,2]|the record is not a JSON object",
        "not json|a line of the record is not JSON"
      })
  void aRecordThatDoesNotFitGoesToTheErrorPrefix(String testCase) throws Exception {
    String[] parts = testCase.split("\\|");
    DeliveryStream stream = stream();
    Instant t = Instant.parse("2026-12-02T10:00:00Z");
    byte[] misfit = (LINE + parts[0] + "\n").getBytes(StandardCharsets.UTF_8);
    stream.accept(misfit, t);
    stream.accept(LINE.getBytes(StandardCharsets.UTF_8), t);
    stream.deliverAll();

    List<Path> errors = files(dir.resolve("lake/errors/format-conversion-failed/2026/12/02/10"));
    assertThat(errors).hasSize(1);
    JsonNode e = JSON.readTree(Files.readString(errors.get(0)));
    assertThat(e.get("attemptsMade").asInt()).isEqualTo(1);
    assertThat(e.get("arrivalTimestamp").asLong()).isEqualTo(t.toEpochMilli());
    assertThat(e.get("ErrorCode").asText())
        .isEqualTo("DataFormatConversion.RecordDoesNotFitSchema");
    assertThat(e.get("ErrorMessage").asText())
        .isEqualTo("The record does not fit table streamrelay.events: " + parts[1]);
    assertThat(Base64.getDecoder().decode(e.get("rawData").asText())).isEqualTo(misfit);
    assertThat(e.get("sequenceNumber").asText()).isEqualTo("1");
    assertThat(e.get("dataCatalogTable").get("tableName").asText()).isEqualTo("events");
    assertThat(e.get("dataCatalogTable").get("region").asText()).isEqualTo("us-east-1");
    // The fitting record still reaches the data prefix, alone.
    List<Path> objects = files(dir.resolve("lake/raw/2026/12/02/10"));
    assertThat(objects).hasSize(1);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      assertThat(rows(s, "SELECT count(*) FROM read_parquet('" + objects.get(0) + "')"))
          .containsExactly("1");
    }
  }

  @Test
  void conversionNeedsCompressionOff() {
    StreamSpec spec = StreamSpec.of("events").withParquetConversion(ENVELOPE);
    assertThat(spec.gzip()).isFalse();
    assertThatThrownBy(() -> spec.withGzip(true))
        .hasMessageContaining("Record format conversion needs S3 compression UNCOMPRESSED");
  }

  @Test
  void unknownHiveTypesAreRefused() {
    assertThatThrownBy(() -> new ParquetConversion.Column("c", "decimal(10,2)"))
        .hasMessageContaining("Unsupported Hive type 'decimal'");
    assertThatThrownBy(() -> new ParquetConversion.Column("c", "map<int,string>"))
        .hasMessageContaining("Only string map keys");
  }

  private DeliveryStream stream() throws IOException {
    StreamSpec spec =
        StreamSpec.of("events")
            .withBucket("lake", "raw/", "errors/")
            .withParquetConversion(ENVELOPE);
    return new DeliveryStream(
        spec, "us-east-1", Instant.now(), new ObjectWriter(dir), new Counters(), JSON);
  }

  private static List<Path> files(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.sorted().toList();
    }
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(String.valueOf(rs.getObject(i)));
        }
        out.add(String.join("|", cells));
      }
    }
    return out;
  }
}
