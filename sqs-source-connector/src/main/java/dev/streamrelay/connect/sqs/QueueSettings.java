package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.common.ConfigGroup;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The queues a connector reads and the topic their messages go to (group "Queues and topics"). */
public record QueueSettings(List<String> queueUrls, String topic) {

  static final String GROUP = "Queues and topics";

  public static final String QUEUE_PLACEHOLDER = "${queue}";

  public static final String QUEUE_URLS_CONFIG = "sqs.queue.urls";
  public static final String TOPIC_CONFIG = "kafka.topic";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .define(
            QUEUE_URLS_CONFIG,
            Type.LIST,
            ConfigDef.NO_DEFAULT_VALUE,
            new QueueUrlsValidator(),
            Importance.HIGH,
            "Comma-separated SQS queue URLs to read, standard or FIFO, e.g."
                + " https://sqs.eu-west-1.amazonaws.com/123456789012/events. Queues are shared fairly"
                + " between tasks; with more tasks than queues, several tasks read the same queue.",
            Width.LONG,
            "Queue URLs")
        .define(
            TOPIC_CONFIG,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            new TopicValidator(),
            Importance.HIGH,
            "Kafka topic the messages are written to. The placeholder "
                + QUEUE_PLACEHOLDER
                + " is replaced by the queue name, giving one topic per queue, e.g. sqs."
                + QUEUE_PLACEHOLDER
                + ".",
            Width.MEDIUM,
            "Kafka topic");
  }

  static QueueSettings from(AbstractConfig config) {
    return new QueueSettings(config.getList(QUEUE_URLS_CONFIG), config.getString(TOPIC_CONFIG));
  }

  /** The topic of {@code queueName}. */
  public String topicFor(String queueName) {
    return topic.replace(QUEUE_PLACEHOLDER, queueName);
  }

  /** Each entry must be an SQS queue URL: http(s)://host/account-id/queue-name. */
  static final class QueueUrlsValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> urls = (List<String>) value;
      if (urls == null || urls.isEmpty()) {
        throw new ConfigException(name, value, "must list at least one SQS queue URL");
      }
      for (String url : urls) {
        try {
          QueueUrl.parse(url);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, url, e.getMessage());
        }
      }
      if (urls.stream().distinct().count() != urls.size()) {
        throw new ConfigException(name, value, "lists a queue twice: list each queue once");
      }
    }

    @Override
    public String toString() {
      return "one or more queue URLs, e.g. https://sqs.<region>.amazonaws.com/<account>/<queue>";
    }
  }

  /** A Kafka topic name (after substituting the queue placeholder with a legal name). */
  static final class TopicValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String topic = value == null ? "" : value.toString().replace(QUEUE_PLACEHOLDER, "queue");
      if (topic.isEmpty() || topic.length() > 249 || !topic.matches("[a-zA-Z0-9._-]+")) {
        throw new ConfigException(
            name,
            value,
            "must be a Kafka topic name of 1-249 characters from [a-zA-Z0-9._-], optionally with "
                + QUEUE_PLACEHOLDER);
      }
    }

    @Override
    public String toString() {
      return "a topic name, may contain " + QUEUE_PLACEHOLDER;
    }
  }
}
