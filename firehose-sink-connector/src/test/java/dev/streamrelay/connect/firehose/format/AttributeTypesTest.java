package dev.streamrelay.connect.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.junit.jupiter.api.Test;

class AttributeTypesTest {

  private final AttributeTypes types = new AttributeTypes(new JsonFactory());

  private static Header bytesHeader(String json) {
    return bytesHeader(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Header bytesHeader(byte[] value) {
    return new ConnectHeaders()
        .addBytes("sqs.message.attribute.types", value)
        .lastWithName("sqs.message.attribute.types");
  }

  @Test
  void readsTheTypesOfBytesStringsAndBuffers() {
    String json = "{\"a\":\"String\",\"b\":\"Binary.png\"}";
    Map<String, String> expected = Map.of("a", "String", "b", "Binary.png");
    assertThat(types.of(bytesHeader(json))).isEqualTo(expected);
    assertThat(types.of(new ConnectHeaders().addString("t", json).lastWithName("t")))
        .isEqualTo(expected);
    Header buffer =
        new ConnectHeaders()
            .add("t", ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), null)
            .lastWithName("t");
    assertThat(types.of(buffer)).isEqualTo(expected);
  }

  @Test
  void aValueThatIsNotAnObjectOfStringsHasNoTypesAndStaysSo() {
    for (String bad : new String[] {"[]", "{\"a\":1}", "{\"a\":", "not json", "\"x\""}) {
      assertThat(types.of(bytesHeader(bad))).as(bad).isNull();
      assertThat(types.of(bytesHeader(bad))).as(bad + " again, from the cache").isNull();
    }
    assertThat(types.of(bytesHeader(new byte[] {'{', (byte) 0xff, '}'}))).isNull();
    assertThat(types.of(null)).isNull();
    assertThat(types.of(bytesHeader("{}"))).isEmpty();
  }

  @Test
  void aCachedValueIsTheSameAsAFreshReadAndKeepsItsOwnCopyOfTheBytes() {
    byte[] value = "{\"a\":\"String\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> first = types.of(bytesHeader(value));
    value[6] = 'X'; // the record's array changes after the read (never in Connect, but not ours)
    assertThat(types.of(bytesHeader("{\"a\":\"String\"}"))).isSameAs(first);
    assertThat(types.of(bytesHeader(value))).containsExactly(Map.entry("a", "Xtring"));
  }

  @Test
  void keepsAtMostItsBoundOfDistinctValues() {
    for (int i = 0; i < AttributeTypes.MAX_ENTRIES * 3; i++) {
      Map<String, String> read = types.of(bytesHeader("{\"attr" + i + "\":\"Number\"}"));
      assertThat(read).containsExactly(Map.entry("attr" + i, "Number"));
      assertThat(types.size()).isLessThanOrEqualTo(AttributeTypes.MAX_ENTRIES);
    }
    assertThat(types.size()).isEqualTo(AttributeTypes.MAX_ENTRIES);
  }

  @Test
  void aValueOverTheCachedSizeIsReadEachTimeAndNotKept() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; json.length() <= AttributeTypes.MAX_CACHED_BYTES; i++) {
      json.append(i == 0 ? "" : ",").append("\"attribute").append(i).append("\":\"String\"");
    }
    String big = json.append('}').toString();

    Map<String, String> read = types.of(bytesHeader(big));

    assertThat(read).containsEntry("attribute0", "String").hasSizeGreaterThan(30);
    assertThat(types.of(bytesHeader(big))).isEqualTo(read);
    assertThat(types.size()).as("values kept").isZero();
  }
}
