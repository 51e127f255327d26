package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.common.TaskName;
import dev.streamrelay.connect.common.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Reads Amazon SQS queues into Kafka. Each message is deleted from SQS only after Kafka has
 * acknowledged its record; see the module README for how acknowledgement works.
 */
public class SqsSourceConnector extends SourceConnector {

  private Map<String, String> props;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    new SqsSourceConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SqsSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return taskConfigs(props, maxTasks);
  }

  /** The task configs for {@code props}: each task gets its queues and its index. */
  static List<Map<String, String>> taskConfigs(Map<String, String> props, int maxTasks) {
    List<String> queues = new SqsSourceConfig(props).queueUrls();
    List<List<String>> assignment = QueueAssignment.assign(queues, maxTasks);
    List<Map<String, String>> configs = new ArrayList<>(assignment.size());
    for (int t = 0; t < assignment.size(); t++) {
      Map<String, String> task = new HashMap<>(props);
      task.put(SqsSourceConfig.TASK_QUEUE_URLS_CONFIG, String.join(",", assignment.get(t)));
      TaskName.put(task, t);
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {
    props = null;
  }

  @Override
  public ConfigDef config() {
    return SqsSourceConfig.configDef();
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> values = new LinkedHashMap<>();
    config.configValues().forEach(v -> values.put(v.name(), v));
    ConfigRules.validate(connectorConfigs, values);
    return new Config(new ArrayList<>(values.values()));
  }

  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.UNSUPPORTED;
  }

  @Override
  public ConnectorTransactionBoundaries canDefineTransactionBoundaries(
      Map<String, String> connectorConfig) {
    return ConnectorTransactionBoundaries.UNSUPPORTED;
  }
}
