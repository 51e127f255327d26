package dev.streamrelay.connect.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one mechanism for config keys whose value is one of a fixed set of words: an enum
 * implementing {@link Choice}, whose constants give the validator (case-insensitive, listing the
 * words in order in the docs), the recommender (for {@code /validate} and UIs) and the typed
 * getter's parsing.
 */
public final class ConfigChoice {

  /**
   * An enum whose constants have a config spelling: by default the constant's name in lower case
   * ({@code MESSAGE_ID} is {@code message_id}).
   */
  public interface Choice {
    String name();

    default String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ConfigChoice() {}

  /** Accepts the config spelling of one of {@code values}, ignoring case and surrounding blanks. */
  public static <E extends Enum<E> & Choice> ConfigDef.Validator validator(E[] values) {
    List<String> choices = words(values);
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        String v = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(v)) {
          throw new ConfigException(name, value, "must be one of " + String.join(", ", choices));
        }
      }

      @Override
      public String toString() {
        return String.join(", ", choices);
      }
    };
  }

  /** Recommends the config spellings of {@code values}, in order. */
  public static <E extends Enum<E> & Choice> ConfigDef.Recommender recommender(E[] values) {
    List<Object> choices = List.copyOf(words(values));
    return new ConfigDef.Recommender() {
      @Override
      public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return choices;
      }

      @Override
      public boolean visible(String name, Map<String, Object> parsedConfig) {
        return true;
      }
    };
  }

  /** The constant of {@code values} that {@code value} spells, ignoring case. */
  public static <E extends Enum<E> & Choice> E parse(E[] values, String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values)
        .filter(v -> v.configValue().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    "unknown value " + value + "; expected one of " + words(values)));
  }

  private static <E extends Enum<E> & Choice> List<String> words(E[] values) {
    return Arrays.stream(values).map(Choice::configValue).toList();
  }
}
