package dev.streamrelay.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the declared SerDe parameters make Trino do with a malformed line in a delivered object
 * ({@code ignore.malformed.json}) and with header names that differ only in case ({@code
 * case.insensitive}), against the same lines read with the other setting.
 */
class SerdeParametersTest extends TrinoReaderTestBase {

  static final String NOT_JSON = "this line is not JSON";
  static final String TRUNCATED = "{\"topic\":\"sqs-events\",\"partition\":3,\"offset\":";

  @Test
  void theTableDeclaresMalformedLinesIgnoredAndCaseSensitiveNames() {
    assertThat(declared.serdeParameters())
        .contains(entry("ignore.malformed.json", "true"), entry("case.insensitive", "false"));
  }

  @Test
  void withTheDeclaredParametersAMalformedLineIsARowOfNullsAndTheRestReadsWhole() throws Exception {
    List<DecodedLine> decoded = trino.read(declared, objectWithMalformedLines());

    assertThat(decoded).hasSize(4);
    assertThat(decoded.get(1).allNull()).as("%s", decoded.get(1)).isTrue();
    assertThat(decoded.get(2).allNull()).as("%s", decoded.get(2)).isTrue();
    assertThat(LineFidelity.differences(declared, delivered.lines().get(0), decoded.get(0)))
        .isEmpty();
    assertThat(LineFidelity.differences(declared, delivered.lines().get(1), decoded.get(3)))
        .isEmpty();
  }

  @Test
  void withoutIgnoreMalformedJsonBrokenJsonFailsTheReadButTextThatIsNotJsonStillReadsAsNulls()
      throws Exception {
    GlueTable strict = declared.withSerdeParameter("ignore.malformed.json", "false");

    List<DecodedLine> decoded = trino.read(strict, objectWithMalformedLines());

    // Trino only parses lines that start with { or [; any other line is a row of NULLs.
    assertThat(decoded.get(1).allNull()).as("%s", decoded.get(1)).isTrue();
    assertThat(decoded.get(2).refused()).isTrue();
    assertThat(decoded.get(2).error())
        .startsWith("InvalidJsonException: End of input at character 45");
  }

  @Test
  void wellFormedJsonOfTheWrongShapeIsNotMalformedAndIsNeverANullRow() throws Exception {
    Path object =
        FirehoseObject.write(
            folder.resolve("wrong-shape"),
            List.of(
                "{\"topic\":\"sqs-events\",\"headers\":\"not a map\"}\n"
                    .getBytes(StandardCharsets.UTF_8),
                "[\"sqs-events\",3]\n".getBytes(StandardCharsets.UTF_8)));

    List<DecodedLine> decoded = trino.read(declared, object);

    // ignore.malformed.json covers parse errors only: a value its column cannot take fails the
    // read (of any query that selects that column), and an array line fills columns by position.
    assertThat(decoded.get(0).error())
        .isEqualTo("RuntimeException: Invalid JSON: Primitive can not be coerced to a MAP");
    assertThat(decoded.get(1).column("topic").asText()).isEqualTo("sqs-events");
    assertThat(decoded.get(1).column("partition").asInt()).isEqualTo(3);
  }

  @Test
  void caseSensitiveNamesKeepHeadersThatDifferOnlyInCase() throws Exception {
    JsonNode headers = headersOf(declared, "m-text-attributes");

    assertThat(headers.get("MyAttr").asText()).isEqualTo("00123");
    assertThat(headers.get("myattr").asText()).isEqualTo("the lower-case twin of MyAttr");
  }

  @Test
  void caseInsensitiveNamesLoseOneOfTwoHeadersThatDifferOnlyInCaseButKeepTheCaseOfKeys()
      throws Exception {
    GlueTable insensitive = declared.withSerdeParameter("case.insensitive", "true");

    JsonNode headers = headersOf(insensitive, "m-text-attributes");

    assertThat(headers.has("MyAttr")).isFalse();
    assertThat(headers.get("myattr").asText()).isEqualTo("the lower-case twin of MyAttr");
    assertThat(headersOf(insensitive, "m-fifo").has("TenantId")).isTrue();
    assertThat(differencesOf(insensitive, "m-text-attributes"))
        .anySatisfy(d -> assertThat(d).contains("headers: keys [MyAttr, "));
  }

  private static Path objectWithMalformedLines() throws Exception {
    List<byte[]> records = new ArrayList<>();
    records.add((delivered.lines().get(0) + "\n").getBytes(StandardCharsets.UTF_8));
    records.add((NOT_JSON + "\n").getBytes(StandardCharsets.UTF_8));
    records.add((TRUNCATED + "\n").getBytes(StandardCharsets.UTF_8));
    records.add((delivered.lines().get(1) + "\n").getBytes(StandardCharsets.UTF_8));
    return FirehoseObject.write(folder.resolve("malformed"), records);
  }

  private static JsonNode headersOf(GlueTable table, String messageId) throws Exception {
    return decodedOf(table, messageId).row().get("headers");
  }

  private static List<String> differencesOf(GlueTable table, String messageId) throws Exception {
    return LineFidelity.differences(
        table, delivered.lineOf(messageId), decodedOf(table, messageId));
  }

  private static DecodedLine decodedOf(GlueTable table, String messageId) throws Exception {
    List<DecodedLine> decoded = trino.read(table, delivered.object());
    DecodedLine line = decoded.get(delivered.lines().indexOf(delivered.lineOf(messageId)));
    assertThat(line.refused()).as("%s", line.error()).isFalse();
    return line;
  }
}
