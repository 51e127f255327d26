package dev.streamrelay.local.sqs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What SQS refuses in a SendMessage (or one SendMessageBatch entry) that ElasticMQ accepts or
 * answers with other error codes: more than 10 message attributes, reserved attribute names,
 * characters outside #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF, and a
 * message (body plus every attribute's name, type and value) over the queue's {@code
 * MaximumMessageSize}.
 */
public final class SendRules {

  /** SQS's attribute limit per message. */
  public static final int MAX_ATTRIBUTES = 10;

  /** The total of a SendMessageBatch request SQS accepts (1 MiB). */
  public static final int MAX_BATCH_BYTES = 1_048_576;

  private SendRules() {}

  /** A message attribute; {@code binary} set for Binary types, {@code string} otherwise. */
  public record Attribute(String name, String dataType, String string, byte[] binary) {
    int bytes() {
      return utf8(name)
          + utf8(dataType)
          + (binary != null ? binary.length : string == null ? 0 : utf8(string));
    }
  }

  /** A message to send: its body and attributes. */
  public record Message(String body, List<Attribute> attributes) {
    /** The size SQS compares with MaximumMessageSize. */
    public int bytes() {
      int n = body == null ? 0 : utf8(body);
      for (Attribute a : attributes) {
        n += a.bytes();
      }
      return n;
    }
  }

  /**
   * An error as SQS reports it.
   *
   * @param queryCode the code of the query protocol and of the {@code x-amzn-query-error} header
   * @param shape the JSON protocol's {@code __type} shape name
   * @param message SQS's message
   */
  public record Refusal(String queryCode, String shape, String message) {
    static Refusal invalidParameter(String message) {
      return new Refusal("InvalidParameterValue", "InvalidParameterValue", message);
    }
  }

  /** Why SQS would refuse {@code m} on a queue of {@code maximumMessageSize}, if it would. */
  public static Optional<Refusal> check(Message m, int maximumMessageSize) {
    if (m.attributes().size() > MAX_ATTRIBUTES) {
      return Optional.of(
          Refusal.invalidParameter(
              "Number of message attributes ["
                  + m.attributes().size()
                  + "] exceeds the allowed maximum ["
                  + MAX_ATTRIBUTES
                  + "]."));
    }
    for (Attribute a : m.attributes()) {
      String lower = a.name().toLowerCase(Locale.ROOT);
      if (lower.startsWith("aws.") || lower.startsWith("amazon.")) {
        return Optional.of(
            Refusal.invalidParameter(
                "Message (user) attribute name '"
                    + a.name()
                    + "' is invalid: names starting with AWS. or Amazon. are reserved for use by"
                    + " Amazon Web Services."));
      }
    }
    if (m.body() != null) {
      Optional<Refusal> chars = characters(m.body(), "the message body");
      if (chars.isPresent()) {
        return chars;
      }
    }
    for (Attribute a : m.attributes()) {
      if (a.string() != null) {
        Optional<Refusal> chars =
            characters(a.string(), "the message attribute '" + a.name() + "'");
        if (chars.isPresent()) {
          return chars;
        }
      }
    }
    if (m.bytes() > maximumMessageSize) {
      return Optional.of(
          Refusal.invalidParameter(
              "One or more parameters are invalid. Reason: Message must be shorter than "
                  + maximumMessageSize
                  + " bytes."));
    }
    return Optional.empty();
  }

  /** The whole-batch check: the sum of every entry's size. */
  public static Optional<Refusal> checkBatch(List<Message> entries) {
    long total = entries.stream().mapToLong(Message::bytes).sum();
    if (total > MAX_BATCH_BYTES) {
      return Optional.of(
          new Refusal(
              "AWS.SimpleQueueService.BatchRequestTooLong",
              "BatchRequestTooLong",
              "Batch requests cannot be longer than "
                  + MAX_BATCH_BYTES
                  + " bytes. You have sent "
                  + total
                  + " bytes."));
    }
    return Optional.empty();
  }

  static boolean allowed(int cp) {
    return cp == 0x9
        || cp == 0xA
        || cp == 0xD
        || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  private static Optional<Refusal> characters(String text, String where) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!allowed(cp)) {
        return Optional.of(
            new Refusal(
                "InvalidMessageContents",
                "InvalidMessageContents",
                "Invalid binary character '#x"
                    + Integer.toHexString(cp).toUpperCase(Locale.ROOT)
                    + "' was found in "
                    + where
                    + ", the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF |"
                    + " #xE000 to #xFFFD | #x10000 to #x10FFFF"));
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
