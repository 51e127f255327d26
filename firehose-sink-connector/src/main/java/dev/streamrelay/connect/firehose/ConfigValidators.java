package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.firehose.format.Delimiters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validators and recommenders of the sink's keys, and the parser of the topic mapping. */
final class ConfigValidators {

  /** Firehose delivery stream names: 1 to 64 of letters, digits, underscore, dot and hyphen. */
  static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

  static final ConfigDef.Validator STREAM_NAME_OR_EMPTY =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            String v = value == null ? "" : value.toString().trim();
            if (!v.isEmpty() && !STREAM_NAME.matcher(v).matches()) {
              throw new ConfigException(
                  name, value, "must be a delivery stream name: 1-64 of [a-zA-Z0-9_.-]");
            }
          },
          () -> "empty, or a delivery stream name (1-64 of [a-zA-Z0-9_.-])");

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
          () -> "list of topic:stream pairs");

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

  /** Parses {@code topic:stream} pairs; each topic once, each stream a valid name. */
  static Map<String, String> parseTopicStreams(List<String> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : entries) {
      String e = entry.trim();
      int colon = e.lastIndexOf(':');
      if (colon <= 0 || colon == e.length() - 1) {
        throw new IllegalArgumentException("entry '" + e + "' is not topic:stream");
      }
      String topic = e.substring(0, colon).trim();
      String stream = e.substring(colon + 1).trim();
      if (!STREAM_NAME.matcher(stream).matches()) {
        throw new IllegalArgumentException(
            "stream '" + stream + "' of topic '" + topic + "' is not a delivery stream name");
      }
      if (out.put(topic, stream) != null) {
        throw new IllegalArgumentException("topic '" + topic + "' is mapped twice");
      }
    }
    return out;
  }
}
