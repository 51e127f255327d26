package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.aws.AwsConfigRows;
import dev.streamrelay.connect.firehose.format.NullValueBehavior;
import dev.streamrelay.connect.firehose.format.OutputFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FirehoseSinkConfigTest {

  /**
   * One row per rule: the properties set on top of a valid base, the key expected to carry an error
   * (null when the config must be valid) and a fragment of that error.
   */
  record Case(String key, Map<String, String> set, String errorKey, String fragment) {
    @Override
    public String toString() {
      return set + (errorKey == null ? " is valid" : " -> error on " + errorKey);
    }
  }

  static Case ok(String key, String value) {
    return new Case(key, Map.of(key, value), null, null);
  }

  static Case bad(String key, String value, String fragment) {
    return new Case(key, Map.of(key, value), key, fragment);
  }

  static Case rule(String key, Map<String, String> set, String errorKey, String fragment) {
    return new Case(key, set, errorKey, fragment);
  }

  static final List<Case> CASES =
      Stream.concat(ownCases().stream(), sharedAwsCases().stream()).toList();

  /**
   * The shared {@code aws.*} keys' table (connect-common's {@link AwsConfigRows}), as this
   * connector exposes them.
   */
  static List<Case> sharedAwsCases() {
    return AwsConfigRows.rows().stream()
        .map(r -> rule(r.key(), Map.of(r.key(), r.value()), r.errorKey(), r.fragment()))
        .toList();
  }

  private static List<Case> ownCases() {
    return List.of(
        ok("firehose.delivery.stream", "orders-stream.v2"),
        bad("firehose.delivery.stream", "no spaces allowed", "delivery stream name"),
        ok("firehose.topic.streams", "orders:orders-stream, clicks:clicks"),
        bad("firehose.topic.streams", "orders", "not topic:stream"),
        bad("firehose.topic.streams", "a:x,a:y", "mapped twice"),
        bad("firehose.topic.streams", "a:bad stream", "not a delivery stream name"),
        // One topic spread over several streams.
        ok("firehose.topic.streams", "orders:orders-a|orders-b , clicks:clicks"),
        ok("firehose.delivery.stream", "events-a | events-b|events-c"),
        bad("firehose.topic.streams", "orders:a||b", "empty stream name in 'a||b' of topic"),
        bad("firehose.topic.streams", "orders:a|", "empty stream name"),
        bad("firehose.topic.streams", "orders:a|b|a", "'a' is listed twice for topic 'orders'"),
        bad("firehose.topic.streams", "orders:a|bad stream", "'bad stream' of topic 'orders'"),
        bad("firehose.delivery.stream", "events|events", "'events' is listed twice"),
        bad("firehose.delivery.stream", "|events", "empty stream name"),
        ok("firehose.output.format", "ENVELOPE"),
        bad("firehose.output.format", "xml", "xml"),
        ok("firehose.record.delimiter", "\\r\\n"),
        bad("firehose.record.delimiter", "", "empty"),
        bad("firehose.record.delimiter", "\\q", "unknown escape"),
        ok("behavior.on.null.values", "write"),
        bad("behavior.on.null.values", "drop", "drop"),
        ok("firehose.aggregation.enabled", "false"),
        bad("firehose.aggregation.enabled", "maybe", "true or false"),
        ok("firehose.aggregation.max.bytes", "1024000"),
        bad("firehose.aggregation.max.bytes", "1024001", "1024000"),
        bad("firehose.aggregation.max.bytes", "0", "at least 1"),
        ok("firehose.aggregation.max.records", "0"),
        ok("firehose.aggregation.max.records", "500"),
        bad("firehose.aggregation.max.records", "501", "500"),
        ok("firehose.batch.max.records", "500"),
        bad("firehose.batch.max.records", "501", "500"),
        bad("firehose.batch.max.records", "0", "at least 1"),
        ok("firehose.batch.max.bytes", "4194304"),
        bad("firehose.batch.max.bytes", "4194305", "4194304"),
        bad("firehose.batch.max.bytes", "1023999", "1024000"),
        ok("firehose.linger.ms", "0"),
        bad("firehose.linger.ms", "-1", "at least 0"),
        ok("firehose.max.inflight.batches", "1"),
        bad("firehose.max.inflight.batches", "65", "64"),
        ok("firehose.retry.backoff.initial.ms", "1"),
        bad("firehose.retry.backoff.initial.ms", "0", "at least 1"),
        rule(
            "firehose.retry.backoff.initial.ms",
            Map.of(
                "firehose.retry.backoff.initial.ms", "500", "firehose.retry.backoff.max.ms", "100"),
            "firehose.retry.backoff.initial.ms",
            "must not exceed firehose.retry.backoff.max.ms"),
        ok("firehose.retry.backoff.max.ms", "300000"),
        bad("firehose.retry.backoff.max.ms", "300001", "300000"),
        ok("firehose.retry.max.time.ms", "0"),
        bad("firehose.retry.max.time.ms", "-1", "at least 0"),
        ok("firehose.rate.limit.records.per.second", "1000"),
        bad("firehose.rate.limit.records.per.second", "-1", "at least 0"),
        ok("firehose.rate.limit.bytes.per.second", "1048576"),
        bad("firehose.rate.limit.bytes.per.second", "-5", "at least 0"),
        ok("firehose.validate.stream", "false"),
        bad("firehose.validate.stream", "sometimes", "true or false"),
        ok("firehose.metrics.log.interval.seconds", "0"),
        bad("firehose.metrics.log.interval.seconds", "86401", "86400"),
        ok("firehose.schema.guard", "off"),
        ok("firehose.schema.guard", "AUTO"),
        bad("firehose.schema.guard", "strict", "strict"),
        ok("firehose.schema.evolution.enabled", "true"),
        bad("firehose.schema.evolution.enabled", "often", "true or false"),
        ok("firehose.schema.glue.endpoint.url", "https://glue.eu-west-1.amazonaws.com"),
        bad("firehose.schema.glue.endpoint.url", "ftp://glue", "http"),
        // Rules across keys: where records go.
        rule(
            "firehose.delivery.stream",
            Map.of("firehose.delivery.stream", ""),
            "firehose.delivery.stream",
            "records need a delivery stream"),
        rule(
            "firehose.topic.streams",
            Map.of(
                "firehose.delivery.stream", "",
                "topics", "orders,clicks",
                "firehose.topic.streams", "orders:o"),
            "firehose.topic.streams",
            "'clicks' has no stream"),
        rule(
            "firehose.topic.streams",
            Map.of(
                "firehose.delivery.stream", "",
                "topics", "orders,clicks",
                "firehose.topic.streams", "orders:o,clicks:c"),
            null,
            null),
        rule(
            "firehose.topic.streams",
            Map.of(
                "firehose.delivery.stream", "",
                "topics", "orders,clicks",
                "firehose.topic.streams", "orders:o1|o2,clicks:c"),
            null,
            null),
        rule(
            "firehose.topic.streams",
            Map.of(
                "firehose.delivery.stream", "",
                "topics", "orders,clicks",
                "firehose.topic.streams", "orders:o1|o2"),
            "firehose.topic.streams",
            "'clicks' has no stream"),
        rule(
            "firehose.delivery.stream",
            Map.of(
                "firehose.delivery.stream", "",
                "topics", "",
                "topics.regex", "orders.*",
                "firehose.topic.streams", "orders:o"),
            "firehose.delivery.stream",
            "topics.regex"));
  }

  static Stream<Arguments> cases() {
    return CASES.stream().map(Arguments::of);
  }

  static Map<String, String> base() {
    Map<String, String> p = new HashMap<>();
    p.put("connector.class", FirehoseSinkConnector.class.getName());
    p.put("topics", "orders");
    p.put("firehose.delivery.stream", "orders-stream");
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validatesEachRuleOnTheKeyToFix(Case c) {
    Map<String, String> props = base();
    props.putAll(c.set());
    Map<String, ConfigValue> values =
        new FirehoseSinkConnector()
            .validate(props).configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, v -> v));
    List<String> withErrors =
        values.values().stream()
            .filter(v -> !v.errorMessages().isEmpty())
            .map(v -> v.name() + ": " + v.errorMessages())
            .toList();
    if (c.errorKey() == null) {
      assertThat(withErrors).isEmpty();
    } else {
      assertThat(values.get(c.errorKey()).errorMessages())
          .as("errors on %s (all errors: %s)", c.errorKey(), withErrors)
          .anyMatch(m -> m.contains(c.fragment()));
    }
  }

  @Test
  void everyConfigKeyHasATestCase() {
    Set<String> tested = CASES.stream().map(Case::key).collect(Collectors.toSet());
    Set<String> untested = new TreeSet<>(FirehoseSinkConfig.configDef().names());
    untested.removeAll(tested);
    assertThat(untested).as("config keys without a row in CASES").isEmpty();
  }

  @Test
  void everyKeyIsDocumentedGroupedAndOrdered() {
    for (ConfigDef.ConfigKey key : FirehoseSinkConfig.configDef().configKeys().values()) {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.orderInGroup).as(key.name).isPositive();
      assertThat(key.displayName).as(key.name).isNotBlank();
    }
    ConfigDef.ConfigKey format =
        FirehoseSinkConfig.configDef().configKeys().get("firehose.output.format");
    assertThat(format.recommender.validValues("firehose.output.format", Map.of()))
        .containsExactly("value", "envelope");
  }

  @Test
  void typedGettersReadDefaultsAndValues() {
    FirehoseSinkConfig defaults = new FirehoseSinkConfig(base());
    assertThat(defaults.outputFormat()).isEqualTo(OutputFormat.VALUE);
    assertThat(defaults.nullValueBehavior()).isEqualTo(NullValueBehavior.IGNORE);
    assertThat(defaults.recordDelimiter()).containsExactly('\n');
    assertThat(defaults.aggregationEnabled()).isTrue();
    assertThat(defaults.aggregationMaxBytes()).isEqualTo(1_024_000);
    assertThat(defaults.aggregationMaxRecords()).isZero();
    assertThat(defaults.batchMaxRecords()).isEqualTo(500);
    assertThat(defaults.batchMaxBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(defaults.linger()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.maxInflightBatches()).isEqualTo(4);
    assertThat(defaults.retryBackoffInitial()).isEqualTo(Duration.ofMillis(100));
    assertThat(defaults.retryBackoffMax()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.retryMaxTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.rateLimitRecordsPerSecond()).isZero();
    assertThat(defaults.rateLimitBytesPerSecond()).isZero();
    assertThat(defaults.validateStream()).isFalse();
    assertThat(defaults.metricsLogInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.defaultStreams()).containsExactly("orders-stream");
    assertThat(defaults.topicStreams()).isEmpty();

    Map<String, String> p = base();
    p.put("firehose.delivery.stream", " ");
    p.put("firehose.topic.streams", "orders:o, clicks:c");
    p.put("firehose.output.format", "Envelope");
    p.put("behavior.on.null.values", "FAIL");
    p.put("firehose.record.delimiter", "\\t");
    FirehoseSinkConfig c = new FirehoseSinkConfig(p);
    assertThat(c.defaultStreams()).isEmpty();
    assertThat(c.topicStreams())
        .containsExactly(Map.entry("orders", List.of("o")), Map.entry("clicks", List.of("c")));
    assertThat(c.outputFormat()).isEqualTo(OutputFormat.ENVELOPE);
    assertThat(c.nullValueBehavior()).isEqualTo(NullValueBehavior.FAIL);
    assertThat(c.recordDelimiter()).containsExactly('\t');
  }
}
