package dev.streamrelay.connect.firehose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeColumnsTest {

  /** The columns of schema/envelope.json, the one definition of the envelope. */
  static List<TableSchema.Column> envelopeColumns() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(Path.of("../schema/envelope.json").toFile());
    List<TableSchema.Column> columns = new ArrayList<>();
    for (JsonNode c : schema.get("columns")) {
      columns.add(
          new TableSchema.Column(c.get("name").asText(), GlueType.parse(c.get("type").asText())));
    }
    return columns;
  }

  static TableSchema table(List<TableSchema.Column> columns) {
    return new TableSchema(
        new TableRef("eu-west-1", null, "streamrelay", "events", null),
        columns,
        List.of("dt"),
        false);
  }

  @Test
  void theTableDeclaredFromEnvelopeJsonFits() throws Exception {
    assertThat(EnvelopeColumns.problems(table(envelopeColumns()))).isEmpty();
  }

  static Stream<Arguments> drifts() {
    return Stream.of(
        Arguments.of(
            "offset as int",
            (UnaryOperator<List<TableSchema.Column>>) cs -> replace(cs, "offset", "int"),
            "column 'offset' is int, which cannot hold the envelope's offset (bigint): declare it"
                + " as bigint"),
        Arguments.of(
            "headers missing",
            (UnaryOperator<List<TableSchema.Column>>)
                cs -> cs.stream().filter(c -> !c.name().equals("headers")).toList(),
            "has no column 'headers', which every envelope record carries: add it as"
                + " map<string,string>"),
        Arguments.of(
            "an extra column",
            (UnaryOperator<List<TableSchema.Column>>)
                cs -> {
                  List<TableSchema.Column> more = new ArrayList<>(cs);
                  more.add(new TableSchema.Column("id", GlueType.parse("string")));
                  return more;
                },
            "column 'id' is not a field of the envelope"),
        Arguments.of(
            "header values as numbers",
            (UnaryOperator<List<TableSchema.Column>>)
                cs -> replace(cs, "headers", "map<string,bigint>"),
            "column 'headers' is map<string,bigint>"),
        Arguments.of(
            "value as an array",
            (UnaryOperator<List<TableSchema.Column>>) cs -> replace(cs, "value", "array<string>"),
            "column 'value' is array<string>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drifts")
  void eachDriftNamesTableColumnAndFix(
      String name, UnaryOperator<List<TableSchema.Column>> drift, String fragment)
      throws Exception {
    List<String> problems = EnvelopeColumns.problems(table(drift.apply(envelopeColumns())));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("Glue table streamrelay.events in eu-west-1")
        .contains(fragment);
  }

  @Test
  void widerTypesThatLoseNothingFit() throws Exception {
    List<TableSchema.Column> cs = replace(envelopeColumns(), "partition", "bigint");
    cs = replace(cs, "timestamp", "timestamp");
    cs = replace(cs, "value", "string");
    cs = replace(cs, "offset", "decimal(20,0)");
    assertThat(EnvelopeColumns.problems(table(cs))).isEmpty();
  }

  private static List<TableSchema.Column> replace(
      List<TableSchema.Column> cs, String name, String type) {
    return cs.stream()
        .map(c -> c.name().equals(name) ? new TableSchema.Column(name, GlueType.parse(type)) : c)
        .toList();
  }
}
