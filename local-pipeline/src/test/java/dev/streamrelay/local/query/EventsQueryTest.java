package dev.streamrelay.local.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsQueryTest {

  @TempDir Path dir;

  @Test
  void readsEnvelopesAcrossHourFoldersAsOneEventsTable() throws Exception {
    DeliveredObjects.write(
        dir.resolve("2026/11/25/22/s-1-2026-11-25-22-00-00-a.gz"),
        List.of(
            DeliveredObjects.envelope(
                0, "{\"id\":\"a\",\"type\":\"click\",\"ts\":\"t\",\"payload\":{\"x\":1}}"),
            DeliveredObjects.envelope(
                1,
                "{\"id\":\"b\",\"type\":\"click\",\"ts\":\"t\",\"payload\":{\"text\":\"Grüße 東京 🚀\"}}")));
    DeliveredObjects.write(
        dir.resolve("2026/11/25/23/s-1-2026-11-25-23-00-00-b.gz"),
        List.of(
            DeliveredObjects.envelope(
                2,
                "{\"id\":\"c\",\"type\":\"signup\",\"ts\":\"t\",\"payload\":{\"user\":{\"vip\":true}}}")));

    try (EventsQuery q = EventsQuery.open(dir)) {
      ResultTable byType = q.run("select type, count(*) as n from events group by 1 order by 1");
      ResultTable text = q.run("select payload.text as text from events where id = 'b'");
      ResultTable vip =
          q.run(
              "select payload.user.vip as vip, kafka_offset, s3_object from events where id = 'c'");
      ResultTable raw =
          q.run("select count(*) as n, count(distinct filename) as files from delivered");

      assertThat(byType.rows()).containsExactly(List.of("click", "2"), List.of("signup", "1"));
      assertThat(text.get(0, "text")).isEqualTo("Grüße 東京 🚀");
      assertThat(vip.get(0, "vip")).isEqualTo("true");
      assertThat(vip.get(0, "kafka_offset")).isEqualTo("2");
      assertThat(vip.get(0, "s3_object")).endsWith("s-1-2026-11-25-23-00-00-b.gz");
      assertThat(raw.rows()).containsExactly(List.of("3", "2"));
    }
  }

  @Test
  void readsAThousandObjectsWhoseRowsDifferInKeysHeadersAndValues() throws Exception {
    int objects = 1000;
    for (int i = 0; i < objects - 1; i++) {
      String hour = String.format("2026/11/26/%02d/s-1-%04d.gz", i / 100, i);
      DeliveredObjects.write(
          dir.resolve(hour),
          List.of(
              DeliveredObjects.envelope(2 * i, "{\"id\":\"e" + (2 * i) + "\",\"type\":\"click\"}"),
              DeliveredObjects.envelope(
                  2 * i + 1, "{\"id\":\"e" + (2 * i + 1) + "\",\"type\":\"view\"}")));
    }
    // The last object: a null key, a number and a binary header, a body that is not JSON, and an
    // event with a field no other has.
    String odd =
        "{\"topic\":\"streamrelay.events\",\"partition\":0,\"offset\":5000,\"timestamp\":1,"
            + "\"key\":null,\"headers\":[{\"key\":\"n\",\"value\":42},"
            + "{\"key\":\"b\",\"value\":\"AAE=\"}],\"value\":\"not json {\"}";
    DeliveredObjects.write(
        dir.resolve("2026/11/26/23/s-1-9999.gz"),
        List.of(
            odd,
            DeliveredObjects.envelope(
                5001, "{\"id\":\"late\",\"type\":\"click\",\"extra\":{\"deep\":[1,2]}}")));

    try (EventsQuery q = EventsQuery.open(dir)) {
      ResultTable all =
          q.run(
              "select count(*) as n, count(distinct filename) as files,"
                  + " count(*) filter (where key is null) as null_keys from delivered");
      ResultTable byType = q.run("select type, count(*) as n from events group by 1 order by 1");
      ResultTable late =
          q.run("select kafka_offset, extra.deep[2] as deep from events where id = 'late'");

      assertThat(all.rows()).containsExactly(List.of("2000", "1000", "1"));
      assertThat(byType.rows())
          .containsExactly(
              List.of("click", "1000"), List.of("view", "999"), Arrays.asList(null, "1"));
      assertThat(late.get(0, "kafka_offset")).isEqualTo("5001");
      assertThat(late.get(0, "deep")).isEqualTo("2");
    }
  }

  @Test
  void readsPlainValueObjectsAsTheyAre() throws Exception {
    DeliveredObjects.write(
        dir.resolve("2026/01/01/00/o.gz"),
        List.of(
            "{\"id\":\"v1\",\"type\":\"t\",\"n\":5}", "{\"id\":\"v2\",\"type\":\"t\",\"n\":7}"));

    try (EventsQuery q = EventsQuery.open(dir)) {
      assertThat(q.run("select sum(n) as s from events").get(0, "s")).isEqualTo("12");
    }
  }

  @Test
  void saysSoWhenNothingWasDelivered() throws Exception {
    try (EventsQuery q = EventsQuery.open(dir.resolve("missing"))) {
      assertThat(q.empty()).isTrue();
      assertThatThrownBy(() -> q.run("select 1")).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void reportsBadSql() throws Exception {
    DeliveredObjects.write(
        dir.resolve("o.gz"), List.of(DeliveredObjects.envelope(0, "{\"id\":\"a\"}")));

    try (EventsQuery q = EventsQuery.open(dir)) {
      assertThatThrownBy(() -> q.run("select nope from events"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("nope");
    }
  }

  @Test
  void formatsATable() {
    ResultTable t =
        new ResultTable(
            List.of("type", "n"),
            List.of(List.of("click", "2"), java.util.Arrays.asList("日本", null)));

    assertThat(t.format(20))
        .isEqualTo(
            String.join(
                "\n", "type  | n   ", "------+-----", "click | 2   ", "日本    | NULL", "(2 rows)"));
  }
}
