package dev.streamrelay.connect.firehose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordFitTest {

  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static TableSchema table(boolean caseInsensitive, String... columns) {
    List<TableSchema.Column> cols =
        java.util.Arrays.stream(columns)
            .map(c -> c.split(" ", 2))
            .map(p -> new TableSchema.Column(p[0], GlueType.parse(p[1])))
            .toList();
    return new TableSchema(
        new TableRef(null, null, "db", "t", null), cols, List.of("dt"), caseInsensitive);
  }

  static final TableSchema TABLE =
      table(
          true,
          "id bigint",
          "n int",
          "small tinyint",
          "name string",
          "code varchar(3)",
          "ok boolean",
          "price decimal(5,2)",
          "ratio double",
          "day date",
          "at timestamp",
          "tags array<string>",
          "counts map<string,int>",
          "byid map<int,string>",
          "attrs struct<n:int,inner:struct<flag:boolean>>");

  static Optional<RecordFit.Misfit> check(String json) throws Exception {
    JsonNode doc = JSON.readTree(json);
    return RecordFit.check(doc, TABLE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}",
        "{\"id\":9223372036854775807,\"n\":-2147483648,\"small\":127}",
        "{\"id\":\"42\",\"n\":\"7\"}",
        "{\"name\":{\"any\":[1,2]},\"code\":\"abc\"}",
        "{\"name\":12.5,\"ok\":\"TRUE\"}",
        "{\"price\":123.45,\"ratio\":1E+300}",
        "{\"price\":\"-999.9\"}",
        "{\"day\":\"2026-12-02\",\"at\":\"2026-12-02T10:00:00.123456789Z\"}",
        "{\"at\":\"2026-1-2 03:04:05.6\"}",
        "{\"at\":1764669600123}",
        "{\"tags\":[\"a\",null,\"c\"],\"counts\":{\"x\":1,\"y\":null}}",
        "{\"byid\":{\"12\":\"twelve\"}}",
        "{\"attrs\":{\"n\":1,\"inner\":{\"flag\":false},\"unknown\":\"dropped\"}}",
        "{\"ID\":1,\"Attrs\":{\"N\":2}}",
        "{\"id\":null,\"tags\":null,\"attrs\":null,\"unknown\":[1]}"
      })
  void fittingDocumentsPass(String json) throws Exception {
    assertThat(check(json)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // type
        "{\"id\":\"abc\"}|id|a JSON string (\"abc\") cannot be read as bigint",
        "{\"n\":1.5}|n|has a fraction, but the column is int",
        "{\"n\":2147483648}|n|out of range for int",
        "{\"small\":128}|small|out of range for tinyint",
        "{\"ok\":\"yes\"}|ok|cannot be read as boolean",
        "{\"price\":1234.5}|price|4 integer digits, more than the 3 of decimal(5,2)",
        "{\"price\":1.234}|price|would be rounded to the 2 of decimal(5,2)",
        "{\"ratio\":true}|ratio|a JSON boolean (true) cannot be read as double",
        "{\"day\":\"02/12/2026\"}|day|is not a date",
        "{\"at\":\"yesterday\"}|at|is not a timestamp",
        "{\"code\":\"abcd\"}|code|would be cut to the 3 of varchar(3)",
        // nesting
        "{\"tags\":\"a,b\"}|tags|a JSON string (\"a,b\") cannot be read as array<string>",
        "{\"counts\":{\"x\":[1]}}|counts['x']|a JSON array cannot be read as int",
        "{\"counts\":{\"x\":\"many\"}}|counts['x']|cannot be read as int",
        "{\"byid\":{\"twelve\":\"12\"}}|byid['twelve'] key|cannot be read as int",
        "{\"attrs\":[1,2]}|attrs|a JSON array cannot be read as struct<n:int,inner:struct<flag:boolean>>",
        "{\"attrs\":{\"inner\":{\"flag\":3}}}|attrs.inner.flag|cannot be read as boolean",
        "{\"attrs\":{\"inner\":\"x\"}}|attrs.inner|cannot be read as struct<flag:boolean>"
      })
  void eachMisfitNamesItsColumnAndReason(String json, String column, String reason)
      throws Exception {
    Optional<RecordFit.Misfit> misfit = check(json);
    assertThat(misfit).isPresent();
    assertThat(misfit.get().column()).isEqualTo(column);
    assertThat(misfit.get().reason()).contains(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"[{\"id\":1}]|array", "\"text\"|string", "42|number"})
  void aRecordMustBeAJsonObject(String json, String kind) throws Exception {
    assertThat(check(json))
        .get()
        .satisfies(
            m -> {
              assertThat(m.column()).isEmpty();
              assertThat(m.describe())
                  .isEqualTo(
                      "the record is a JSON "
                          + kind
                          + ", but the table's columns need a JSON object");
            });
  }

  @org.junit.jupiter.api.Test
  void caseSensitiveDeserializersMatchExactKeysOnly() throws Exception {
    TableSchema exact = table(false, "id bigint");
    assertThat(RecordFit.check(JSON.readTree("{\"ID\":\"x\"}"), exact)).isEmpty();
    assertThat(RecordFit.check(JSON.readTree("{\"id\":\"x\"}"), exact)).isPresent();
  }
}
