package dev.streamrelay.connect.firehose;

import static dev.streamrelay.connect.firehose.FirehoseSinkConfig.BACKOFF_INITIAL_MS_CONFIG;
import static dev.streamrelay.connect.firehose.FirehoseSinkConfig.BACKOFF_MAX_MS_CONFIG;
import static dev.streamrelay.connect.firehose.FirehoseSinkConfig.DELIVERY_STREAM_CONFIG;
import static dev.streamrelay.connect.firehose.FirehoseSinkConfig.TOPIC_STREAMS_CONFIG;

import dev.streamrelay.connect.aws.AwsClientFactory;
import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.common.HeaderConverterRule;
import dev.streamrelay.connect.firehose.delivery.StreamCheck;
import dev.streamrelay.connect.firehose.schema.Conversion;
import dev.streamrelay.connect.firehose.schema.TableRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkTask;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** The rules of {@code validate()} that span keys, and the optional live stream check. */
final class ConfigRules {

  private ConfigRules() {}

  /** Adds cross-key errors to {@code values}, each on the key to fix. */
  static void validate(Map<String, String> props, Map<String, ConfigValue> values) {
    AwsConnectionConfig.validateCrossField(values);
    HeaderConverterRule.validate(props, values);
    if (hasErrors(values, DELIVERY_STREAM_CONFIG, TOPIC_STREAMS_CONFIG)) {
      return;
    }
    String defaultStream = props.getOrDefault(DELIVERY_STREAM_CONFIG, "").trim();
    Map<String, List<String>> mapping =
        ConfigValidators.parseTopicStreams(list(props.get(TOPIC_STREAMS_CONFIG)));
    if (defaultStream.isEmpty() && mapping.isEmpty()) {
      AwsConnectionConfig.addError(
          values,
          DELIVERY_STREAM_CONFIG,
          "Set "
              + DELIVERY_STREAM_CONFIG
              + " or "
              + TOPIC_STREAMS_CONFIG
              + ": records need a delivery stream.");
    } else if (defaultStream.isEmpty()) {
      String regex = props.getOrDefault(SinkTask.TOPICS_REGEX_CONFIG, "").trim();
      if (!regex.isEmpty()) {
        AwsConnectionConfig.addError(
            values,
            DELIVERY_STREAM_CONFIG,
            "With "
                + SinkTask.TOPICS_REGEX_CONFIG
                + " the topics are not known in advance:"
                + " set "
                + DELIVERY_STREAM_CONFIG
                + " for topics the mapping does not name.");
      }
      for (String topic : list(props.get(SinkConnector.TOPICS_CONFIG))) {
        if (!mapping.containsKey(topic)) {
          AwsConnectionConfig.addError(
              values,
              TOPIC_STREAMS_CONFIG,
              "Topic '"
                  + topic
                  + "' has no stream: add "
                  + topic
                  + ":<stream> or set "
                  + DELIVERY_STREAM_CONFIG
                  + ".");
        }
      }
    }
    if (!hasErrors(values, BACKOFF_INITIAL_MS_CONFIG, BACKOFF_MAX_MS_CONFIG)
        && Long.parseLong(valueOf(values, BACKOFF_INITIAL_MS_CONFIG))
            > Long.parseLong(valueOf(values, BACKOFF_MAX_MS_CONFIG))) {
      AwsConnectionConfig.addError(
          values,
          BACKOFF_INITIAL_MS_CONFIG,
          BACKOFF_INITIAL_MS_CONFIG + " must not exceed " + BACKOFF_MAX_MS_CONFIG + ".");
    }
  }

  /** DescribeDeliveryStream on every configured stream, errors on the key that names it. */
  static void checkStreams(FirehoseSinkConfig config, Map<String, ConfigValue> values) {
    try (AwsClientFactory factory = new AwsClientFactory(config.aws(), "firehose-sink");
        FirehoseClient client =
            factory.build(FirehoseClient.builder(), null, 2, Duration.ofSeconds(20))) {
      StreamCheck check = new StreamCheck(client, factory.region(null).id());
      for (String stream : config.streams()) {
        check
            .problem(stream)
            .ifPresent(p -> AwsConnectionConfig.addError(values, config.keyOfStream(stream), p));
      }
    }
  }

  /**
   * The schema guard checks a topic's records against one table, so the streams one topic is spread
   * over must convert records alike: all with the same Glue table and key case rule, or none of
   * them. Streams missing from {@code conversions} (not described) are not compared.
   *
   * @param conversions each described stream's conversion (empty: it does not convert)
   * @return each problem, keyed by the key that spreads the topic
   */
  static Map<String, List<String>> spreadConversionProblems(
      FirehoseSinkConfig config, Map<String, Optional<Conversion>> conversions) {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    compareSpread(
        "the topics " + DELIVERY_STREAM_CONFIG + " serves",
        config.defaultStreams(),
        conversions,
        p -> problems.computeIfAbsent(DELIVERY_STREAM_CONFIG, k -> new ArrayList<>()).add(p));
    config
        .topicStreams()
        .forEach(
            (topic, streams) ->
                compareSpread(
                    "topic '" + topic + "'",
                    streams,
                    conversions,
                    p ->
                        problems
                            .computeIfAbsent(TOPIC_STREAMS_CONFIG, k -> new ArrayList<>())
                            .add(p)));
    return problems;
  }

  /** How Firehose reads a stream's records into columns: the table and the key case rule. */
  private record Reads(TableRef table, boolean caseInsensitive) {
    static Reads of(Conversion c) {
      return new Reads(c.table(), c.caseInsensitive());
    }

    String describe() {
      return "converts them with "
          + table.describe()
          + (caseInsensitive ? "" : " (case-sensitive keys)");
    }
  }

  private static void compareSpread(
      String whose,
      List<String> streams,
      Map<String, Optional<Conversion>> conversions,
      Consumer<String> problem) {
    List<String> described = streams.stream().filter(conversions::containsKey).toList();
    if (described.size() < 2) {
      return;
    }
    String first = described.get(0);
    Optional<Reads> reads = conversions.get(first).map(Reads::of);
    for (String other : described.subList(1, described.size())) {
      Optional<Reads> otherReads = conversions.get(other).map(Reads::of);
      if (!otherReads.equals(reads)) {
        problem.accept(
            "The streams of "
                + whose
                + " convert records differently: '"
                + first
                + "' "
                + reads.map(Reads::describe).orElse("does not convert them")
                + ", '"
                + other
                + "' "
                + otherReads.map(Reads::describe).orElse("does not convert them")
                + ". The schema guard checks a topic's records against one table: spread a topic"
                + " only over streams that convert with the same table and SerDe case rule, or"
                + " only over streams that do not convert.");
      }
    }
  }

  static boolean hasErrors(Map<String, ConfigValue> values, String... keys) {
    return Arrays.stream(keys)
        .map(values::get)
        .anyMatch(v -> v != null && !v.errorMessages().isEmpty());
  }

  private static String valueOf(Map<String, ConfigValue> values, String key) {
    return String.valueOf(values.get(key).value());
  }

  private static List<String> list(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
