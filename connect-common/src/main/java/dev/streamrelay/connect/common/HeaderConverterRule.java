package dev.streamrelay.connect.common;

import dev.streamrelay.connect.aws.AwsConnectionConfig;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Both connectors keep header values exact only when Kafka Connect hands header bytes through
 * unchanged, which {@code ByteArrayConverter} does. Kafka's other header converters change them:
 * {@code SimpleHeaderConverter} re-parses text on the sink side ({@code 00123} becomes {@code 123},
 * {@code 2026-01-01} a day number), {@code JsonConverter} turns bytes into quoted base64 and {@code
 * StringConverter} cannot write bytes at all. A connector config that names one of them is refused
 * in {@code validate()} on {@code header.converter}.
 */
public final class HeaderConverterRule {

  public static final String KEY = "header.converter";
  public static final String EXACT = "org.apache.kafka.connect.converters.ByteArrayConverter";

  private static final Set<String> CHANGING =
      Set.of(
          "org.apache.kafka.connect.storage.SimpleHeaderConverter",
          "org.apache.kafka.connect.json.JsonConverter",
          "org.apache.kafka.connect.storage.StringConverter");

  private HeaderConverterRule() {}

  /** Adds an error on {@code header.converter} when {@code props} name a converter that alters. */
  public static void validate(Map<String, String> props, Map<String, ConfigValue> values) {
    String converter = props.getOrDefault(KEY, "").trim();
    if (CHANGING.contains(converter)) {
      AwsConnectionConfig.addError(
          values,
          KEY,
          KEY
              + "="
              + converter
              + " changes SQS message attribute values on their way (text re-parsed, bytes"
              + " re-encoded). Set "
              + KEY
              + "="
              + EXACT
              + ", which keeps every header's bytes exactly as they are.");
    }
  }
}
