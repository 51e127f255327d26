package dev.streamrelay.faults.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconciliationTest {

  @TempDir Path dir;

  private static String envelope(int partition, long offset, String messageId, String value) {
    return "{\"topic\":\"t\",\"partition\":"
        + partition
        + ",\"offset\":"
        + offset
        + ",\"headers\":{\"sqs.message.id\":\""
        + messageId
        + "\"},\"header_types\":{},\"value\":"
        + value
        + ",\"value_text\":null}";
  }

  private void object(String name, String... lines) throws IOException {
    Path p = dir.resolve("2026/11/25/22").resolve(name + ".gz");
    Files.createDirectories(p.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      for (String l : lines) {
        out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void countsLossesExtrasAndAttributesEachDuplicate() throws IOException {
    String a = EventIds.of("r1", "s", 0);
    String b = EventIds.of("r1", "s", 1);
    String c = EventIds.of("r1", "s", 2);
    String d = EventIds.of("r1", "s", 3);
    String lost = EventIds.of("r1", "s", 4);
    String extra = EventIds.of("r1", "s", 99);
    String other = EventIds.of("r1", "other", 0);
    object(
        "first",
        envelope(0, 10, "m-a", "\"{\\\"id\\\":\\\"" + a + "\\\"}\""),
        envelope(0, 11, "m-b", "\"not json " + b + "\""),
        envelope(1, 5, "m-c1", "\"" + c + "\""),
        envelope(1, 6, "m-d", "\"" + d + "\""),
        envelope(2, 1, "m-x", "\"" + extra + "\""),
        envelope(2, 2, "m-o", "\"" + other + "\""));
    object(
        "second",
        // the sink wrote offset 10 again: replay
        envelope(0, 10, "m-a", "\"{\\\"id\\\":\\\"" + a + "\\\"}\""),
        // the same SQS message at a new offset: source redelivery
        envelope(0, 12, "m-b", "\"not json " + b + "\""),
        // a second SQS message for the same event: client resend
        envelope(1, 7, "m-c2", "\"" + c + "\""),
        "this line is not JSON " + d);
    DeliveredLog log = new DeliveredLog(dir);
    log.scan();

    Reconciliation r = Reconciliation.of(List.of(a, b, c, d, lost), "fc.r1.s.", log);

    assertThat(r.sent()).isEqualTo(5);
    assertThat(r.delivered()).isEqualTo(4);
    assertThat(r.lost()).containsExactly(lost);
    assertThat(r.extra()).containsExactly(extra);
    assertThat(r.complete()).isFalse();
    assertThat(r.duplicatesByCause())
        .isEqualTo(
            Map.of(
                Reconciliation.SINK_REPLAY, 1,
                Reconciliation.SOURCE_REDELIVERY, 1,
                Reconciliation.CLIENT_RESEND, 1));
    assertThat(r.duplicatedEvents()).isEqualTo(3);
    assertThat(log.unparsableLines()).isEqualTo(1);
    assertThat(log.copies(d)).hasSize(1);
  }

  @Test
  void scanningAgainReadsOnlyNewObjects() throws IOException {
    String a = EventIds.of("r2", "s", 0);
    object("one", envelope(0, 1, "m", "\"" + a + "\""));
    DeliveredLog log = new DeliveredLog(dir);
    log.scan();
    log.scan();
    assertThat(log.copies(a)).hasSize(1);
    object("two", envelope(0, 1, "m", "\"" + a + "\""));
    log.scan();
    assertThat(log.copies(a)).hasSize(2);
    assertThat(log.objectsRead()).isEqualTo(2);
  }

  @Test
  void idsAreFoundWhateverSurroundsThem() {
    assertThat(EventIds.find("x fc.ab1.sqs-body.7, \"fc.ab1.sqs-body.8\" fc.ab1.sqs-body.7"))
        .containsExactly("fc.ab1.sqs-body.7", "fc.ab1.sqs-body.8");
  }
}
