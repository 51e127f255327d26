package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.common.TaskName;
import dev.streamrelay.connect.common.Version;
import dev.streamrelay.connect.firehose.schema.SchemaGuardMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka Connect sink connector that delivers records to Amazon Data Firehose. */
public class FirehoseSinkConnector extends SinkConnector {

  private static final Logger log = LoggerFactory.getLogger(FirehoseSinkConnector.class);

  private Map<String, String> props;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    FirehoseSinkConfig config = new FirehoseSinkConfig(props);
    Map<String, String> withConversions = new HashMap<>(props);
    withConversions.putAll(SchemaSetup.conversionProps(config));
    this.props = Map.copyOf(withConversions);
    log.info(
        "Firehose sink {} starting: default streams {}, topic streams {}{}",
        props.get("name"),
        config.defaultStreams(),
        config.topicStreams(),
        config.defaultStreams().size() > 1
                || config.topicStreams().values().stream().anyMatch(s -> s.size() > 1)
            ? " (a topic with several streams: partition p goes to stream p mod their number)"
            : "");
  }

  @Override
  public Class<? extends Task> taskClass() {
    return FirehoseSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return taskConfigs(props, maxTasks);
  }

  /**
   * Every task gets the connector's properties (with the record format conversions start() read)
   * plus its number.
   */
  static List<Map<String, String>> taskConfigs(Map<String, String> props, int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> task = new HashMap<>(props);
      TaskName.put(task, i);
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {
    log.info("Firehose sink {} stopping", props == null ? null : props.get("name"));
  }

  @Override
  public ConfigDef config() {
    return FirehoseSinkConfig.configDef();
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> values =
        config.configValues().stream()
            .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
    ConfigRules.validate(connectorConfigs, values);
    boolean clean = values.values().stream().allMatch(v -> v.errorMessages().isEmpty());
    if (clean) {
      FirehoseSinkConfig parsed = new FirehoseSinkConfig(connectorConfigs);
      boolean checkSchema =
          parsed.schemaGuard() == SchemaGuardMode.REQUIRED
              || (parsed.schemaGuard() == SchemaGuardMode.AUTO && parsed.validateStream());
      if (checkSchema) {
        // One DescribeDeliveryStream per stream serves both the stream and the table checks.
        SchemaSetup.validate(parsed, values);
      } else if (parsed.validateStream()) {
        ConfigRules.checkStreams(parsed, values);
      }
    }
    return config;
  }
}
