package dev.streamrelay.connect.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.aws.AwsConfigRows;
import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.sqs.record.KeyStrategy;
import dev.streamrelay.connect.sqs.record.ValueFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key of the connector: what it accepts, what it rejects and with which message. */
public class SqsSourceConfigTest {

  static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/events";

  public static Map<String, String> minimal() {
    Map<String, String> props = new HashMap<>();
    props.put(SqsSourceConfig.QUEUE_URLS_CONFIG, QUEUE);
    props.put(SqsSourceConfig.TOPIC_CONFIG, "events");
    return props;
  }

  /** key, value, expected error fragment (null = valid). */
  public static Stream<Arguments> rules() {
    return Stream.concat(ownRules(), sharedAwsRules());
  }

  /**
   * The shared {@code aws.*} keys' table (connect-common's {@link AwsConfigRows}), as this
   * connector exposes them.
   */
  static Stream<Arguments> sharedAwsRules() {
    return AwsConfigRows.rows().stream().map(r -> Arguments.of(r.key(), r.value(), r.fragment()));
  }

  private static Stream<Arguments> ownRules() {
    return Stream.of(
        Arguments.of("sqs.queue.urls", QUEUE, null),
        Arguments.of(
            "sqs.queue.urls",
            QUEUE + ",https://sqs.eu-west-1.amazonaws.com/123456789012/q.fifo",
            null),
        Arguments.of("sqs.queue.urls", "http://localhost:9324/000000000000/local", null),
        Arguments.of("sqs.queue.urls", "", "at least one"),
        Arguments.of("sqs.queue.urls", "events", "not an SQS queue URL"),
        Arguments.of(
            "sqs.queue.urls", "https://sqs.eu-west-1.amazonaws.com/events", "not an SQS queue URL"),
        Arguments.of("sqs.queue.urls", QUEUE + "," + QUEUE, "twice"),
        Arguments.of("kafka.topic", "events", null),
        Arguments.of("kafka.topic", "sqs.${queue}", null),
        Arguments.of("kafka.topic", "bad topic", "topic name"),
        Arguments.of("kafka.topic", "", "topic name"),
        Arguments.of("sqs.max.messages", "1", null),
        Arguments.of("sqs.max.messages", "10", null),
        Arguments.of("sqs.max.messages", "0", "at least 1"),
        Arguments.of("sqs.max.messages", "11", "no more than 10"),
        Arguments.of("sqs.wait.time.seconds", "0", null),
        Arguments.of("sqs.wait.time.seconds", "20", null),
        Arguments.of("sqs.wait.time.seconds", "21", "no more than 20"),
        Arguments.of("sqs.visibility.timeout.seconds", "-1", null),
        Arguments.of("sqs.visibility.timeout.seconds", "43200", null),
        Arguments.of("sqs.visibility.timeout.seconds", "43201", "no more than 43200"),
        Arguments.of("sqs.visibility.timeout.seconds", "-2", "at least -1"),
        Arguments.of("sqs.receive.concurrency", "1", null),
        Arguments.of("sqs.receive.concurrency", "0", "at least 1"),
        Arguments.of("sqs.receive.concurrency", "65", "no more than 64"),
        Arguments.of("sqs.receive.concurrency", "many", "Not a number of type INT"),
        Arguments.of("sqs.max.inflight.messages", "10", null),
        Arguments.of("sqs.max.inflight.messages", "9", "at least 10"),
        Arguments.of("sqs.max.inflight.messages", "120001", "no more than 120000"),
        Arguments.of("sqs.max.inflight.bytes", "1048576", null),
        Arguments.of("sqs.max.inflight.bytes", "1000", "at least 1048576"),
        Arguments.of("sqs.record.key", "auto", null),
        Arguments.of("sqs.record.key", "GROUP_ID", null),
        Arguments.of("sqs.record.key", "partition", "must be one of"),
        Arguments.of("sqs.record.key.attribute", "tenant", null),
        Arguments.of("sqs.record.value.format", "base64", null),
        Arguments.of("sqs.record.value.format", "avro", "must be one of"),
        Arguments.of("sqs.max.record.bytes", "1024", null),
        Arguments.of("sqs.max.record.bytes", "8388608", null),
        Arguments.of("sqs.max.record.bytes", "1023", "at least 1024"),
        Arguments.of("sqs.max.record.bytes", "1MB", "Not a number of type INT"),
        Arguments.of("sqs.invalid.body.action", "leave", null),
        Arguments.of("sqs.invalid.body.action", "drop", "must be one of"),
        Arguments.of("sqs.message.attributes.include", "All", null),
        Arguments.of("sqs.message.attributes.include", "tenant,trace", null),
        Arguments.of("sqs.system.attributes.headers", "false", null),
        Arguments.of(
            "sqs.system.attributes.headers", "maybe", "Expected value to be either true or false"),
        Arguments.of("sqs.delete.messages", "false", null),
        Arguments.of("sqs.delete.messages", "no", "Expected value to be either true or false"),
        Arguments.of("sqs.dropped.records", "delete", null),
        Arguments.of("sqs.dropped.records", "dlq", "must be one of"),
        Arguments.of("sqs.visibility.extension.max.seconds", "0", null),
        Arguments.of("sqs.visibility.extension.max.seconds", "43201", "no more than 43200"),
        Arguments.of("sqs.validate.queue.access", "false", null),
        Arguments.of("sqs.validate.queue.access", "1", "Expected value to be either true or false"),
        Arguments.of("sqs.metrics.log.interval.seconds", "0", null),
        Arguments.of("sqs.metrics.log.interval.seconds", "-1", "at least 0"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("rules")
  void validateAcceptsOrRejectsWithAMessageNamingTheProblem(
      String key, String value, String error) {
    Map<String, String> props = minimal();
    props.put(key, value);

    Map<String, ConfigValue> result = validate(props);

    List<String> all = result.values().stream().flatMap(v -> v.errorMessages().stream()).toList();
    if (error == null) {
      assertThat(all).as("no error anywhere").isEmpty();
    } else {
      assertThat(all)
          .as("errors for %s=%s", key, value)
          .anySatisfy(e -> assertThat(e).contains(error));
    }
  }

  @Test
  void everyKeyHasARuleInTheTable() {
    Set<String> tested = rules().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
    Set<String> documented =
        SqsSourceConfig.configDef().configKeys().values().stream()
            .filter(k -> !k.internalConfig)
            .map(k -> k.name)
            .collect(Collectors.toSet());
    assertThat(tested).containsAll(documented);
  }

  @Test
  void everyDocumentedKeyHasAGroupAndDisplayName() {
    for (ConfigDef.ConfigKey key : SqsSourceConfig.configDef().configKeys().values()) {
      if (!key.internalConfig) {
        assertThat(key.group).as(key.name).isNotBlank();
        assertThat(key.displayName).as(key.name).isNotBlank();
      }
    }
  }

  @Test
  void keyAttributeIsRequiredWhenTheKeyComesFromAnAttribute() {
    Map<String, String> props = minimal();
    props.put(SqsSourceConfig.KEY_CONFIG, "attribute");

    assertThat(validate(props).get(SqsSourceConfig.KEY_ATTRIBUTE_CONFIG).errorMessages())
        .singleElement()
        .asString()
        .contains("sqs.record.key=attribute");
  }

  @Test
  void queuesInSeveralRegionsAreRejected() {
    Map<String, String> props = minimal();
    props.put(
        SqsSourceConfig.QUEUE_URLS_CONFIG,
        QUEUE + ",https://sqs.us-east-1.amazonaws.com/123456789012/other");

    assertThat(validate(props).get(SqsSourceConfig.QUEUE_URLS_CONFIG).errorMessages())
        .singleElement()
        .asString()
        .contains("one connector per Region");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    SqsSourceConfig config = new SqsSourceConfig(minimal());

    assertThat(config.maxMessages()).isEqualTo(10);
    assertThat(config.waitTime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.visibilityTimeout()).isEmpty();
    assertThat(config.receiveConcurrency()).isEqualTo(32);
    assertThat(config.keyStrategy()).isEqualTo(KeyStrategy.AUTO);
    assertThat(config.valueFormat()).isEqualTo(ValueFormat.STRING);
    assertThat(config.attributesInclude()).containsExactly("All");
    assertThat(config.deleteMessages()).isTrue();
    assertThat(config.deleteDroppedRecords()).isFalse();
    assertThat(config.failOnInvalidBody()).isTrue();
    assertThat(config.visibilityExtensionMax()).isEqualTo(Duration.ofHours(1));
    assertThat(config.validateQueueAccess()).isFalse();
    assertThat(config.aws().region()).isNull();
    assertThat(config.aws().accessKeyId()).isNull();
  }

  @Test
  void typedGettersReadTheConfiguredValues() {
    Map<String, String> props = minimal();
    props.put(SqsSourceConfig.TOPIC_CONFIG, "sqs.${queue}");
    props.put(SqsSourceConfig.VISIBILITY_TIMEOUT_CONFIG, "120");
    props.put(SqsSourceConfig.KEY_CONFIG, "ATTRIBUTE");
    props.put(SqsSourceConfig.KEY_ATTRIBUTE_CONFIG, " tenant ");
    props.put(SqsSourceConfig.DROPPED_RECORDS_CONFIG, "delete");
    props.put(AwsConnectionConfig.REGION_CONFIG, "eu-west-1");
    SqsSourceConfig config = new SqsSourceConfig(props);

    assertThat(config.topicFor("orders.fifo")).isEqualTo("sqs.orders.fifo");
    assertThat(config.visibilityTimeout()).contains(Duration.ofSeconds(120));
    assertThat(config.keyStrategy()).isEqualTo(KeyStrategy.ATTRIBUTE);
    assertThat(config.keyAttribute()).isEqualTo("tenant");
    assertThat(config.deleteDroppedRecords()).isTrue();
    assertThat(config.aws().region()).isEqualTo("eu-west-1");
    assertThat(config.taskQueueUrls()).containsExactly(QUEUE);
    assertThat(Optional.of(config.connectorName())).contains("sqs-source");
  }

  @Test
  void secretsAreHiddenWhenTheConfigIsPrinted() {
    Map<String, String> props = minimal();
    props.put(AwsConnectionConfig.ACCESS_KEY_ID_CONFIG, "AKIAEXAMPLE");
    props.put(AwsConnectionConfig.SECRET_ACCESS_KEY_CONFIG, "very-secret");
    SqsSourceConfig config = new SqsSourceConfig(props);

    assertThat(config.toString()).doesNotContain("very-secret").doesNotContain("AKIAEXAMPLE");
    assertThat(config.aws().toString()).doesNotContain("very-secret").doesNotContain("AKIAEXAMPLE");
  }

  static Map<String, ConfigValue> validate(Map<String, String> props) {
    Map<String, ConfigValue> byName = new HashMap<>();
    new SqsSourceConnector().validate(props).configValues().forEach(v -> byName.put(v.name(), v));
    return byName;
  }
}
