package dev.streamrelay.local.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Athena named query of {@code cfn/templates/analytics.yaml} and every SQL example of the
 * READMEs runs on local data whose answer is known: duplicates from a sink replay (same offset) and
 * from a source redelivery (same id, another offset), a malformed line, a body that is not JSON,
 * and hours inside and outside each query's window.
 */
class AnalyticsQueriesTest {

  /** The instant the queries run at: 10:30 UTC, so the current hour is dt=2026-11-26-10. */
  static final Instant NOW = Instant.parse("2026-11-26T10:30:00Z");

  /** Each named query's expected rows, by name; a named query without one fails the test. */
  static final Map<String, List<List<String>>> EXPECTED =
      Map.of(
          "events with their SQS attributes",
          List.of(
              Arrays.asList(
                  "a", "m-a", null, "{}", "{\"sqs.message.id\":\"String\"}", "2026-11-26-10"),
              Arrays.asList(
                  "a", "m-a", null, "{}", "{\"sqs.message.id\":\"String\"}", "2026-11-26-10"),
              Arrays.asList(
                  "b", "m-b", null, "{}", "{\"sqs.message.id\":\"String\"}", "2026-11-26-10"),
              Arrays.asList(
                  "a", "m-a", null, "{}", "{\"sqs.message.id\":\"String\"}", "2026-11-26-09"),
              Arrays.asList(
                  "d", "m-d", null, "{}", "{\"sqs.message.id\":\"String\"}", "2026-11-26-09"),
              Arrays.asList(
                  null,
                  "m-x",
                  "2026-09-21T14:13:20.123Z",
                  "{\"tenant\":\"00123\"}",
                  "{\"tenant\":\"String\"}",
                  "2026-11-26-09"),
              Arrays.asList(null, null, null, null, null, "2026-11-26-10")),
          "records that are not JSON events",
          List.of(
              List.of(
                  "streamrelay.events",
                  "2",
                  "7",
                  "m-x",
                  "plain text, not an event",
                  "2026-11-26-09")),
          "unreadable lines",
          List.of(List.of("2026-11-26-10", "1")),
          "recent events",
          List.of(
              Arrays.asList(
                  "b",
                  "view",
                  "2026-11-26T10:02:00Z",
                  "{}",
                  "streamrelay.events",
                  "0",
                  "1",
                  "2026-11-26-10"),
              Arrays.asList(
                  "a",
                  "click",
                  "2026-11-26T10:01:00Z",
                  "{\"n\":1}",
                  "streamrelay.events",
                  "0",
                  "0",
                  "2026-11-26-10"),
              Arrays.asList(
                  "a",
                  "click",
                  "2026-11-26T10:01:00Z",
                  "{\"n\":1}",
                  "streamrelay.events",
                  "0",
                  "0",
                  "2026-11-26-10"),
              Arrays.asList(
                  "d",
                  "view",
                  "2026-11-26T09:40:00Z",
                  "{}",
                  "streamrelay.events",
                  "2",
                  "6",
                  "2026-11-26-09"),
              Arrays.asList(
                  "a",
                  "click",
                  "2026-11-26T09:30:00Z",
                  "{\"n\":1}",
                  "streamrelay.events",
                  "1",
                  "5",
                  "2026-11-26-09"),
              Arrays.asList(
                  null, null, null, null, "streamrelay.events", "2", "7", "2026-11-26-09"),
              Arrays.asList(null, null, null, null, null, null, null, "2026-11-26-10")),
          "duplicate deliveries",
          List.of(List.of("a", "3", "2"), Arrays.asList(null, "2", "1")),
          "events per type per hour (deduplicated)",
          List.of(
              List.of("2026-11-25-12", "click", "2"),
              List.of("2026-11-26-09", "view", "1"),
              Arrays.asList("2026-11-26-09", null, "1"),
              List.of("2026-11-26-10", "click", "1"),
              List.of("2026-11-26-10", "view", "1")));

  @TempDir static Path dir;

