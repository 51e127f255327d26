package dev.streamrelay.athena;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import dev.streamrelay.firehose.endpoint.parquet.ParquetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink's real output converted to Parquet by the local Firehose endpoint's record format
 * conversion (the columns of {@code schema/envelope.json}), read by Trino's own Parquet reader with
 * the columns of the Parquet table {@code cfn/templates/delivery.yaml} declares, and compared field
 * by field with the lines, as {@link SinkOutputDecodesTest} does for gzip JSON.
 */
class ParquetOutputDecodesTest extends TrinoReaderTestBase {

  private static GlueTable parquetTable;
  private static ParquetConversion conversion;
  private static Path parquet;
  private static List<DecodedLine> decoded;

  @BeforeAll
  static void convertAndDecode() throws Exception {
    parquetTable = GlueTable.parquetEvents();
    conversion =
        ParquetConversion.fromEnvelopeSchema(Path.of(System.getProperty("envelope.schema")));
    Path ndjson = folder.resolve("sink-lines.ndjson");
    Files.writeString(ndjson, String.join("\n", delivered.lines()) + "\n");
    parquet = folder.resolve("events-1-2026-12-02-10-00-00-sample.parquet");
    ParquetFile.write(conversion, ndjson, parquet);
    decoded = trino == null ? null : trino.readParquet(parquetTable, parquet);
  }

  @Test
  void theEndpointWritesTheColumnsOfTheDeclaredParquetTable() {
    assertThat(conversion.columns())
        .extracting(c -> c.name() + " " + HiveType.parse(c.hiveType()))
        .containsExactlyElementsOf(
            parquetTable.columns().stream().map(c -> c.name() + " " + c.type()).toList());
    for (String line : delivered.lines()) {
      assertThat(conversion.misfit(LineFidelity.parse(line))).as(line).isEmpty();
    }
  }

  @Test
  void everyRowReadsBackWholeWithTheDeclaredColumns() {
    assertThat(decoded).hasSameSizeAs(delivered.lines()).hasSize(SampleMessages.all().size());
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < decoded.size(); i++) {
      differences.addAll(
          LineFidelity.differences(parquetTable, delivered.lines().get(i), decoded.get(i)));
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void attributeTextDigitsAndBytesSurviveTheConversion() {
    JsonNode text = row("m-text-attributes").get("headers");
    assertThat(text.get("MyAttr").asText()).isEqualTo("00123");
    assertThat(text.get("myattr").asText()).isEqualTo("the lower-case twin of MyAttr");
    assertThat(text.get("nothing").asText()).isEqualTo("null");
    JsonNode numbers = row("m-number-binary-attributes").get("headers");
    assertThat(numbers.get("negzero").asText()).isEqualTo("-0");
    assertThat(numbers.get("digits38").asText())
        .isEqualTo("12345678901234567890123456789012345678");
    assertThat(Base64.getDecoder().decode(numbers.get("bin").asText()))
        .isEqualTo(SampleMessages.BINARY);
    JsonNode fifo = row("m-fifo");
    assertThat(fifo.get("partition").asInt()).isEqualTo(3);
    assertThat(fifo.get("timestamp").asLong()).isEqualTo(1_767_268_800_000L);
    assertThat(fifo.get("headers").get("sqs.sequence.number").asText())
        .isEqualTo("18849496460467696128");
    assertThat(row("m-plain-text").get("value_text").asText())
        .isEqualTo("plain text, not JSON: Grüße 👋 – 日本語");
  }

  private static JsonNode row(String messageId) {
    DecodedLine line = decoded.get(delivered.lines().indexOf(delivered.lineOf(messageId)));
    assertThat(line.refused()).as(line.error()).isFalse();
    return line.row();
  }
}
