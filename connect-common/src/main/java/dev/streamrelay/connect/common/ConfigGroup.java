package dev.streamrelay.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * One named group of a connector's {@link ConfigDef}: each key is defined in one call with its
 * type, default, validator, importance, doc, width and display name, and numbered in the order it
 * is defined, so {@code /validate} and UIs show the group as written.
 */
public final class ConfigGroup {

  private final ConfigDef def;
  private final String name;
  private int order;

  public ConfigGroup(ConfigDef def, String name) {
    this.def = def;
    this.name = name;
  }

  /** A key; {@code validator} may be null when the type says everything. */
  public ConfigGroup define(
      String key,
      Type type,
      Object defaultValue,
      ConfigDef.Validator validator,
      Importance importance,
      String doc,
      Width width,
      String displayName) {
    def.define(
        key, type, defaultValue, validator, importance, doc, name, ++order, width, displayName);
    return this;
  }

  /**
   * A key whose value is one of {@code values}: validated and recommended by {@link ConfigChoice}.
   */
  public <E extends Enum<E> & ConfigChoice.Choice> ConfigGroup choice(
      String key,
      String defaultValue,
      E[] values,
      Importance importance,
      String doc,
      Width width,
      String displayName) {
    def.define(
        key,
        Type.STRING,
        defaultValue,
        ConfigChoice.validator(values),
        importance,
        doc,
        name,
        ++order,
        width,
        displayName,
        ConfigChoice.recommender(values));
    return this;
  }
}
