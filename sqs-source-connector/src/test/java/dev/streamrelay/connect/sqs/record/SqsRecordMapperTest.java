package dev.streamrelay.connect.sqs.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamrelay.connect.common.AttributeTypesHeader;
import dev.streamrelay.connect.sqs.Messages;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsRecordMapperTest {

  private static final SqsQueue STANDARD = Messages.queue("events", Duration.ofSeconds(30));
  private static final SqsQueue FIFO = Messages.queue("orders.fifo", Duration.ofSeconds(30));

  private static final int LIMIT = 1_000_000;

  private final SqsRecordMapper mapper =
      new SqsRecordMapper(KeyStrategy.AUTO, "", ValueFormat.STRING, true, LIMIT);

  @Test
  void bodyTopicTimestampAndNoSourceOffsets() throws Exception {
    SourceRecord record = mapper.toRecord(Messages.received(STANDARD, "m1", "{\"a\":\"zażółć\"}"));

    assertThat(record.topic()).isEqualTo("topic-events");
    assertThat(record.value()).isEqualTo("{\"a\":\"zażółć\"}");
    assertThat(record.valueSchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    assertThat(record.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(record.kafkaPartition()).isNull();
    assertThat(record.sourcePartition()).isNull();
    assertThat(record.sourceOffset()).isNull();
    assertThat(record).isInstanceOf(TrackedSourceRecord.class);
    assertThat(((TrackedSourceRecord) record).message().messageId()).isEqualTo("m1");
  }

  @ParameterizedTest
  @CsvSource({
    "AUTO, events, m1",
    "AUTO, orders.fifo, group-m1",
    "MESSAGE_ID, orders.fifo, m1",
    "GROUP_ID, orders.fifo, group-m1",
    "GROUP_ID, events, ",
    "ATTRIBUTE, events, acme",
    "NONE, orders.fifo, "
  })
  void keyStrategies(KeyStrategy strategy, String queue, String expectedKey) throws Exception {
    SqsQueue q = queue.endsWith(".fifo") ? FIFO : STANDARD;
    ReceivedMessage message =
        Messages.received(q, "m1", "body", Map.of("tenant", string("acme")), System.nanoTime());

    Object key =
        new SqsRecordMapper(strategy, "tenant", ValueFormat.STRING, true, LIMIT)
            .toRecord(message)
            .key();

    assertThat(key).isEqualTo(expectedKey);
  }

  @Test
  void attributeKeyOfABinaryAttributeIsBase64AndAMissingOneIsNull() throws Exception {
    SqsRecordMapper byAttribute =
        new SqsRecordMapper(KeyStrategy.ATTRIBUTE, "k", ValueFormat.STRING, false, LIMIT);
    ReceivedMessage binary =
        Messages.received(STANDARD, "m1", "b", Map.of("k", binary(new byte[] {1, 2})), 0);

    assertThat(byAttribute.toRecord(binary).key()).isEqualTo("AQI=");
    assertThat(byAttribute.toRecord(Messages.received(STANDARD, "m2", "b")).key()).isNull();
  }

  @Test
  void valueFormats() throws Exception {
    ReceivedMessage message =
        Messages.received(
            STANDARD, "m1", Base64.getEncoder().encodeToString(new byte[] {0, -1, 7}));

    SourceRecord bytes =
        new SqsRecordMapper(KeyStrategy.AUTO, "", ValueFormat.BYTES, true, LIMIT).toRecord(message);
    SourceRecord decoded =
        new SqsRecordMapper(KeyStrategy.AUTO, "", ValueFormat.BASE64, true, LIMIT)
            .toRecord(message);

    assertThat(bytes.valueSchema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
    assertThat((byte[]) bytes.value()).isEqualTo("AP8H".getBytes(StandardCharsets.UTF_8));
    assertThat((byte[]) decoded.value()).containsExactly(0, -1, 7);
  }

  @Test
  void aBodyThatIsNotBase64IsReportedWithTheQueueAndMessageId() {
    SqsRecordMapper base64 =
        new SqsRecordMapper(KeyStrategy.AUTO, "", ValueFormat.BASE64, true, LIMIT);

    assertThatThrownBy(() -> base64.toRecord(Messages.received(STANDARD, "m9", "not base64!")))
        .isInstanceOf(InvalidBodyException.class)
        .hasMessageContaining("m9")
        .hasMessageContaining("events")
        .hasMessageContaining("sqs.record.value.format=base64");
  }

  @Test
  void messageAttributesBecomeHeadersWithTheirExactBytesAndTheirTypesInOneHeader()
      throws Exception {
    Map<String, MessageAttributeValue> attributes =
        Map.of(
            "zip", string("00123"),
            "custom",
                MessageAttributeValue.builder().dataType("String.uuid").stringValue("u-1").build(),
            "day", string("2026-01-01"),
            "big", number("Number", "12345678901234567890123456789012345678"),
            "fraction", number("Number.price", "19.950"),
            "exp", number("Number", "1E+3"),
            "negativeZero", number("Number", "-0"),
            "pi", number("Number", "3.14159265358979"),
            "b", binary(new byte[] {9, 8, (byte) 0xff}));
    SourceRecord record = mapper.toRecord(Messages.received(STANDARD, "m1", "x", attributes, 0));

    assertThat(text(record, "zip")).isEqualTo("00123");
    assertThat(text(record, "custom")).isEqualTo("u-1");
    assertThat(text(record, "day")).isEqualTo("2026-01-01");
    assertThat(text(record, "big")).isEqualTo("12345678901234567890123456789012345678");
    assertThat(text(record, "fraction")).isEqualTo("19.950");
    assertThat(text(record, "exp")).isEqualTo("1E+3");
    assertThat(text(record, "negativeZero")).isEqualTo("-0");
    assertThat(text(record, "pi")).isEqualTo("3.14159265358979");
    assertThat((byte[]) header(record, "b").value()).containsExactly(9, 8, 0xff);
    for (Header h : record.headers()) {
      assertThat(h.schema()).as(h.key()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
    }
    assertThat(text(record, AttributeTypesHeader.NAME))
        .isEqualTo(
            "{\"b\":\"Binary\",\"big\":\"Number\",\"custom\":\"String.uuid\","
                + "\"day\":\"String\",\"exp\":\"Number\",\"fraction\":\"Number.price\","
                + "\"negativeZero\":\"Number\",\"pi\":\"Number\",\"zip\":\"String\"}");
  }

  @Test
  void aMessageWithoutAttributesHasNoTypesHeader() throws Exception {
    SourceRecord record = mapper.toRecord(Messages.received(STANDARD, "m1", "x"));

    assertThat(record.headers().lastWithName(AttributeTypesHeader.NAME)).isNull();
  }

  @Test
  void theQuickSizeBoundNeverUnderstatesTheExactSize() throws Exception {
    Map<String, MessageAttributeValue> attributes =
        Map.of(
            "tiny", number("Number", "1E-100"),
            "big", number("Number", "123456789012345678901234567890"),
            "text", string("zażółć 東京 🚀"),
            "b", binary(new byte[] {1, 2, 3, 4, 5, 6, 7}));
    SourceRecord record =
        mapper.toRecord(Messages.received(FIFO, "m1", "東京 🚀 body", attributes, 0));

    assertThat(RecordSize.upperBound(record)).isGreaterThanOrEqualTo(RecordSize.of(record).total());
  }

  @Test
  void systemAttributesOfAFifoMessageBecomeHeadersAsSqsWroteThem() throws Exception {
    SourceRecord record = mapper.toRecord(Messages.received(FIFO, "m1", "x"));

    assertThat(text(record, "sqs.message.id")).isEqualTo("m1");
    assertThat(text(record, "sqs.queue.url"))
        .isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo");
    assertThat(text(record, "sqs.sent.timestamp")).isEqualTo("1700000000000");
    assertThat(text(record, "sqs.approximate.receive.count")).isEqualTo("2");
    assertThat(text(record, "sqs.approximate.first.receive.timestamp")).isEqualTo("1700000000100");
    assertThat(text(record, "sqs.message.group.id")).isEqualTo("group-m1");
    assertThat(text(record, "sqs.message.deduplication.id")).isEqualTo("dedup-m1");
    assertThat(text(record, "sqs.sequence.number")).isEqualTo("18849496460467696128");
  }

  @Test
  void everySystemAttributeSqsCanReturnHasAHeader() {
    assertThat(AttributeHeaders.SYSTEM.keySet())
        .containsAll(
            MessageSystemAttributeName.knownValues().stream()
                .filter(n -> n != MessageSystemAttributeName.ALL)
                .toList());
  }

  @Test
  void systemHeadersCanBeTurnedOffAndStandardQueuesHaveNoFifoHeaders() throws Exception {
    SourceRecord standard = mapper.toRecord(Messages.received(STANDARD, "m1", "x"));
    SourceRecord off =
        new SqsRecordMapper(KeyStrategy.AUTO, "", ValueFormat.STRING, false, LIMIT)
            .toRecord(Messages.received(FIFO, "m1", "x"));

    assertThat(standard.headers().lastWithName("sqs.message.group.id")).isNull();
    assertThat(off.headers().size()).isZero();
  }

  @Test
  void aRecordOverTheLimitIsRefusedCountingKeyValueAndHeaders() throws Exception {
    SqsRecordMapper small =
        new SqsRecordMapper(KeyStrategy.AUTO, "", ValueFormat.STRING, true, 2048);
    ReceivedMessage message = Messages.received(STANDARD, "m1", "x".repeat(1500));
    SourceRecord record = mapper.toRecord(message);
    RecordSize size = RecordSize.of(record);
    assertThat(RecordSize.upperBound(record)).isGreaterThanOrEqualTo(size.total());
    assertThat(size.valueBytes()).isEqualTo(1500);
    assertThat(size.keyBytes()).isEqualTo(2);
    assertThat(size.headerBytes()).isGreaterThan(100);

    int room = 2048 - (int) (size.keyBytes() + size.headerBytes());
    String fits = "ż".repeat(room / 2) + "x".repeat(room % 2);
    ReceivedMessage justUnder = Messages.received(STANDARD, "m1", fits);
    ReceivedMessage justOver = Messages.received(STANDARD, "m1", fits + "x");

    assertThat(small.toRecord(justUnder).value()).isEqualTo(fits);
    assertThatThrownBy(() -> small.toRecord(justOver))
        .isInstanceOf(InvalidBodyException.class)
        .hasMessageContaining("message m1 of")
        .hasMessageContaining("over sqs.max.record.bytes=2048")
        .hasMessageContaining("producer.override.max.request.size");
    assertThat(small.toRecord(Messages.received(STANDARD, "m2", null)).value()).isNull();
  }

  private static String text(SourceRecord record, String name) {
    return new String((byte[]) header(record, name).value(), StandardCharsets.UTF_8);
  }

  private static Header header(SourceRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    assertThat(header).as("header %s", name).isNotNull();
    return header;
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static MessageAttributeValue number(String type, String value) {
    return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
  }

  private static MessageAttributeValue binary(byte[] value) {
    return MessageAttributeValue.builder()
        .dataType("Binary")
        .binaryValue(SdkBytes.fromByteArray(value))
        .build();
  }
}
