package dev.streamrelay.connect.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a connector's {@link ConfigDef} as the Markdown reference the README carries, group by
 * group, so the reference is generated from the code and never typed by hand.
 */
public final class ConfigReference {

  private ConfigReference() {}

  /** The Markdown reference of every non-internal key of {@code def}. */
  public static String markdown(ConfigDef def) {
    Map<String, List<ConfigKey>> byGroup = new LinkedHashMap<>();
    for (String group : def.groups()) {
      byGroup.put(group, new ArrayList<>());
    }
    for (ConfigKey key : def.configKeys().values()) {
      if (!key.internalConfig) {
        byGroup
            .computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>())
            .add(key);
      }
    }
    StringBuilder out = new StringBuilder();
    byGroup.forEach(
        (group, keys) -> {
          if (keys.isEmpty()) {
            return;
          }
          keys.sort(Comparator.comparingInt(k -> k.orderInGroup));
          out.append("#### ").append(group).append("\n\n");
          out.append("| Key | Type | Default | Valid values | Description |\n");
          out.append("|---|---|---|---|---|\n");
          for (ConfigKey key : keys) {
            out.append("| `")
                .append(key.name)
                .append("` | ")
                .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
                .append(" | ")
                .append(defaultValue(key))
                .append(" | ")
                .append(cell(key.validator == null ? "" : key.validator.toString()))
                .append(" | ")
                .append(cell(key.documentation))
                .append(" |\n");
          }
          out.append('\n');
        });
    return out.toString();
  }

  private static String defaultValue(ConfigKey key) {
    if (!key.hasDefault()) {
      return "required";
    }
    Object value = key.defaultValue;
    if (value == null || value instanceof Password) {
      return "";
    }
    String text =
        value instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(value);
    return text.isEmpty() ? "\"\"" : "`" + text.replace("\n", "\\n") + "`";
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
