package dev.streamrelay.connect.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordFormatterTest {

  private static final byte[] NL = {'\n'};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema ADDRESS =
      SchemaBuilder.struct().name("Address").field("city", Schema.STRING_SCHEMA).build();
  private static final Schema ORDER =
      SchemaBuilder.struct()
          .name("Order")
          .field("id", Schema.INT64_SCHEMA)
          .field("price", Decimal.schema(2))
          .field("note", Schema.OPTIONAL_STRING_SCHEMA)
          .field("address", ADDRESS)
          .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
          .build();

  private final RecordFormatter value = RecordFormatter.create(OutputFormat.VALUE, NL);
  private final RecordFormatter envelope = RecordFormatter.create(OutputFormat.ENVELOPE, NL);

  private static SinkRecord record(Schema keySchema, Object key, Schema schema, Object value) {
    return new SinkRecord(
        "orders",
        3,
        keySchema,
        key,
        schema,
        value,
        42L,
        1_700_000_000_000L,
        TimestampType.CREATE_TIME);
  }

  private static Struct order() {
    return new Struct(ORDER)
        .put("id", 7L)
        .put("price", new BigDecimal("12.50"))
        .put("address", new Struct(ADDRESS).put("city", "Lyon"))
        .put("tags", List.of("a", "b"));
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void writesAStructAsOneJsonLine() throws Exception {
    String out = text(value.format(record(null, null, ORDER, order())));
    assertThat(out).endsWith("\n").doesNotContain("schema").hasLineCount(1);
    JsonNode n = JSON.readTree(out);
    assertThat(n.get("id").asLong()).isEqualTo(7);
    assertThat(n.get("price").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(n.get("note").isNull()).isTrue();
    assertThat(n.get("address").get("city").asText()).isEqualTo("Lyon");
    assertThat(n.get("tags")).hasSize(2);
  }

  @Test
  void writesASchemalessMapAsJson() throws Exception {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", 1);
    map.put("b", Map.of("c", List.of(true, false)));
    map.put("d", null);
    String out = text(value.format(record(null, null, null, map)));
    assertThat(JSON.readTree(out).toString())
        .isEqualTo("{\"a\":1,\"b\":{\"c\":[true,false]},\"d\":null}");
  }

  @Test
  void writesStringsAndBytesAsTheyAre() {
    assertThat(text(value.format(record(null, null, Schema.STRING_SCHEMA, "{\"raw\": 1}"))))
        .isEqualTo("{\"raw\": 1}\n");
    assertThat(text(value.format(record(null, null, null, "plain text, not JSON"))))
        .isEqualTo("plain text, not JSON\n");
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    assertThat(value.format(record(null, null, Schema.BYTES_SCHEMA, bytes)))
        .containsExactly(0, 1, 2, 0xff, '\n');
    assertThat(value.format(record(null, null, null, ByteBuffer.wrap(bytes, 1, 2))))
        .containsExactly(1, 2, '\n');
  }

  @Test
  void writesNumbersBooleansAndNullAsJson() {
    assertThat(text(value.format(record(null, null, Schema.INT32_SCHEMA, 5)))).isEqualTo("5\n");
    assertThat(text(value.format(record(null, null, null, true)))).isEqualTo("true\n");
    assertThat(text(value.format(record(null, null, null, null)))).isEqualTo("null\n");
  }

  @Test
  void alwaysTerminatesWithTheConfiguredDelimiter() {
    RecordFormatter crlf = RecordFormatter.create(OutputFormat.VALUE, Delimiters.parse("\\r\\n"));
    assertThat(text(crlf.format(record(null, null, null, "a")))).isEqualTo("a\r\n");
    RecordFormatter env = RecordFormatter.create(OutputFormat.ENVELOPE, Delimiters.parse("|"));
    assertThat(text(env.format(record(null, null, null, "a")))).endsWith("}|");
  }

  @Test
  void envelopeCarriesMetadataKeyAndAStructValueAsAnObject() throws Exception {
    JsonNode n = JSON.readTree(text(envelope.format(record(null, "order-7", ORDER, order()))));

    assertThat(fieldNames(n))
        .containsExactly(
            "topic",
            "partition",
            "offset",
            "timestamp",
            "key",
            "headers",
            "header_types",
            "value",
            "value_text");
    assertThat(n.get("topic").asText()).isEqualTo("orders");
    assertThat(n.get("partition").asInt()).isEqualTo(3);
    assertThat(n.get("offset").asLong()).isEqualTo(42);
    assertThat(n.get("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(n.get("key").asText()).isEqualTo("order-7");
    assertThat(n.get("value").get("address").get("city").asText()).isEqualTo("Lyon");
    assertThat(n.get("value_text").isNull()).isTrue();
  }

  @Test
  void aJsonObjectBodyIsEmbeddedExactlyAsSentOnOneLine() {
    String body =
        "{\"id\":\"e-1\",\n \"n\":3.14159265358979,\"big\":1E+126,\"z\":-0.0,\"a\":[1,2]}";
    String line = text(envelope.format(record(null, null, null, body)));

    assertThat(line).endsWith("\n").doesNotContain("\n \"n\"");
    assertThat(line)
        .contains(
            "\"value\":{\"id\":\"e-1\",  \"n\":3.14159265358979,\"big\":1E+126,\"z\":-0.0,"
                + "\"a\":[1,2]},\"value_text\":null}");
  }

  @Test
  void aBodyThatIsNotOneJsonObjectGoesToValueTextAsItIs() throws Exception {
    for (String body :
        List.of(
            "plain text",
            "[1,2]",
            "42",
            "\"quoted\"",
            "{\"a\":1} trailing",
            "{\"unclosed\":",
            "{'single':'quotes'}",
            "")) {
      JsonNode n = JSON.readTree(text(envelope.format(record(null, null, null, body))));
      assertThat(n.get("value").isNull()).as(body).isTrue();
      assertThat(n.get("value_text").asText()).as(body).isEqualTo(body);
    }
    byte[] notUtf8 = {(byte) 0xc3, 0x28, 1};
    JsonNode b = JSON.readTree(text(envelope.format(record(null, null, null, notUtf8))));
    assertThat(b.get("value_text").asText()).isEqualTo("wygB");
  }

  @Test
  void headersAreAMapOfExactTextWithTheSqsTypesBesideIt() throws Exception {
    ConnectHeaders headers = new ConnectHeaders();
    headers.add("zip", utf8("00123"), Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("pi", utf8("3.14159265358979"), Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("flag", utf8("true"), Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("MixedCase", utf8("東京 🚀"), Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("blob", new byte[] {'h', 'i'}, Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("sqs.message.id", utf8("m-1"), Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add(
        "sqs.message.attribute.types",
        utf8(
            "{\"MixedCase\":\"String\",\"blob\":\"Binary.png\",\"flag\":\"String\","
                + "\"pi\":\"Number\",\"zip\":\"String.zip\"}"),
        Schema.OPTIONAL_BYTES_SCHEMA);
    JsonNode n = JSON.readTree(text(envelope.format(withHeaders(headers))));

    JsonNode h = n.get("headers");
    assertThat(fieldNames(h))
        .containsExactly("zip", "pi", "flag", "MixedCase", "blob", "sqs.message.id");
    assertThat(h.get("zip").asText()).isEqualTo("00123");
    assertThat(h.get("pi").asText()).isEqualTo("3.14159265358979");
    assertThat(h.get("flag").isTextual()).isTrue();
    assertThat(h.get("MixedCase").asText()).isEqualTo("東京 🚀");
    assertThat(h.get("blob").asText()).isEqualTo("aGk=");
    JsonNode t = n.get("header_types");
    assertThat(fieldNames(t)).containsExactly("zip", "pi", "flag", "MixedCase", "blob");
    assertThat(t.get("zip").asText()).isEqualTo("String.zip");
    assertThat(t.get("blob").asText()).isEqualTo("Binary.png");
  }

  @Test
  void headersFromOtherProducersKeepEveryValue() throws Exception {
    ConnectHeaders headers = new ConnectHeaders();
    headers.add("trace", utf8("t-1"), Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("raw", new byte[] {(byte) 0xff, 0}, Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("trace", utf8("t-2"), Schema.OPTIONAL_BYTES_SCHEMA);
    headers.add("empty", null, null);
    headers.addString("typed", "x");
    headers.addInt("attempt", 2);
    JsonNode n = JSON.readTree(text(envelope.format(withHeaders(headers))));

    JsonNode h = n.get("headers");
    assertThat(fieldNames(h))
        .containsExactly("trace", "raw", "trace#2", "empty", "typed", "attempt");
    assertThat(h.get("trace#2").asText()).isEqualTo("t-2");
    assertThat(h.get("raw").asText()).isEqualTo("/wA=");
    assertThat(h.get("empty").isNull()).isTrue();
    assertThat(h.get("typed").asText()).isEqualTo("x");
    assertThat(h.get("attempt").asText()).isEqualTo("2");
    assertThat(fieldNames(n.get("header_types"))).containsExactly("raw");
    assertThat(n.get("header_types").get("raw").asText()).isEqualTo("Binary");
  }

  @Test
  void envelopeWritesNullsAndBytes() throws Exception {
    SinkRecord r =
        new SinkRecord("t", 0, null, null, null, null, 5L, null, TimestampType.NO_TIMESTAMP_TYPE);
    JsonNode n = JSON.readTree(text(envelope.format(r)));
    assertThat(n.get("key").isNull()).isTrue();
    assertThat(n.get("value").isNull()).isTrue();
    assertThat(n.get("value_text").isNull()).isTrue();
    assertThat(n.get("timestamp").isNull()).isTrue();
    assertThat(n.get("headers")).isEmpty();
    assertThat(n.get("header_types")).isEmpty();

    JsonNode b =
        JSON.readTree(
            text(
                envelope.format(
                    record(Schema.BYTES_SCHEMA, new byte[] {(byte) 0xff, 2}, null, "v"))));
    assertThat(b.get("key").asText()).isEqualTo("/wI=");
    assertThat(b.get("value_text").asText()).isEqualTo("v");
  }

  private static SinkRecord withHeaders(ConnectHeaders headers) {
    return new SinkRecord(
        "orders",
        0,
        Schema.STRING_SCHEMA,
        "k",
        Schema.STRING_SCHEMA,
        "{}",
        1L,
        1L,
        TimestampType.CREATE_TIME,
        headers);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void refusesAValueThatDoesNotMatchItsSchema() {
    assertThatThrownBy(() -> value.format(record(null, null, Schema.INT32_SCHEMA, List.of(1))))
        .isInstanceOf(DataException.class);
    assertThatThrownBy(() -> envelope.format(record(null, null, ORDER, Map.of("id", 1))))
        .isInstanceOf(DataException.class);
  }

  @Test
  void parsesDelimiterEscapes() {
    assertThat(Delimiters.parse("\\n")).containsExactly('\n');
    assertThat(Delimiters.parse("\\r\\n")).containsExactly('\r', '\n');
    assertThat(Delimiters.parse("\\t")).containsExactly('\t');
    assertThat(Delimiters.parse("\\\\")).containsExactly('\\');
    assertThat(Delimiters.parse(",")).containsExactly(',');
    assertThatThrownBy(() -> Delimiters.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Delimiters.parse("\\x")).hasMessageContaining("\\x");
    assertThatThrownBy(() -> Delimiters.parse("a\\")).hasMessageContaining("backslash");
  }
}
