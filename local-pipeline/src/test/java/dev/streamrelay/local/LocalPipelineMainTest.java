package dev.streamrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamrelay.local.query.DeliveredObjects;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPipelineMainTest {

  @TempDir Path dir;

  @Test
  void defaultsToServingFromTheCheckoutsDataDirectory() {
    LocalPipelineMain.Command c = LocalPipelineMain.parse(new String[0], dir);

    assertThat(c.action()).isEqualTo("serve");
    assertThat(c.settings().dataDir()).isEqualTo(dir.resolve("local-pipeline/data"));
    assertThat(c.settings().ports()).isEqualTo(PipelineSettings.Ports.DEFAULTS);
    assertThat(c.settings().wipe()).isFalse();
  }

  @Test
  void parsesDemoPortsAndLimits() {
    LocalPipelineMain.Command c =
        LocalPipelineMain.parse(
            new String[] {
              "--demo",
              "200",
              "--wipe",
              "--ingest-port",
              "0",
              "--kafka-port",
              "29092",
              "--max-event-bytes",
              "1000",
              "--buffer-seconds",
              "0",
              "--api-key",
              "k"
            },
            dir);

    assertThat(c.action()).isEqualTo("demo");
    assertThat(c.demoEvents()).isEqualTo(200);
    assertThat(c.settings().wipe()).isTrue();
    assertThat(c.settings().ports().ingest()).isZero();
    assertThat(c.settings().ports().kafka()).isEqualTo(29092);
    assertThat(c.settings().ports().connect()).isEqualTo(8083);
    assertThat(c.settings().maxEventBytes()).isEqualTo(1000);
    assertThat(c.settings().bufferInterval()).isEqualTo(Duration.ZERO);
    assertThat(c.settings().apiKey()).isEqualTo("k");
  }

  @Test
  void randomPortsAreAllPickedAndFixedOnesKept() {
    LocalPipelineMain.Command c =
        LocalPipelineMain.parse(new String[] {"--random-ports", "--connect-port", "18083"}, dir);

    PipelineSettings.Ports picked = c.settings().ports().withFreePortsPicked();

    assertThat(c.settings().ports().ingest()).isZero();
    assertThat(picked.connect()).isEqualTo(18083);
    assertThat(
            List.of(
                picked.ingest(),
                picked.sqs(),
                picked.firehose(),
                picked.kafka(),
                picked.controller()))
        .allSatisfy(p -> assertThat(p).isPositive());
  }

  @Test
  void refusesBadArguments() {
    for (String[] args :
        List.of(
            new String[] {"--demo"},
            new String[] {"--demo", "0"},
            new String[] {"--kafka-port", "70000"},
            new String[] {"--max-event-bytes", "2000000"},
            new String[] {"--buffer-seconds", "901"},
            new String[] {"--bogus"},
            new String[] {"query"},
            new String[] {"query", "select 1", "--format", "xml"},
            new String[] {"query", "select 1", "--named", "x"},
            new String[] {"--format", "csv"})) {
      assertThatThrownBy(() -> LocalPipelineMain.parse(args, dir))
          .as(String.join(" ", args))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void queryPrintsTheResultOfSqlOverTheDeliveredObjects() throws Exception {
    Path data = dir.resolve("data");
    DeliveredObjects.write(
        DataDir.delivered(data).resolve("2026/11/25/22/o.gz"),
        List.of(
            DeliveredObjects.envelope(
                0, "{\"id\":\"a\",\"type\":\"click\",\"ts\":\"t\",\"payload\":{}}"),
            DeliveredObjects.envelope(
                1, "{\"id\":\"b\",\"type\":\"click\",\"ts\":\"t\",\"payload\":{}}"),
            DeliveredObjects.envelope(
                2, "{\"id\":\"c\",\"type\":\"view\",\"ts\":\"t\",\"payload\":{}}"),
            "not JSON"));
    LocalPipelineMain.Command c =
        LocalPipelineMain.parse(
            new String[] {
              "query",
              "select value.type as type, count(*) as n from events where value is not null"
                  + " group by 1 order by 1",
              "--data-dir",
              data.toString()
            },
            dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        LocalPipelineMain.query(
            c,
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .startsWith("notice: 1 malformed line")
        .endsWith("2026/11/25/22/o.gz (1)")
        .doesNotContain("\n");
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("type  | n")
        .contains("click | 2")
        .contains("view  | 1")
        .contains("(2 rows)");
  }

  @Test
  void queryFailsWithNothingDeliveredOrBadSql() throws Exception {
    Path data = dir.resolve("data");
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    String[] args = {"query", "select count(*) from events", "--data-dir", data.toString()};

    assertThat(LocalPipelineMain.query(LocalPipelineMain.parse(args, dir), out)).isEqualTo(1);

    DeliveredObjects.write(
        DataDir.delivered(data).resolve("2026/01/01/00/o.gz"),
        List.of(DeliveredObjects.envelope(0, "{\"id\":\"a\"}")));
    String[] bad = {"query", "select nope from events", "--data-dir", data.toString()};
    assertThat(LocalPipelineMain.query(LocalPipelineMain.parse(bad, dir), out)).isEqualTo(1);
    assertThat(LocalPipelineMain.query(LocalPipelineMain.parse(args, dir), out)).isZero();
  }

  @Test
  void queryPrintsCsvJsonAndNamedQueries() throws Exception {
    Path data = dir.resolve("data");
    DeliveredObjects.write(
        DataDir.delivered(data).resolve("2026/11/25/22/o.gz"),
        List.of(
            DeliveredObjects.envelope(
                0,
                "{\"id\":\"a,1\",\"type\":\"click\",\"ts\":\"t\",\"payload\":{\"x\":\""
                    + "y".repeat(300)
                    + "\"}}")));
    String sql = "select value.id as id, value.payload as p, \"offset\" from events";

    String csv = run("query", sql, "--format", "csv", "--data-dir", data.toString());
    String json = run("query", sql, "--format", "json", "--data-dir", data.toString());
    String table = run("query", sql, "--data-dir", data.toString());
    String named =
        run(
            "query",
            "--named",
            "duplicate deliveries",
            "--format",
            "csv",
            "--data-dir",
            data.toString());

    String payload = "{\"x\":\"" + "y".repeat(300) + "\"}";
    assertThat(csv)
        .isEqualTo("id,p,offset\r\n\"a,1\",\"" + payload.replace("\"", "\"\"") + "\",0\r\n");
    assertThat(json)
        .isEqualTo(
            "{\"id\":\"a,1\",\"p\":\"" + payload.replace("\"", "\\\"") + "\",\"offset\":0}\n");
    assertThat(table).contains(payload);
    assertThat(named).isEqualTo("id,copies,distinct_offsets\r\n");
  }

  private String run(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThat(LocalPipelineMain.query(LocalPipelineMain.parse(args, dir), out, out)).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
