package dev.streamrelay.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The check fails when a column of analytics.yaml is declared with a wrong type: a copy of the
 * declared table with one column changed reads the same real sink output, and the check names that
 * column, whether Trino refuses the lines or, as it mostly does, decodes wrong values or NULLs
 * without a word.
 */
class WrongColumnTypesTest extends TrinoReaderTestBase {

  @Test
  void theDeclaredTableHasNoDifferences() throws Exception {
    assertThat(differences(declared)).isEmpty();
  }

  // Trino refuses a JSON number for a struct and a JSON string for a map; everything else here it
  // decodes without a word: NULL for out-of-range numbers and text in numeric columns, a
  // one-element array around an object, false for any text but "true", and "00123" read as the
  // octal number 0123 = 83.
  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource(
      delimiterString = " | ",
      textBlock =
          """
          partition | struct<a:int> | Trino refused it: RuntimeException: Invalid JSON: Primitive can not be coerced to a ROW
          value_text | map<string,string> | Trino refused it: RuntimeException: Invalid JSON: Primitive can not be coerced to a MAP
          offset | int | offset (int): the line holds 5000000000, Trino decoded NULL
          timestamp | int | timestamp (int): the line holds 1767268800000, Trino decoded NULL
          key | bigint | key (bigint): the line holds "m-text-attributes", Trino decoded NULL
          headers | array<string> | headers (array): the line holds {
          headers | map<string,bigint> | headers['MyAttr'] (bigint): the line holds "00123", Trino decoded 83
          header_types | map<string,boolean> | header_types['MyAttr'] (boolean): the line holds "String", Trino decoded false
          value | struct<id:int,type:string,ts:string,payload:string> | value.id (int): the line holds "e-1", Trino decoded NULL
          value | struct<id:string,type:string,ts:string> | value.payload: the struct declares no such field
          """)
  void aWrongTypeIsReportedForItsColumn(String column, String wrongType, String expected)
      throws Exception {
    List<String> differences = differences(declared.withColumnType(column, wrongType));

    assertThat(differences).isNotEmpty().anySatisfy(d -> assertThat(d).contains(expected));
    if (!expected.startsWith("Trino refused")) {
      assertThat(differences)
          .allSatisfy(d -> assertThat(d).matches("line \\d+: " + column + "\\b.*"));
    }
  }

  @Test
  void aMissingColumnIsReportedForTheFieldNobodyReads() throws Exception {
    assertThat(differences(declared.withoutColumn("value_text")))
        .contains(
            "line 3: field 'value_text' has no column, Athena cannot read it",
            "line 4: field 'value_text' has no column, Athena cannot read it");
  }

  private static List<String> differences(GlueTable table) throws Exception {
    List<DecodedLine> decoded = trino.read(table, delivered.object());
    assertThat(decoded).hasSameSizeAs(delivered.lines());
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < decoded.size(); i++) {
      differences.addAll(LineFidelity.differences(table, delivered.lines().get(i), decoded.get(i)));
    }
    return differences;
  }
}
