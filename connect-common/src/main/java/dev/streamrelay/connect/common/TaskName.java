package dev.streamrelay.connect.common;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Which task this is, the same way in both connectors: the connector's {@code name} and the task id
 * its connector put in the task's config under the internal key {@value #TASK_ID_CONFIG}. Its text,
 * {@code <connector>-<task id>}, starts every thread name and every log line of the task.
 */
public record TaskName(String connector, int id) {

  /** Internal key: the index {@code taskConfigs} gave the task; never set by users. */
  public static final String TASK_ID_CONFIG = "task.id";

  /** Adds the internal task-id key to a connector's {@code ConfigDef}. */
  public static ConfigDef define(ConfigDef def) {
    return def.defineInternal(TASK_ID_CONFIG, Type.INT, 0, Importance.LOW);
  }

  /** The config of task {@code id}: {@code connectorConfig} plus its task id. */
  public static void put(Map<String, String> taskConfig, int id) {
    taskConfig.put(TASK_ID_CONFIG, Integer.toString(id));
  }

  /** The task of {@code config}, whose connector is {@code fallback} when it has no name. */
  public static TaskName of(AbstractConfig config, String fallback) {
    Object name = config.originals().get("name");
    return new TaskName(name == null ? fallback : name.toString(), config.getInt(TASK_ID_CONFIG));
  }

  /** {@code <connector>-<task id>-<role>}: the name of one of the task's threads. */
  public String thread(String role) {
    return this + "-" + role;
  }

  @Override
  public String toString() {
    return connector + "-" + id;
  }
}
