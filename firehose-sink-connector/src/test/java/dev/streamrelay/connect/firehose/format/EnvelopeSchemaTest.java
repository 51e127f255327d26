package dev.streamrelay.connect.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.connect.common.ReadmeSection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The sink writes what schema/envelope.json defines (the Glue table is held to the same file by the
 * cfn policy checks, the local SQL reads its columns from it), and the README's table of the
 * envelope is generated from it. Outside CI a stale README section is regenerated in place.
 */
class EnvelopeSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCHEMA = Path.of("..", "schema", "envelope.json");

  @Test
  void everyLineHasExactlyTheSchemasColumnsInItsOrder() throws Exception {
    ConnectHeaders headers = new ConnectHeaders();
    headers.add("a", "1".getBytes(StandardCharsets.UTF_8), Schema.OPTIONAL_BYTES_SCHEMA);
    RecordFormatter envelope = RecordFormatter.create(OutputFormat.ENVELOPE, new byte[] {'\n'});
    for (Object value : new Object[] {"{\"id\":\"e\"}", "text", null}) {
      SinkRecord r =
          new SinkRecord(
              "t", 0, null, "k", null, value, 1L, 2L, TimestampType.CREATE_TIME, headers);
      JsonNode line = JSON.readTree(envelope.format(r));
      assertThat(names(line)).as("fields for value %s", value).isEqualTo(schemaColumns());
    }
  }

  @Test
  void readmeCarriesTheEnvelopeTable() throws Exception {
    StringBuilder table = new StringBuilder("| Column | Type | What it holds |\n|---|---|---|\n");
    JsonNode schema = JSON.readTree(Files.readString(SCHEMA));
    for (JsonNode c : schema.get("columns")) {
      row(table, c);
    }
    for (JsonNode c : schema.get("partitionKeys")) {
      row(table, c);
    }
    ReadmeSection section = new ReadmeSection(Path.of("..", "README.md"), "envelope-columns");
    String generated = table.toString();
    if (System.getenv("CI") == null && !generated.equals(section.read())) {
      section.write(generated);
    }
    assertThat(section.read())
        .as("README.md envelope-columns section; run 'mvn test' locally and commit README.md")
        .isEqualTo(generated);
  }

  private static void row(StringBuilder table, JsonNode c) {
    table
        .append("| `")
        .append(c.get("name").asText())
        .append("` | `")
        .append(c.get("type").asText())
        .append("` | ")
        .append(c.get("comment").asText())
        .append(" |\n");
  }

  private static List<String> schemaColumns() throws Exception {
    List<String> names = new ArrayList<>();
    JSON.readTree(Files.readString(SCHEMA))
        .get("columns")
        .forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  private static List<String> names(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
