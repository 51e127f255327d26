package dev.streamrelay.local.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultTableTest {

  @TempDir Path dir;

  @Test
  void formatsATableWithWholeValues() {
    String longText = "x".repeat(500);
    ResultTable t =
        new ResultTable(
            List.of("type", "n"),
            List.of(List.of("click", "2"), Arrays.asList("日本", null), List.of(longText, "a\nb")));

    assertThat(t.table())
        .isEqualTo(
            String.join(
                "\n",
                "type" + " ".repeat(496) + " | n   ",
                "-".repeat(500) + "-+-----",
                "click" + " ".repeat(495) + " | 2   ",
                "日本" + " ".repeat(498) + " | NULL",
                longText + " | a\\nb",
                "(3 rows)"));
  }

  @Test
  void writesCsvPerRfc4180() {
    ResultTable t =
        new ResultTable(
            List.of("a", "b,c"),
            List.of(
                Arrays.asList("plain", "with \"quotes\""),
                Arrays.asList("line\nbreak", null),
                Arrays.asList("", "x,y")));

    assertThat(t.csv())
        .isEqualTo(
            "a,\"b,c\"\r\n"
                + "plain,\"with \"\"quotes\"\"\"\r\n"
                + "\"line\nbreak\",\r\n"
                + "\"\",\"x,y\"\r\n");
  }

  @Test
  void writesJsonLinesWithNestedValuesAsJson() throws Exception {
    DeliveredObjects.write(
        dir.resolve("2026/11/26/10/o.gz"),
        List.of(
            DeliveredObjects.envelope(
                4,
                "{\"id\":\"a\",\"type\":\"click\",\"ts\":\"t\",\"payload\":{\"k\":[1,\"two\"]}}")));

    try (EventsQuery q = EventsQuery.open(dir)) {
      String json =
          q.run(
                  "SELECT value, headers, \"offset\", value_text, \"offset\" > 1 AS big,"
                      + " [1.5, 2] AS list, 'é\"' AS s FROM events")
              .format(ResultTable.Format.JSON);

      assertThat(json)
          .isEqualTo(
              "{\"value\":{\"id\":\"a\",\"type\":\"click\",\"ts\":\"t\",\"payload\":"
                  + "\"{\\\"k\\\":[1,\\\"two\\\"]}\"},\"headers\":{\"sqs.message.id\":\"m-4\"},"
                  + "\"offset\":4,\"value_text\":null,\"big\":true,\"list\":[1.5,2.0],"
                  + "\"s\":\"é\\\"\"}\n");
    }
  }
}
