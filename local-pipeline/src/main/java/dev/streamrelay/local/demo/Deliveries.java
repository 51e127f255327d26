package dev.streamrelay.local.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamrelay.local.query.DeliveredObject;
import dev.streamrelay.local.query.EventsQuery;
import dev.streamrelay.local.query.ResultTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What arrived in the delivered objects, read back with SQL: for each event id, every copy of its
 * body (more than one means a duplicate) and the object it is in.
 *
 * <p>From gzip JSON objects the body is read from the envelope lines ({@code schema/envelope.json})
 * the sink writes, exactly as sent. From Parquet objects (record format conversion) it is read from
 * the {@code events} table's rows ({@link EventsQuery#ROWS_VIEW}): the {@code value} struct as a
 * JSON object, each field the JSON value Firehose received. A {@code string} column holds the text
 * of whatever value it was given, so a field whose text is a JSON object or array (the event's
 * {@code payload}) reads as that object or array; a string that was itself such text cannot be told
 * apart from it in Parquet.
 */
public final class Deliveries {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectReader WHOLE =
      JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One delivered copy of an event: its body and the object holding it. */
  public record Copy(String body, Path object, Instant objectWritten) {}

  private Deliveries() {}

  /** Copies of every event whose id starts with {@code idPrefix}, by id. */
  public static Map<String, List<Copy>> read(Path deliveredDir, String idPrefix)
      throws SQLException, IOException {
    Map<String, List<Copy>> out = new HashMap<>();
    try (EventsQuery q = EventsQuery.open(deliveredDir)) {
      if (q.empty()) {
        return out;
      }
      String prefix = "'" + idPrefix.replace("'", "''") + "'";
      // gzip JSON: the body as sent, the envelope's "value" when it is a JSON object, else
      // "value_text".
      ResultTable lines =
          q.run(
              "SELECT json_extract_string(line, '$.value.id') AS id,"
                  + " CASE WHEN json_type(line, '$.value') = 'OBJECT'"
                  + " THEN json_extract(line, '$.value')::VARCHAR"
                  + " ELSE json_extract_string(line, '$.value_text') END AS body, object"
                  + " FROM (SELECT CASE WHEN json_valid(line) THEN line END AS line, object FROM "
                  + EventsQuery.LINES_VIEW
                  + ") WHERE starts_with(json_extract_string(line, '$.value.id'), "
                  + prefix
                  + ")");
      // Parquet: the table's value struct; events_lines holds no Parquet object.
      ResultTable rows =
          q.run(
              "SELECT value.id AS id, to_json(value)::VARCHAR AS body, object FROM "
                  + EventsQuery.ROWS_VIEW
                  + " WHERE ends_with(object, '"
                  + DeliveredObject.PARQUET_SUFFIX
                  + "') AND starts_with(value.id, "
                  + prefix
                  + ")");
      Map<String, Instant> written = new HashMap<>();
      add(out, written, deliveredDir, lines, false);
      add(out, written, deliveredDir, rows, true);
    }
    return out;
  }

  private static void add(
      Map<String, List<Copy>> out,
      Map<String, Instant> written,
      Path deliveredDir,
      ResultTable t,
      boolean fromColumns) {
    for (int i = 0; i < t.rows().size(); i++) {
      Path file = deliveredDir.resolve(t.get(i, "object"));
      Instant when = written.computeIfAbsent(file.toString(), Deliveries::modified);
      String body = fromColumns ? fromColumns(t.get(i, "body")) : t.get(i, "body");
      out.computeIfAbsent(t.get(i, "id"), k -> new ArrayList<>()).add(new Copy(body, file, when));
    }
  }

  /** The value struct as JSON, each field whose text is a JSON object or array parsed back. */
  static String fromColumns(String struct) {
    try {
      JsonNode value = JSON.readTree(struct);
      if (value instanceof ObjectNode fields) {
        for (Map.Entry<String, JsonNode> f : fields.properties()) {
          JsonNode parsed = nestedJson(f.getValue());
          if (parsed != null) {
            f.setValue(parsed);
          }
        }
      }
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("DuckDB's to_json gave text that is not JSON: " + struct, e);
    }
  }

  private static JsonNode nestedJson(JsonNode field) {
    if (!field.isTextual()) {
      return null;
    }
    String text = field.textValue().strip();
    if (!text.startsWith("{") && !text.startsWith("[")) {
      return null;
    }
    try {
      return WHOLE.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Instant modified(String file) {
    try {
      return Files.getLastModifiedTime(Path.of(file)).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