  @BeforeAll
  static void deliver() throws IOException {
    String t = "streamrelay.events";
    DeliveredObjects.write(
        dir.resolve("dt=2026-11-26-10/streamrelay-1-a.gz"),
        List.of(
            DeliveredObjects.envelope(t, 0, 0, "m-a", event("a", "click", "10:01", "{\"n\":1}")),
            DeliveredObjects.envelope(t, 0, 1, "m-b", event("b", "view", "10:02", "{}")),
            // the sink delivered offset 0 again (a replay after a crash)
            DeliveredObjects.envelope(t, 0, 0, "m-a", event("a", "click", "10:01", "{\"n\":1}")),
            "a line that is not JSON"));
    DeliveredObjects.write(
        dir.resolve("2026/11/26/09/streamrelay-1-b.gz"),
        List.of(
            // the source wrote message a twice (a redelivery): same id, another offset
            DeliveredObjects.envelope(t, 1, 5, "m-a", event("a", "click", "09:30", "{\"n\":1}")),
            DeliveredObjects.envelope(t, 2, 6, "m-d", event("d", "view", "09:40", "{}")),
            DeliveredObjects.envelope(
                t,
                2,
                7,
                "m-x",
                Map.of(
                    "sqs.message.id",
                    "m-x",
                    "tenant",
                    "00123",
                    "sqs.sent.timestamp",
                    "1790000000123"),
                Map.of("tenant", "String"),
                "plain text, not an event")));
    DeliveredObjects.write(
        dir.resolve("dt=2026-11-25-12/streamrelay-1-c.gz"),
        List.of(
            DeliveredObjects.envelope(
                t, 0, 20, "m-e", event("e", "click", "2026-11-25T12:00:00Z", "{}")),
            DeliveredObjects.envelope(
                t, 1, 21, "m-f", event("f", "click", "2026-11-25T12:01:00Z", "{}"))));
    DeliveredObjects.write(
        dir.resolve("dt=2026-11-20-00/streamrelay-1-d.gz"),
        List.of(
            DeliveredObjects.envelope(
                t, 0, 2, "m-g", event("g", "view", "2026-11-20T00:00:00Z", "{}"))));
  }

  private static String event(String id, String type, String ts, String payload) {
    String time = ts.length() == 5 ? "2026-11-26T" + ts + ":00Z" : ts;
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"ts\":\""
        + time
        + "\",\"payload\":"
        + payload
        + "}";
  }

  @Test
  void everyNamedQueryOfTheTemplateGivesItsKnownAnswerLocally() throws Exception {
    try (EventsQuery q = EventsQuery.open(dir)) {
      NamedQueries named = NamedQueries.forSchema(q.schema());
      List<String> names = new ArrayList<>();
      for (NamedQueries.NamedQuery query : named.queries()) {
        names.add(query.name());
        String sql = named.translate(query, q.table(), NOW);
        ResultTable result = q.run(sql);

        assertThat(EXPECTED)
            .as("expected rows for the named query '%s' (add them to EXPECTED)", query.name())
            .containsKey(query.name());
        // Rows compared as a multiset: ORDER BY ties (NULL timestamps) have no fixed order.
        assertThat(result.rows())
            .as("%s, run as%n%s", query.name(), sql)
            .containsExactlyInAnyOrderElementsOf(EXPECTED.get(query.name()));
      }
      assertThat(names).as("named queries found in analytics.yaml").isNotEmpty();
    }
  }

  @Test
  void everySqlExampleOfTheReadmesRuns() throws Exception {
    List<String> examples = new ArrayList<>();
    Path root = DeliveredObjects.schema().file().toAbsolutePath().getParent().getParent();
    for (Path readme :
        List.of(root.resolve("README.md"), root.resolve("local-pipeline/README.md"))) {
      examples.addAll(sqlExamples(Files.readString(readme, StandardCharsets.UTF_8)));
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
    try (EventsQuery q = EventsQuery.open(dir)) {
      NamedQueries named = NamedQueries.forSchema(q.schema());
      for (String sql : examples) {
        String local =
            AthenaSql.translate(
                sql,
                named.parameters(),
                named.parameters().get("DatabaseName"),
                named.parameters().get("TableName"),
                q.table(),
                NOW);
        assertThat(q.run(local).rows()).as(sql).isNotEmpty();
      }
    }
  }

  @Test
  void theReadmesDeduplicationQueryDropsTheSinkReplay() throws Exception {
    String readme =
        Files.readString(
            DeliveredObjects.schema()
                .file()
                .toAbsolutePath()
                .getParent()
                .getParent()
                .resolve("README.md"));
    String dedup =
        sqlExamples(readme).stream()
            .filter(s -> s.contains("row_number()"))
            .findFirst()
            .orElseThrow();
    try (EventsQuery q = EventsQuery.open(dir)) {
      ResultTable all = q.run("SELECT count(*) FROM events");
      ResultTable kept = q.run("SELECT count(*) FROM (" + dedup + ")");

      assertThat(all.rows()).containsExactly(List.of("10"));
      assertThat(kept.rows()).containsExactly(List.of("9"));
    }
  }

  /** Every ```sql block, and every {@code run.sh query "..."} example. */
  static List<String> sqlExamples(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher block = Pattern.compile("(?s)```sql\\n(.*?)```").matcher(markdown);
    while (block.find()) {
      out.add(block.group(1).strip());
    }
    Matcher cli = Pattern.compile("run\\.sh query \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(markdown);
    while (cli.find()) {
      out.add(cli.group(1).replace("\\\"", "\""));
    }
    return out;
  }
}
