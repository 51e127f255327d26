package dev.streamrelay.athena;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink's real output, gzip'd as Firehose delivers it, read by Athena's reader with the declared
 * Glue table.
 */
class SinkOutputDecodesTest extends TrinoReaderTestBase {

  private static List<DecodedLine> decoded;

  @BeforeAll
  static void decode() throws Exception {
    decoded = trino == null ? null : trino.read(declared, delivered.object());
  }

  @Test
  void everyLineReadsBackWholeWithTheDeclaredColumns() {
    assertThat(decoded).hasSameSizeAs(delivered.lines()).hasSize(SampleMessages.all().size());
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < decoded.size(); i++) {
      differences.addAll(
          LineFidelity.differences(declared, delivered.lines().get(i), decoded.get(i)));
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void stringAttributesKeepTheirExactText() {
    JsonNode row = row("m-text-attributes");
    JsonNode headers = row.get("headers");

    assertThat(headers.get("MyAttr").asText()).isEqualTo("00123");
    assertThat(headers.get("myattr").asText()).isEqualTo("the lower-case twin of MyAttr");
    assertThat(headers.get("date").asText()).isEqualTo("2026-01-01");
    assertThat(headers.get("time").asText()).isEqualTo("2026-01-01T12:00:00.123+01:00");
    assertThat(headers.get("flag").asText()).isEqualTo("true");
    assertThat(headers.get("nothing").isTextual()).isTrue();
    assertThat(headers.get("nothing").asText()).isEqualTo("null");
    assertThat(headers.get("json").asText()).isEqualTo("{\"a\":1}");
    assertThat(headers.get("spaces").asText()).isEqualTo("  padded  ");
    assertThat(headers.get("lines").asText())
        .isEqualTo("line 1\nline 2\ttabbed \"quoted\" \\ back");
    assertThat(row.get("header_types").get("MyAttr").asText()).isEqualTo("String");
  }

  @Test
  void numberAndBinaryAttributesKeepTheirDigitsAndBytes() {
    JsonNode row = row("m-number-binary-attributes");
    JsonNode headers = row.get("headers");
    JsonNode types = row.get("header_types");

    assertThat(headers.get("negzero").asText()).isEqualTo("-0");
    assertThat(headers.get("exp").asText()).isEqualTo("1E+126");
    assertThat(headers.get("pi").asText()).isEqualTo("3.14159265358979");
    assertThat(headers.get("digits38").asText())
        .isEqualTo("12345678901234567890123456789012345678");
    assertThat(headers.get("price").asText()).isEqualTo("1.50");
    assertThat(types.get("price").asText()).isEqualTo("Number.float");
    assertThat(types.get("pi").asText()).isEqualTo("Number");
    assertThat(Base64.getDecoder().decode(headers.get("bin").asText()))
        .isEqualTo(SampleMessages.BINARY);
    assertThat(types.get("bin").asText()).isEqualTo("Binary");
    assertThat(types.get("image").asText()).isEqualTo("Binary.png");
    assertThat(types.get("uuid").asText()).isEqualTo("String.uuid");
  }

  @Test
  void nonAsciiTextAndTheLongestNameSurvive() {
    JsonNode row = row("m-plain-text");

    assertThat(row.get("headers").get("text").asText()).isEqualTo("Zażółć gęślą jaźń 日本語 👋");
    assertThat(row.get("headers").get(SampleMessages.LONG_NAME).asText())
        .isEqualTo("value of the longest name");
    assertThat(SampleMessages.LONG_NAME).hasSize(256);
  }

  @Test
  void anEventsFieldsAreTheValueStructsFields() {
    JsonNode row = row("m-text-attributes");

    assertThat(row.get("value").get("id").asText()).isEqualTo("e-1");
    assertThat(row.get("value").get("type").asText()).isEqualTo("click");
    assertThat(row.get("value").get("ts").asText()).isEqualTo("2026-01-01T12:00:00Z");
    assertThat(row.get("value").get("payload").asText())
        .isEqualTo("{\"text\":\"Grüße 👋\",\"n\":1}");
    assertThat(row.get("value_text").isNull()).isTrue();
  }

  @Test
  void aPayloadStringIsTrinosCanonicalJsonNotTheBytesAsSent() {
    JsonNode payload = row("m-number-binary-attributes").get("value").get("payload");

    // Same JSON values as sent; spaces dropped, 1e2 written 1E+2, -0 as 0, \u00e9 resolved.
    assertThat(payload.asText())
        .isEqualTo(
            "{\"amount\":1.50,\"big\":1E+2,\"zero\":0,\"name\":\"café\","
                + "\"items\":[1,{\"sku\":\"A-1\"}],\"none\":null}");
  }

  @Test
  void bodiesThatAreNotJsonObjectsLandInValueTextExactly() {
    assertThat(valueText("m-plain-text")).isEqualTo("plain text, not JSON: Grüße 👋 – 日本語");
    assertThat(valueText("m-json-array")).isEqualTo("[1, 2, {\"a\": 3}]");
    assertThat(valueText("m-number")).isEqualTo("3.14159265358979");
    assertThat(valueText("m-json-string")).isEqualTo("\"a JSON string\"");
    assertThat(row("m-plain-text").get("value").isNull()).isTrue();
  }

  @Test
  void theKafkaCoordinatesAndSystemAttributesComeBackExactly() {
    JsonNode row = row("m-fifo");
    int index = delivered.lines().indexOf(delivered.lineOf("m-fifo"));

    assertThat(row.get("topic").asText()).isEqualTo("sqs-orders");
    assertThat(row.get("partition").asInt()).isEqualTo(3);
    assertThat(row.get("offset").asLong()).isEqualTo(SinkLines.FIRST_OFFSET + index);
    assertThat(row.get("timestamp").asLong()).isEqualTo(1_767_268_800_000L);
    assertThat(row.get("key").asText()).isEqualTo("group-m-fifo");
    assertThat(row.get("headers").get("sqs.sequence.number").asText())
        .isEqualTo("18849496460467696128");
    assertThat(row.get("headers").get("sqs.message.id").asText()).isEqualTo("m-fifo");
    assertThat(row.get("headers").get("TenantId").asText()).isEqualTo("acme");
    assertThat(row.get("header_types").has("sqs.message.id")).isFalse();
    assertThat(row.get("header_types").get("TenantId").asText()).isEqualTo("String");
  }

  @Test
  void trinoReadsTheGzipObjectDirectlyWithTheCodecItsNameSelects() throws Exception {
    byte[] object = Files.readAllBytes(delivered.object());
    assertThat(object[0]).isEqualTo((byte) 0x1f);
    assertThat(object[1]).isEqualTo((byte) 0x8b);
    Path plain = folder.resolve("same-lines.json");
    Files.writeString(plain, String.join("\n", delivered.lines()) + "\n");

    List<DecodedLine> fromPlain = trino.read(declared, plain);

    assertThat(fromPlain).isEqualTo(decoded);
  }

  private static JsonNode row(String messageId) {
    DecodedLine line = decoded.get(delivered.lines().indexOf(delivered.lineOf(messageId)));
    assertThat(line.refused()).as(line.error()).isFalse();
    return line.row();
  }

  private static String valueText(String messageId) {
    return row(messageId).get("value_text").asText();
  }
}
