package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Turns an SQS message into a Kafka Connect record: the key by the configured strategy, the body as
 * the value, message and system attributes as headers with their exact values ({@link
 * AttributeHeaders}), and the SentTimestamp as the record timestamp. A record larger than the
 * configured limit is refused here, with the message named, rather than by the producer, which
 * would stop the task.
 */
public final class SqsRecordMapper {

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
    Headers headers = new ConnectHeaders();
    if (systemHeaders) {
      AttributeHeaders.addSystem(headers, received);
    }
    AttributeHeaders.addMessageAttributes(headers, message);
    String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
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
      case ATTRIBUTE -> AttributeHeaders.text(message.messageAttributes().get(keyAttribute));
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
}
