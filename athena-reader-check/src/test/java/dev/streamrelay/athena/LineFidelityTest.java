package dev.streamrelay.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison alone, on rows written by hand as the Trino side renders them. */
class LineFidelityTest {

  private static final GlueTable TABLE =
      new GlueTable(
          "org.openx.data.jsonserde.JsonSerDe",
          Map.of(),
          List.of(
              new GlueTable.Column("offset", HiveType.parse("bigint")),
              new GlueTable.Column("headers", HiveType.parse("map<string,string>")),
              new GlueTable.Column("value", HiveType.parse("struct<id:string,payload:string>"))));

  private static final String LINE =
      "{\"offset\":5000000000,\"headers\":{\"A\":\"00123\"},"
          + "\"value\":{\"id\":\"e-1\",\"payload\":{\"n\": 1e2}}}";

  @Test
  void aRowThatHoldsTheLinesValuesHasNoDifferences() {
    assertThat(
            differences(
                "{\"offset\":5000000000,\"headers\":{\"A\":\"00123\"},"
                    + "\"value\":{\"id\":\"e-1\",\"payload\":\"{\\\"n\\\":1E+2}\"}}"))
        .isEmpty();
  }

  @Test
  void aSilentNullAChangedTextAndALostKeyAreEachReported() {
    assertThat(
            differences(
                "{\"offset\":null,\"headers\":{\"a\":\"123\"},"
                    + "\"value\":{\"id\":\"e-1\",\"payload\":\"{\\\"n\\\":100.5}\"}}"))
        .containsExactly(
            "line 1: offset (bigint): the line holds 5000000000, Trino decoded NULL",
            "line 1: headers: keys [A], Trino decoded keys [a]",
            "line 1: value.payload (string): the line holds {\"n\":1E+2}, Trino decoded \"{\\\"n\\\":100.5}\"");
  }

  @Test
  void aFieldWithoutAColumnAndARefusedLineAreReported() {
    assertThat(
            LineFidelity.differences(
                TABLE,
                "{\"offset\":1,\"extra\":true}",
                decoded("{\"offset\":1,\"headers\":null,\"value\":null}")))
        .containsExactly("line 1: field 'extra' has no column, Athena cannot read it");
    assertThat(
            LineFidelity.differences(TABLE, LINE, new DecodedLine(1, null, "RuntimeException: x")))
        .containsExactly("line 1: Trino refused it: RuntimeException: x");
  }

  private static List<String> differences(String row) {
    return LineFidelity.differences(TABLE, LINE, decoded(row));
  }

  private static DecodedLine decoded(String row) {
    return new DecodedLine(1, LineFidelity.parse(row), null);
  }
}
