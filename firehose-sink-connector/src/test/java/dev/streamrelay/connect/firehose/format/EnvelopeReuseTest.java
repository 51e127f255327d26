package dev.streamrelay.connect.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The envelope formatter keeps its output buffer and the attribute types it has read between
 * records; what it writes must not depend on what it wrote before.
 */
class EnvelopeReuseTest {

  private static final byte[] NL = {'\n'};

  private static List<SinkRecord> varied(int count) {
    Random random = new Random(42);
    String[] typeSets = {
      "{\"kind\":\"String\"}",
      "{\"kind\":\"String\",\"blob\":\"Binary\"}",
      "{\"kind\":\"Number.int\"}",
      "not json",
      "{\"kind\":\"String\"} trailing"
    };
    List<SinkRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ConnectHeaders h = new ConnectHeaders();
      h.addBytes("sqs.message.id", ("id-" + i).getBytes(StandardCharsets.UTF_8));
      h.addBytes("kind", (i % 3 == 0 ? "grüß" : "order").getBytes(StandardCharsets.UTF_8));
      byte[] blob = new byte[random.nextInt(6)];
      random.nextBytes(blob);
      h.addBytes("blob", blob);
      if (i % 7 == 0) {
        h.addBytes("kind", "again".getBytes(StandardCharsets.UTF_8));
      }
      if (i % 5 != 4) {
        h.addBytes(
            "sqs.message.attribute.types",
            typeSets[random.nextInt(typeSets.length)].getBytes(StandardCharsets.UTF_8));
      }
      Object value =
          switch (i % 4) {
            case 0 ->
                ("{\"n\":" + i + ",\n\"text\":\"" + "x".repeat(random.nextInt(3000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 1 -> "plain text " + i;
            case 2 -> new byte[] {(byte) 0xff, (byte) i};
            default -> null;
          };
      out.add(
          new SinkRecord(
              "orders",
              i % 4,
              null,
              i % 2 == 0 ? "k" + i : null,
              null,
              value,
              i,
              1_700_000_000_000L + i,
              TimestampType.CREATE_TIME,
              h));
    }
    return out;
  }

  @Test
  void aReusedFormatterWritesWhatAFreshOneWrites() {
    RecordFormatter reused = RecordFormatter.create(OutputFormat.ENVELOPE, NL);
    List<byte[]> written = new ArrayList<>();
    for (SinkRecord r : varied(600)) {
      byte[] again = reused.format(r);
      byte[] fresh = RecordFormatter.create(OutputFormat.ENVELOPE, NL).format(r);
      assertThat(again).isEqualTo(fresh);
      written.add(again);
    }
    // Each record owns its bytes: a later record never overwrites an earlier one.
    List<SinkRecord> same = varied(600);
    for (int i = 0; i < same.size(); i++) {
      assertThat(written.get(i))
          .isEqualTo(RecordFormatter.create(OutputFormat.ENVELOPE, NL).format(same.get(i)));
    }
  }

  @Test
  void aLargeRecordDoesNotChangeTheNextSmallOne() {
    RecordFormatter f = RecordFormatter.create(OutputFormat.ENVELOPE, NL);
    SinkRecord small = new SinkRecord("t", 0, null, null, null, "small", 1);
    byte[] before = f.format(small);
    f.format(new SinkRecord("t", 0, null, null, null, "y".repeat(200_000), 2));
    assertThat(f.format(small)).isEqualTo(before);
  }
}
