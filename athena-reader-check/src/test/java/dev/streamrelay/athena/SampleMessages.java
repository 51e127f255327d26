package dev.streamrelay.athena;

import dev.streamrelay.connect.sqs.QueueUrl;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import dev.streamrelay.testkit.SqsMessages;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * SQS messages as ReceiveMessage returns them, covering both value shapes the project ships (JSON
 * event objects; bodies that are not a JSON object) and each class of attribute value that a
 * re-parsing step would change. At most 10 attributes per message, as SQS allows.
 */
final class SampleMessages {

  static final SqsQueue EVENTS = queue("events");
  static final SqsQueue ORDERS = queue("orders.fifo");

  /** A 256-character attribute name, the longest SQS accepts. */
  static final String LONG_NAME = "n".repeat(250) + ".long_";

  static final byte[] BINARY = {0, 1, (byte) 0xFF, 0x7F, (byte) 0xC3, 0x28};

  private SampleMessages() {}

  static List<ReceivedMessage> all() {
    return List.of(
        received(
            EVENTS,
            "m-text-attributes",
            "{\"id\":\"e-1\",\"type\":\"click\",\"ts\":\"2026-01-01T12:00:00Z\","
                + "\"payload\":{\"text\":\"Grüße 👋\",\"n\":1}}",
            attributes(
                "MyAttr", string("00123"),
                "myattr", string("the lower-case twin of MyAttr"),
                "date", string("2026-01-01"),
                "time", string("2026-01-01T12:00:00.123+01:00"),
                "flag", string("true"),
                "nothing", string("null"),
                "json", string("{\"a\":1}"),
                "spaces", string("  padded  "),
                "lines", string("line 1\nline 2\ttabbed \"quoted\" \\ back"))),
        received(
            EVENTS,
            "m-number-binary-attributes",
            // payload with number forms, spacing and escapes Trino will render differently
            "{\"id\":\"e-2\", \"type\":\"purchase\", \"ts\":\"2026-01-01T12:00:01Z\","
                + " \"payload\": {\"amount\": 1.50, \"big\": 1e2, \"zero\": -0,"
                + " \"name\": \"caf\\u00e9\", \"items\": [1, {\"sku\": \"A-1\"}], \"none\": null}}",
            attributes(
                "negzero", number("Number", "-0"),
                "exp", number("Number", "1E+126"),
                "pi", number("Number", "3.14159265358979"),
                "digits38", number("Number", "12345678901234567890123456789012345678"),
                "price", number("Number.float", "1.50"),
                "bin", binary("Binary", BINARY),
                "image", binary("Binary.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
                "uuid", string("String.uuid", "3f2b1c4e-0000-4000-8000-000000000001"))),
        received(
            EVENTS,
            "m-plain-text",
            "plain text, not JSON: Grüße 👋 – 日本語",
            attributes(
                "text",
                string("Zażółć gęślą jaźń 日本語 👋"),
                LONG_NAME,
                string("value of the longest name"))),
        received(EVENTS, "m-json-array", "[1, 2, {\"a\": 3}]", Map.of()),
        received(EVENTS, "m-number", "3.14159265358979", Map.of()),
        received(EVENTS, "m-json-string", "\"a JSON string\"", Map.of()),
        received(
            ORDERS,
            "m-fifo",
            "{\"id\":\"o-1\",\"type\":\"order\",\"ts\":\"2026-01-01T12:00:02Z\",\"payload\":{}}",
            attributes("TenantId", string("acme"))));
  }

  private static SqsQueue queue(String name) {
    return new SqsQueue(
        QueueUrl.parse("https://sqs.eu-west-1.amazonaws.com/123456789012/" + name),
        "sqs-" + name.replace(".fifo", ""),
        Duration.ofSeconds(30));
  }

  private static ReceivedMessage received(
      SqsQueue queue, String id, String body, Map<String, MessageAttributeValue> attributes) {
    Map<MessageSystemAttributeName, String> system = new LinkedHashMap<>();
    system.put(MessageSystemAttributeName.SENT_TIMESTAMP, "1767268800000");
    system.put(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1");
    system.put(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1767268800042");
    system.put(MessageSystemAttributeName.SENDER_ID, "AIDAEXAMPLE");
    Message message = SqsMessages.received(id, body, queue.fifo(), system, attributes);
    return new ReceivedMessage(queue, message, System.nanoTime());
  }

  private static Map<String, MessageAttributeValue> attributes(Object... nameValue) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      attributes.put((String) nameValue[i], (MessageAttributeValue) nameValue[i + 1]);
    }
    return attributes;
  }

  private static MessageAttributeValue string(String value) {
    return string("String", value);
  }

  private static MessageAttributeValue string(String type, String value) {
    return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
  }

  private static MessageAttributeValue number(String type, String value) {
    return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
  }

  private static MessageAttributeValue binary(String type, byte[] value) {
    return MessageAttributeValue.builder()
        .dataType(type)
        .binaryValue(SdkBytes.fromByteArray(value))
        .build();
  }
}
