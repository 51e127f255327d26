package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.aws.AwsClientFactory;
import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.aws.HeaderConverterRule;
import dev.streamrelay.connect.aws.TaskName;
import dev.streamrelay.connect.aws.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    AwsConnectionConfig.validateCrossField(values);
    HeaderConverterRule.validate(connectorConfigs, values);
    validateKeyAttribute(connectorConfigs, values);
    boolean queuesValid = values.get(SqsSourceConfig.QUEUE_URLS_CONFIG).errorMessages().isEmpty();
    if (queuesValid) {
      validateOneRegion(values);
    }
    boolean clean = values.values().stream().allMatch(v -> v.errorMessages().isEmpty());
    if (clean
        && Boolean.TRUE.equals(values.get(SqsSourceConfig.VALIDATE_QUEUE_ACCESS_CONFIG).value())) {
      validateQueueAccess(connectorConfigs, values);
    }
    return new Config(new ArrayList<>(values.values()));
  }

  private static void validateKeyAttribute(
      Map<String, String> configs, Map<String, ConfigValue> values) {
    Object key = values.get(SqsSourceConfig.KEY_CONFIG).value();
    String attribute = configs.getOrDefault(SqsSourceConfig.KEY_ATTRIBUTE_CONFIG, "").trim();
    if (key != null && "attribute".equalsIgnoreCase(key.toString()) && attribute.isEmpty()) {
      AwsConnectionConfig.addError(
          values,
          SqsSourceConfig.KEY_ATTRIBUTE_CONFIG,
          "Name the message attribute to use as the key, or choose another sqs.record.key:"
              + " sqs.record.key=attribute needs it.");
    }
  }

  private static void validateOneRegion(Map<String, ConfigValue> values) {
    @SuppressWarnings("unchecked")
    List<String> urls = (List<String>) values.get(SqsSourceConfig.QUEUE_URLS_CONFIG).value();
    Set<String> regions =
        urls.stream()
            .map(QueueUrl::parse)
            .map(QueueUrl::region)
            .filter(r -> r != null)
            .collect(Collectors.toSet());
    if (regions.size() > 1) {
      AwsConnectionConfig.addError(
          values,
          SqsSourceConfig.QUEUE_URLS_CONFIG,
          "The queues are in several Regions "
              + regions
              + "; one connector reads one Region: create one connector per Region.");
    }
  }

  private static void validateQueueAccess(
      Map<String, String> configs, Map<String, ConfigValue> values) {
    SqsSourceConfig config = new SqsSourceConfig(configs);
    QueueUrl first = QueueUrl.parse(config.queueUrls().get(0));
    try (AwsClientFactory factory = new AwsClientFactory(config.aws(), "sqs-source");
        SqsClient sqs =
            factory.build(SqsClient.builder(), first.region(), 2, Duration.ofSeconds(30))) {
      QueueInspector inspector = new QueueInspector(sqs);
      for (String url : config.queueUrls()) {
        try {
          inspector.attributes(QueueUrl.parse(url));
        } catch (ConnectException e) {
          AwsConnectionConfig.addError(values, SqsSourceConfig.QUEUE_URLS_CONFIG, e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      AwsConnectionConfig.addError(
          values,
          SqsSourceConfig.QUEUE_URLS_CONFIG,
          "Could not check queue access: "
              + e.getMessage()
              + ". Fix the AWS connection settings or set sqs.validate.queue.access=false.");
    }
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
