package dev.streamrelay.connect.aws;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validators, recommenders and parsing for config keys whose value is one of a fixed set of
 * lower-case words, usually the constants of an enum implementing {@link Choice}.
 */
public final class ConfigChoice {

  /** An enum whose constants have a config spelling. */
  public interface Choice {
    String configValue();
  }

  private ConfigChoice() {}

  public static <E extends Choice> ConfigDef.Validator validator(E[] values) {
    return validator(Arrays.stream(values).map(Choice::configValue).toArray(String[]::new));
  }

  /** Accepts the lower-case names of {@code type}'s constants, ignoring case. */
  public static <E extends Enum<E>> ConfigDef.Validator validator(Class<E> type) {
    return validator(names(type));
  }

  /** Recommends the lower-case names of {@code type}'s constants. */
  public static <E extends Enum<E>> ConfigDef.Recommender recommender(Class<E> type) {
    return recommender(names(type));
  }

  private static <E extends Enum<E>> String[] names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT))
        .toArray(String[]::new);
  }

  /** Accepts one of {@code words}, ignoring case; lists them in order in the docs. */
  public static ConfigDef.Validator validator(String... words) {
    List<String> choices = List.of(words);
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

  public static <E extends Choice> ConfigDef.Recommender recommender(E[] values) {
    return recommender(Arrays.stream(values).map(Choice::configValue).toArray(String[]::new));
  }

  public static ConfigDef.Recommender recommender(String... words) {
    List<Object> choices = List.of((Object[]) words);
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

  public static <E extends Choice> E parse(E[] values, String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values)
        .filter(v -> v.configValue().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    "unknown value "
                        + value
                        + "; expected one of "
                        + Arrays.stream(values).map(Choice::configValue).toList()));
  }
}
