package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.common.AttributeTypesHeader;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS message's attributes as Kafka headers, each value exactly as SQS holds it: the text of a
 * system, String or Number attribute as UTF-8 bytes (no parsing, so {@code 00123}, {@code 1E+3} and
 * 38-digit numbers stay as sent), the bytes of a Binary attribute as they are. The data type of
 * every message attribute travels in the {@link AttributeTypesHeader}. Every header has the bytes
 * schema, which {@code ByteArrayConverter} writes to Kafka unchanged.
 */
final class AttributeHeaders {

  static final String MESSAGE_ID = "sqs.message.id";
  static final String QUEUE_URL = "sqs.queue.url";

  /** System attributes in the order they are added, each with its header name. */
  static final Map<MessageSystemAttributeName, String> SYSTEM = systemHeaderNames();

  private AttributeHeaders() {}

  private static Map<MessageSystemAttributeName, String> systemHeaderNames() {
    Map<MessageSystemAttributeName, String> names = new LinkedHashMap<>();
    names.put(MessageSystemAttributeName.SENT_TIMESTAMP, "sqs.sent.timestamp");
    names.put(
        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "sqs.approximate.receive.count");
    names.put(
        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP,
        "sqs.approximate.first.receive.timestamp");
    names.put(MessageSystemAttributeName.SENDER_ID, "sqs.sender.id");
    names.put(MessageSystemAttributeName.MESSAGE_GROUP_ID, "sqs.message.group.id");
    names.put(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "sqs.message.deduplication.id");
    names.put(MessageSystemAttributeName.SEQUENCE_NUMBER, "sqs.sequence.number");
    names.put(MessageSystemAttributeName.AWS_TRACE_HEADER, "sqs.aws.trace.header");
    names.put(
        MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN,
        "sqs.dead.letter.queue.source.arn");
    return Collections.unmodifiableMap(names);
  }

  /** The message id, queue URL and every system attribute SQS returned. */
  static void addSystem(Headers headers, ReceivedMessage received) {
    Map<MessageSystemAttributeName, String> system = received.message().attributes();
    addText(headers, MESSAGE_ID, received.messageId());
    addText(headers, QUEUE_URL, received.queue().url().url());
    SYSTEM.forEach(
        (attribute, header) -> {
          String value = system.get(attribute);
          if (value != null) {
            addText(headers, header, value);
          }
        });
  }

  /** Every message attribute under its own name, and their data types in one header. */
  static void addMessageAttributes(Headers headers, Message message) {
    if (!message.hasMessageAttributes() || message.messageAttributes().isEmpty()) {
      return;
    }
    Map<String, String> types = new TreeMap<>();
    new TreeMap<>(message.messageAttributes())
        .forEach(
            (name, value) -> {
              String type = value.dataType() == null ? "String" : value.dataType();
              headers.add(name, bytes(type, value), Schema.OPTIONAL_BYTES_SCHEMA);
              types.put(name, type);
            });
    addText(headers, AttributeTypesHeader.NAME, AttributeTypesHeader.encode(types));
  }

  /** The attribute as text, Binary as base64: for keys taken from an attribute. */
  static String text(MessageAttributeValue value) {
    if (value == null) {
      return null;
    }
    if (value.binaryValue() != null) {
      return Base64.getEncoder().encodeToString(value.binaryValue().asByteArray());
    }
    return value.stringValue();
  }

  private static byte[] bytes(String type, MessageAttributeValue value) {
    if (type.startsWith("Binary")) {
      return value.binaryValue() == null ? null : value.binaryValue().asByteArray();
    }
    return value.stringValue() == null
        ? null
        : value.stringValue().getBytes(StandardCharsets.UTF_8);
  }

  private static void addText(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8), Schema.OPTIONAL_BYTES_SCHEMA);
  }
}
