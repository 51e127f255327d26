package dev.streamrelay.local.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import dev.streamrelay.firehose.endpoint.parquet.ParquetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsQueryTest {

  @TempDir Path dir;

  private static String event(String id, String type, String payload) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"ts\":\"t\",\"payload\":"
        + payload
        + "}";
  }

  @Test
  void theTableHasExactlyTheDeclaredColumnsAndTypesPlusDt() throws Exception {
    DeliveredObjects.write(
        dir.resolve("2026/11/25/22/o.gz"),
        List.of(DeliveredObjects.envelope(0, event("a", "t", "{}"))));
    EnvelopeSchema schema = DeliveredObjects.schema();

    try (EventsQuery q = EventsQuery.open(dir, schema)) {
      ResultTable described = q.run("DESCRIBE " + schema.table());

      List<List<String>> expected = new ArrayList<>();
      for (EnvelopeSchema.Column c : schema.columns()) {
        expected.add(List.of(c.name(), c.duckDbType().replace("\"", "")));
      }
      expected.add(List.of("dt", "VARCHAR"));
      List<List<String>> actual = new ArrayList<>();
      for (int i = 0; i < described.rows().size(); i++) {
        actual.add(
            List.of(
                described.get(i, "column_name"),
                described.get(i, "column_type").replace("\"", "")));
      }
      assertThat(q.table()).isEqualTo("events");
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  void readsEveryFieldAndTheDtOfBothFolderLayouts() throws Exception {
    DeliveredObjects.write(
        dir.resolve("2026/11/25/22/s-1-2026-11-25-22-00-00-a.gz"),
        List.of(
            DeliveredObjects.envelope(
                "streamrelay.events",
                2,
                41,
                "m-41",
                Map.of("sqs.message.id", "m-41", "zip", "00123", "bin", "AAE="),
                Map.of("zip", "String", "bin", "Binary"),
                event("a", "click", "{\"text\":\"Grüße 東京 🚀\",\"n\":[1,2]}"))));
    DeliveredObjects.write(
        dir.resolve("dt=2026-11-25-23/b.gz"),
        List.of(DeliveredObjects.envelope("streamrelay.events", 0, 7, "m-7", "not json {")));

    try (EventsQuery q = EventsQuery.open(dir)) {
      ResultTable a =
          q.run(
              "SELECT topic, \"partition\", \"offset\", \"timestamp\", key, headers['zip'] AS zip,"
                  + " headers['bin'] AS bin, header_types['bin'] AS bin_type, value.id AS id,"
                  + " value.payload AS payload, json_extract_string(value.payload, '$.text') AS"
                  + " text, value_text, dt FROM events WHERE value.id = 'a'");
      ResultTable b = q.run("SELECT value, value_text, dt FROM events WHERE \"offset\" = 7");
      ResultTable lines = q.run("SELECT object, dt FROM events_lines ORDER BY object");

      assertThat(a.rows())
          .containsExactly(
              Arrays.asList(
                  "streamrelay.events",
                  "2",
                  "41",
                  "1790000000041",
                  "m-41",
                  "00123",
                  "AAE=",
                  "Binary",
                  "a",
                  "{\"text\":\"Grüße 東京 🚀\",\"n\":[1,2]}",
                  "Grüße 東京 🚀",
                  null,
                  "2026-11-25-22"));
      assertThat(b.rows()).containsExactly(Arrays.asList(null, "not json {", "2026-11-25-23"));
      assertThat(lines.rows())
          .containsExactly(
              List.of("2026/11/25/22/s-1-2026-11-25-22-00-00-a.gz", "2026-11-25-22"),
              List.of("dt=2026-11-25-23/b.gz", "2026-11-25-23"));
    }
  }

  @Test
  void aMalformedLineIsARowOfNullsCountedAndNamed() throws Exception {
    DeliveredObjects.write(
        dir.resolve("2026/11/26/01/bad.gz"),
        List.of(
            DeliveredObjects.envelope(0, event("a", "click", "{}")),
            "this is not JSON",
            "[1,2,3]",
            DeliveredObjects.envelope(1, event("b", "click", "{}"))));
    DeliveredObjects.write(
        dir.resolve("2026/11/26/02/good.gz"),
        List.of(DeliveredObjects.envelope(2, event("c", "view", "{}"))));

    try (EventsQuery q = EventsQuery.open(dir)) {
      ResultTable all =
          q.run(
              "SELECT count(*) AS n, count(topic) AS topics, count(*) FILTER (WHERE topic IS NULL"
                  + " AND value IS NULL AND headers IS NULL AND \"offset\" IS NULL) AS null_rows,"
                  + " count(DISTINCT dt) AS hours FROM events");
      ResultTable byType =
          q.run("SELECT value.type AS type, count(*) AS n FROM events GROUP BY 1 ORDER BY 1");

      assertThat(EventsQuery.MALFORMED_LINES).isEqualTo(EventsQuery.MalformedLines.NULL_ROW);
      assertThat(all.rows()).containsExactly(List.of("5", "3", "2", "2"));
      assertThat(byType.rows())
          .containsExactly(List.of("click", "2"), List.of("view", "1"), Arrays.asList(null, "2"));
      assertThat(q.report().malformedLines()).isEqualTo(2);
      assertThat(q.report().malformedByObject())
          .containsExactly(Map.entry("2026/11/26/01/bad.gz", 2L));
      assertThat(q.notice())
          .hasValueSatisfying(
              n ->
                  assertThat(n)
                      .contains("2 malformed lines")
                      .contains("rows of NULLs")
                      .contains("2026/11/26/01/bad.gz (2)")
                      .doesNotContain("\n"));
    }
  }

  @Test
  void aValueOfTheWrongTypeIsNullAndTheRestOfTheRowStays() throws Exception {
    DeliveredObjects.write(
        dir.resolve("2026/11/26/03/o.gz"),
        List.of(
            "{\"topic\":\"t\",\"partition\":\"not a number\",\"offset\":12,\"timestamp\":[1],"
                + "\"key\":\"k\",\"headers\":[{\"key\":\"a\",\"value\":\"1\"}],\"header_types\":{},"
                + "\"value\":{\"id\":\"x\",\"type\":\"click\",\"ts\":\"t\",\"payload\":{\"p\":1}},"
                + "\"value_text\":null}",
            "{\"topic\":\"t\",\"partition\":1,\"offset\":\"13\",\"timestamp\":5,\"key\":\"k2\","
                + "\"headers\":{\"h\":7},\"value\":\"a string, not an object\"}"));

    try (EventsQuery q = EventsQuery.open(dir)) {
      ResultTable t =
          q.run(
              "SELECT topic, \"partition\", \"offset\", \"timestamp\", headers, value.id AS id,"
                  + " value.payload AS payload FROM events ORDER BY key");

      assertThat(t.rows())
          .containsExactly(
              Arrays.asList("t", null, "12", null, null, "x", "{\"p\":1}"),
              Arrays.asList("t", "1", "13", "5", "{\"h\":\"7\"}", null, null));
      assertThat(q.report().malformedLines()).isZero();
      assertThat(q.notice()).isEmpty();
    }
  }

  @Test
  void aTruncatedObjectAndOneOutsideEveryHourAreLeftOutAndNamed() throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(DeliveredObjects.envelope(i, event("t" + i, "click", "{\"i\":" + i + "}")));
    }
    DeliveredObjects.writeTruncated(dir.resolve("2026/11/26/04/cut.gz"), many);
    DeliveredObjects.write(
        dir.resolve("2026/11/26/04/ok.gz"),
        List.of(DeliveredObjects.envelope(1, event("ok", "view", "{}"))));
    DeliveredObjects.write(
        dir.resolve("stray.gz"),
        List.of(DeliveredObjects.envelope(2, event("stray", "view", "{}"))));

    try (EventsQuery q = EventsQuery.open(dir)) {
      ResultTable ids = q.run("SELECT value.id AS id FROM events");

      assertThat(ids.rows()).containsExactly(List.of("ok"));
      assertThat(q.report().unreadable())
          .extracting(DeliveredObject::relative)
          .containsExactly("2026/11/26/04/cut.gz");
      assertThat(q.report().outsideTable())
          .extracting(DeliveredObject::relative)
          .containsExactly("stray.gz");
      assertThat(q.notice())
          .hasValueSatisfying(
              n ->
                  assertThat(n)
                      .contains("2026/11/26/04/cut.gz (truncated gzip)")
                      .contains("stray.gz"));
    }
  }

  @Test
  void dtIsTheHourAthenaShowsForTheObject() {
    assertThat(DeliveredObject.dtOf("dt=2026-11-25-22/streamrelay-1-x.gz"))
        .hasValue("2026-11-25-22");
    assertThat(DeliveredObject.dtOf("dt=2026-11-25-22/sub/x.gz")).hasValue("2026-11-25-22");
    assertThat(DeliveredObject.dtOf("2026/11/25/22/streamrelay-1-x.gz")).hasValue("2026-11-25-22");
    assertThat(DeliveredObject.dtOf("x.gz")).isEmpty();
    assertThat(DeliveredObject.dtOf("dt=2026-11-25/x.gz")).isEmpty();
    assertThat(DeliveredObject.dtOf("2026/11/25/x.gz")).isEmpty();
  }

  @Test
  void readsAThousandObjectsWhoseRowsDifferInKeysHeadersAndValues() throws Exception {
    int objects = 1000;
    for (int i = 0; i < objects - 1; i++) {
      String hour = String.format("2026/11/26/%02d/s-1-%04d.gz", i / 100, i);
      DeliveredObjects.write(
          dir.resolve(hour),
          List.of(
              DeliveredObjects.envelope(2 * i, event("e" + (2 * i), "click", "{\"n\":" + i + "}")),
              DeliveredObjects.envelope(2 * i + 1, event("e" + (2 * i + 1), "view", "{}"))));
    }
    // The last object: a null key, a number and a binary header, a body that is not JSON, an event
    // with a field the table does not declare, and a malformed line.
    String odd =
        "{\"topic\":\"streamrelay.events\",\"partition\":0,\"offset\":5000,\"timestamp\":1,"
            + "\"key\":null,\"headers\":{\"n\":\"42\",\"b\":\"AAE=\"},\"header_types\":{\"n\":"
            + "\"Number\",\"b\":\"Binary\"},\"value\":null,\"value_text\":\"not json {\"}";
    DeliveredObjects.write(
        dir.resolve("2026/11/26/23/s-1-9999.gz"),
        List.of(
            odd,
            DeliveredObjects.envelope(
                5001, "{\"id\":\"late\",\"type\":\"click\",\"extra\":{\"deep\":[1,2]}}"),
            "{\"truncated\":"));

    try (EventsQuery q = EventsQuery.open(dir)) {
      ResultTable all =
          q.run(
              "SELECT count(*) AS n, count(DISTINCT dt) AS hours,"
                  + " count(*) FILTER (WHERE key IS NULL) AS null_keys,"
                  + " count(*) FILTER (WHERE value_text IS NOT NULL) AS texts FROM events");
      ResultTable byType =
          q.run("SELECT value.type AS type, count(*) AS n FROM events GROUP BY 1 ORDER BY 1");
      ResultTable odds =
          q.run(
              "SELECT headers['n'] AS n, header_types['b'] AS b FROM events WHERE \"offset\" = 5000");
      ResultTable objectsRead = q.run("SELECT count(DISTINCT object) AS n FROM events_lines");

      assertThat(all.rows()).containsExactly(List.of("2001", "11", "2", "1"));
      assertThat(byType.rows())
          .containsExactly(
              List.of("click", "1000"), List.of("view", "999"), Arrays.asList(null, "2"));
      assertThat(odds.rows()).containsExactly(List.of("42", "Binary"));
      assertThat(objectsRead.rows()).containsExactly(List.of("1000"));
      assertThat(q.report().malformedLines()).isEqualTo(1);
    }
  }

  @Test
  void readsParquetObjectsIntoTheSameTableBesideGzipJson() throws Exception {
    String parquetLine =
        DeliveredObjects.envelope(
            "streamrelay.events",
            1,
            9,
            "m-9",
            Map.of("sqs.message.id", "m-9", "zip", "00123"),
            Map.of("zip", "String"),
            event("p", "view", "{\"n\":[1,2]}"));
    Path ndjson = dir.resolve("lines.ndjson");
    Files.writeString(ndjson, parquetLine + "\n");
    Path folder = Files.createDirectories(dir.resolve("lake/2026/11/25/23"));
    ParquetFile.write(
        ParquetConversion.fromEnvelopeSchema(EnvelopeSchema.locate()),
        ndjson,
        folder.resolve("s-1-2026-11-25-23-00-00-p.parquet"));
    Files.writeString(folder.resolve("s-1-2026-11-25-23-10-00-cut.parquet"), "PAR1 truncated");
    DeliveredObjects.write(
        dir.resolve("lake/2026/11/25/22/s-1-2026-11-25-22-00-00-a.gz"),
        List.of(DeliveredObjects.envelope(3, event("j", "click", "{}"))));

    try (EventsQuery q = EventsQuery.open(dir.resolve("lake"))) {
      ResultTable rows =
          q.run(
              "SELECT value.id AS id, \"partition\", \"offset\", key,"
                  + " headers['sqs.message.id'] AS mid, headers['zip'] AS zip,"
                  + " header_types['zip'] AS zip_type, value.payload AS payload,"
                  + " value_text, dt FROM events ORDER BY dt");
      assertThat(rows.rows())
          .containsExactly(
              Arrays.asList("j", "0", "3", "m-3", "m-3", null, null, "{}", null, "2026-11-25-22"),
              Arrays.asList(
                  "p",
                  "1",
                  "9",
                  "m-9",
                  "m-9",
                  "00123",
                  "String",
                  "{\"n\":[1,2]}",
                  null,
                  "2026-11-25-23"));
      assertThat(q.report().unreadable())
          .extracting(DeliveredObject::relative, o -> o.unreadable().orElseThrow())
          .containsExactly(
              tuple("2026/11/25/23/s-1-2026-11-25-23-10-00-cut.parquet", "truncated Parquet"));
      assertThat(q.run("SELECT count(*) AS n FROM events_lines").get(0, "n")).isEqualTo("1");
    }
  }

  @Test
  void anEmptyPrefixGivesAnEmptyTable() throws Exception {
    try (EventsQuery q = EventsQuery.open(dir.resolve("missing"))) {
      assertThat(q.empty()).isTrue();
      assertThat(q.run("SELECT count(*) AS n FROM events").rows()).containsExactly(List.of("0"));
      assertThat(q.notice()).isEmpty();
    }
  }

  @Test
  void reportsBadSql() throws Exception {
    DeliveredObjects.write(
        dir.resolve("2026/01/01/00/o.gz"),
        List.of(DeliveredObjects.envelope(0, event("a", "t", "{}"))));

    try (EventsQuery q = EventsQuery.open(dir)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> q.run("select nope from events"))
          .isInstanceOf(java.sql.SQLException.class)
          .hasMessageContaining("nope");
    }
  }
}
