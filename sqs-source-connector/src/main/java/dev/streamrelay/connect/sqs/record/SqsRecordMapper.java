package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Turns an SQS message into a Kafka Connect record: the key by the configured strategy, the body as
 * the value, message attributes as typed headers, system attributes as {@code sqs.*} headers, and
 * the SentTimestamp as the record timestamp. A record larger than the configured limit is refused
 * here, with the message named, rather than by the producer, which would stop the task.
 */
public final class SqsRecordMapper {

  public static final String HEADER_MESSAGE_ID = "sqs.message.id";
  public static final String HEADER_QUEUE_URL = "sqs.queue.url";
  public static final String HEADER_SENT_TIMESTAMP = "sqs.sent.timestamp";
  public static final String HEADER_RECEIVE_COUNT = "sqs.approximate.receive.count";
  public static final String HEADER_FIRST_RECEIVE = "sqs.approximate.first.receive.timestamp";
  public static final String HEADER_GROUP_ID = "sqs.message.group.id";
  public static final String HEADER_DEDUPLICATION_ID = "sqs.message.deduplication.id";
  public static final String HEADER_SEQUENCE_NUMBER = "sqs.sequence.number";

  private final KeyStrategy keyStrategy;
  private final String keyAttribute;
  private final ValueFormat valueFormat;
  private final boolean systemHeaders;
  private final int maxRecordBytes;

  public SqsRecordMapper(
      KeyStrategy keyStrategy,
      String keyAttribute,
      ValueFormat valueFormat,
      boolean systemHeaders,
      int maxRecordBytes) {
    this.keyStrategy = keyStrategy;
    this.keyAttribute = keyAttribute;
    this.valueFormat = valueFormat;
    this.systemHeaders = systemHeaders;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * The record for {@code received}.
   *
   * @throws InvalidBodyException when the body does not fit the value format or the record would be
   *     larger than the limit
   */
  public TrackedSourceRecord toRecord(ReceivedMessage received) throws InvalidBodyException {
    Message message = received.message();
    Map<MessageSystemAttributeName, String> system = message.attributes();
    Headers headers = new ConnectHeaders();
    if (systemHeaders) {
      addSystemHeaders(headers, received, system);
    }
    message.messageAttributes().forEach((name, value) -> addAttributeHeader(headers, name, value));
    String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
    TrackedSourceRecord record =
        new TrackedSourceRecord(
            received,
            received.queue().topic(),
            Schema.OPTIONAL_STRING_SCHEMA,
            key(received),
            valueFormat == ValueFormat.STRING
                ? Schema.OPTIONAL_STRING_SCHEMA
                : Schema.OPTIONAL_BYTES_SCHEMA,
            value(received),
            sent == null ? null : Long.parseLong(sent),
            headers);
    checkSize(received, record);
    return record;
  }

  private void checkSize(ReceivedMessage received, TrackedSourceRecord record)
      throws InvalidBodyException {
    if (RecordSize.upperBound(record) <= maxRecordBytes) {
      return;
    }
    RecordSize size = RecordSize.of(record);
    if (size.total() > maxRecordBytes) {
      throw new InvalidBodyException(
          String.format(
              "%s would be a Kafka record of %,d bytes (value %,d, key %,d, headers %,d), over"
                  + " sqs.max.record.bytes=%d; the producer refuses records over its"
                  + " max.request.size (1,048,576 bytes unless producer.override.max.request.size"
                  + " is set). To carry such messages, raise both (and the topic's"
                  + " max.message.bytes)",
              received,
              size.total(),
              size.valueBytes(),
              size.keyBytes(),
              size.headerBytes(),
              maxRecordBytes),
          null);
    }
  }

  private String key(ReceivedMessage received) {
    Message message = received.message();
    String groupId = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    return switch (keyStrategy) {
      case AUTO -> received.queue().fifo() ? groupId : message.messageId();
      case MESSAGE_ID -> message.messageId();
      case GROUP_ID -> groupId;
      case ATTRIBUTE -> attributeAsText(message.messageAttributes().get(keyAttribute));
      case NONE -> null;
    };
  }

  private Object value(ReceivedMessage received) throws InvalidBodyException {
    String body = received.message().body();
    if (body == null) {
      return null;
    }
    return switch (valueFormat) {
      case STRING -> body;
      case BYTES -> body.getBytes(StandardCharsets.UTF_8);
      case BASE64 -> decodeBase64(received, body);
    };
  }

  private static byte[] decodeBase64(ReceivedMessage received, String body)
      throws InvalidBodyException {
    try {
      return Base64.getDecoder().decode(body.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new InvalidBodyException(
          "The body of "
              + received
              + " is not base64 ("
              + e.getMessage()
              + "), but sqs.record.value.format=base64 expects it to be",
          e);
    }
  }

  private static void addSystemHeaders(
      Headers headers, ReceivedMessage received, Map<MessageSystemAttributeName, String> system) {
    headers.addString(HEADER_MESSAGE_ID, received.messageId());
    headers.addString(HEADER_QUEUE_URL, received.queue().url().url());
    addLong(headers, HEADER_SENT_TIMESTAMP, system.get(MessageSystemAttributeName.SENT_TIMESTAMP));
    addLong(
        headers,
        HEADER_RECEIVE_COUNT,
        system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    addLong(
        headers,
        HEADER_FIRST_RECEIVE,
        system.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP));
    addString(headers, HEADER_GROUP_ID, system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
    addString(
        headers,
        HEADER_DEDUPLICATION_ID,
        system.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
    addString(
        headers, HEADER_SEQUENCE_NUMBER, system.get(MessageSystemAttributeName.SEQUENCE_NUMBER));
  }

  /**
   * Adds an attribute as a typed header: String (and String.custom) as a string, Number as an int64
   * when it is a whole number that fits, else as a decimal, Binary as bytes.
   */
  static void addAttributeHeader(Headers headers, String name, MessageAttributeValue value) {
    String type = value.dataType() == null ? "String" : value.dataType();
    if (type.startsWith("Binary")) {
      headers.addBytes(
          name, value.binaryValue() == null ? null : value.binaryValue().asByteArray());
    } else if (type.startsWith("Number")) {
      headers.add(name, number(value.stringValue()));
    } else {
      headers.addString(name, value.stringValue());
    }
  }

  private static SchemaAndValue number(String text) {
    BigDecimal decimal = new BigDecimal(text.trim());
    try {
      return new SchemaAndValue(Schema.INT64_SCHEMA, decimal.longValueExact());
    } catch (ArithmeticException notWholeOrTooBig) {
      BigDecimal scaled = decimal.scale() < 0 ? decimal.setScale(0) : decimal;
      return new SchemaAndValue(Decimal.schema(scaled.scale()), scaled);
    }
  }

  private static String attributeAsText(MessageAttributeValue value) {
    if (value == null) {
      return null;
    }
    if (value.binaryValue() != null) {
      return Base64.getEncoder().encodeToString(value.binaryValue().asByteArray());
    }
    return value.stringValue();
  }

  private static void addLong(Headers headers, String name, String value) {
    if (value != null) {
      headers.addLong(name, Long.parseLong(value));
    }
  }

  private static void addString(Headers headers, String name, String value) {
    if (value != null) {
      headers.addString(name, value);
    }
  }
}
