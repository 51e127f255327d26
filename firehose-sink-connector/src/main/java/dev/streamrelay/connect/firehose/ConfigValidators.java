package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.firehose.format.Delimiters;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validators and recommenders of the sink's keys, and the parser of the topic mapping. */
final class ConfigValidators {

  /** Firehose delivery stream names: 1 to 64 of letters, digits, underscore, dot and hyphen. */
  static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

  /** Separates the streams one topic is spread over: {@code orders:orders-a|orders-b}. */
  static final String STREAM_SEPARATOR = "|";

  static final ConfigDef.Validator STREAMS_OR_EMPTY =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            String v = value == null ? "" : value.toString().trim();
            if (!v.isEmpty()) {
              try {
                parseStreams(v, null);
              } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
              }
            }
          },
          () ->
              "empty, or a delivery stream name (1-64 of [a-zA-Z0-9_.-]), or several joined by |");

  static final ConfigDef.Validator TOPIC_STREAMS =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            try {
              @SuppressWarnings("unchecked")
              List<String> entries = (List<String>) value;
              parseTopicStreams(entries);
            } catch (IllegalArgumentException e) {
              throw new ConfigException(name, value, e.getMessage());
            }
          },
          () -> "list of topic:stream pairs; stream may be several streams joined by |");

  static final ConfigDef.Validator DELIMITER =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            try {
              Delimiters.parse(value == null ? null : value.toString());
            } catch (IllegalArgumentException e) {
              throw new ConfigException(name, value, e.getMessage());
            }
          },
          () -> "non-empty; escapes \\n, \\r, \\t, \\\\");

  private ConfigValidators() {}

  /**
   * Parses {@code topic:stream} pairs, where stream may be {@code a|b|c}; each topic once, each
   * stream a valid name and listed once per topic.
   */
  static Map<String, List<String>> parseTopicStreams(List<String> entries) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String entry : entries) {
      String e = entry.trim();
      int colon = e.lastIndexOf(':');
      if (colon <= 0 || colon == e.length() - 1) {
        throw new IllegalArgumentException("entry '" + e + "' is not topic:stream");
      }
      String topic = e.substring(0, colon).trim();
      List<String> streams = parseStreams(e.substring(colon + 1), topic);
      if (out.put(topic, streams) != null) {
        throw new IllegalArgumentException("topic '" + topic + "' is mapped twice");
      }
    }
    return out;
  }

  /**
   * Parses one stream, or several joined by {@code |} (one topic spread over them by partition).
   *
   * @param topic the topic they are for, for messages; null for the default streams
   */
  static List<String> parseStreams(String raw, String topic) {
    String of = topic == null ? "" : " of topic '" + topic + "'";
    Set<String> streams = new LinkedHashSet<>();
    for (String part : raw.split(Pattern.quote(STREAM_SEPARATOR), -1)) {
      String stream = part.trim();
      if (stream.isEmpty()) {
        throw new IllegalArgumentException(
            "an empty stream name in '"
                + raw.trim()
                + "'"
                + of
                + ": join stream names with a single |, e.g. a|b");
      }
      if (!STREAM_NAME.matcher(stream).matches()) {
        throw new IllegalArgumentException(
            "stream '"
                + stream
                + "'"
                + of
                + " is not a delivery stream name (1-64 of [a-zA-Z0-9_.-])");
      }
      if (!streams.add(stream)) {
        throw new IllegalArgumentException(
            "stream '"
                + stream
                + "' is listed twice"
                + (topic == null ? "" : " for topic '" + topic + "'")
                + "; list each stream once");
      }
    }
    return List.copyOf(streams);
  }
}
