package dev.streamrelay.local.demo;

import dev.streamrelay.local.query.EventsQuery;
import dev.streamrelay.local.query.ResultTable;
import java.io.IOException;
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
 * body (more than one means a duplicate) and the object it is in, read from the envelope lines
 * ({@code schema/envelope.json}) the sink writes.
 */
public final class Deliveries {

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
      // The body as sent: the envelope's "value" when it is a JSON object, else "value_text".
      ResultTable t =
          q.run(
              "SELECT json_extract_string(line, '$.value.id') AS id,"
                  + " CASE WHEN json_type(line, '$.value') = 'OBJECT'"
                  + " THEN json_extract(line, '$.value')::VARCHAR"
                  + " ELSE json_extract_string(line, '$.value_text') END AS body, object"
                  + " FROM (SELECT CASE WHEN json_valid(line) THEN line END AS line, object FROM "
                  + EventsQuery.LINES_VIEW
                  + ") WHERE starts_with(json_extract_string(line, '$.value.id'), '"
                  + idPrefix.replace("'", "''")
                  + "')");
      Map<String, Instant> written = new HashMap<>();
      for (int i = 0; i < t.rows().size(); i++) {
        Path file = deliveredDir.resolve(t.get(i, "object"));
        Instant when = written.computeIfAbsent(file.toString(), Deliveries::modified);
        out.computeIfAbsent(t.get(i, "id"), k -> new ArrayList<>())
            .add(new Copy(t.get(i, "body"), file, when));
      }
    }
    return out;
  }

  private static Instant modified(String file) {
    try {
      return Files.getLastModifiedTime(Path.of(file)).toInstant();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
