package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.aws.AwsClientFactory;
import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.common.HeaderConverterRule;
import dev.streamrelay.connect.sqs.record.KeyStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The source's rules that span keys, each stated once: {@code validate()} attaches their messages
 * to the key to fix, and {@link SqsSourceConfig} raises the same message for a config that skipped
 * validation. Also the optional live check that every queue can be read.
 */
final class ConfigRules {

  private ConfigRules() {}

  /** Adds cross-key errors to {@code values}, then checks queue access when asked to and clean. */
  static void validate(Map<String, String> props, Map<String, ConfigValue> values) {
    AwsConnectionConfig.validateCrossField(values);
    HeaderConverterRule.validate(props, values);
    Object key = values.get(MappingSettings.KEY_CONFIG).value();
    String attribute = props.getOrDefault(MappingSettings.KEY_ATTRIBUTE_CONFIG, "").trim();
    keyAttributeProblem(key == null ? "" : key.toString(), attribute)
        .ifPresent(
            m -> AwsConnectionConfig.addError(values, MappingSettings.KEY_ATTRIBUTE_CONFIG, m));
    if (values.get(QueueSettings.QUEUE_URLS_CONFIG).errorMessages().isEmpty()) {
      validateOneRegion(values);
    }
    boolean clean = values.values().stream().allMatch(v -> v.errorMessages().isEmpty());
    if (clean
        && Boolean.TRUE.equals(
            values.get(OperationsSettings.VALIDATE_QUEUE_ACCESS_CONFIG).value())) {
      validateQueueAccess(props, values);
    }
  }

  /**
   * sqs.record.key=attribute needs sqs.record.key.attribute: the message when {@code key} (its
   * config spelling) and {@code attribute} break the rule.
   */
  static Optional<String> keyAttributeProblem(String key, String attribute) {
    if (KeyStrategy.ATTRIBUTE.configValue().equalsIgnoreCase(key.trim()) && attribute.isEmpty()) {
      return Optional.of(
          "Name the message attribute to use as the key, or choose another sqs.record.key:"
              + " sqs.record.key=attribute needs it.");
    }
    return Optional.empty();
  }

  private static void validateOneRegion(Map<String, ConfigValue> values) {
    @SuppressWarnings("unchecked")
    List<String> urls = (List<String>) values.get(QueueSettings.QUEUE_URLS_CONFIG).value();
    Set<String> regions =
        urls.stream()
            .map(QueueUrl::parse)
            .map(QueueUrl::region)
            .filter(r -> r != null)
            .collect(Collectors.toSet());
    if (regions.size() > 1) {
      AwsConnectionConfig.addError(
          values,
          QueueSettings.QUEUE_URLS_CONFIG,
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
          AwsConnectionConfig.addError(values, QueueSettings.QUEUE_URLS_CONFIG, e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      AwsConnectionConfig.addError(
          values,
          QueueSettings.QUEUE_URLS_CONFIG,
          "Could not check queue access: "
              + e.getMessage()
              + ". Fix the AWS connection settings or set sqs.validate.queue.access=false.");
    }
  }
}
