package dev.streamrelay.local.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
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
