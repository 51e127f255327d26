package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.firehose.schema.Conversion;
import dev.streamrelay.connect.firehose.schema.TableRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The schema guard's rule for a topic spread over several streams: they convert alike. */
class ConfigRulesSpreadTest {

  private static FirehoseSinkConfig config(String defaults, String mapping) {
    return new FirehoseSinkConfig(
        Map.of(
            FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, defaults,
            FirehoseSinkConfig.TOPIC_STREAMS_CONFIG, mapping));
  }

  private static Optional<Conversion> converts(
      String stream, String table, boolean caseInsensitive) {
    return Optional.of(
        new Conversion(
            stream,
            new TableRef(null, null, "analytics", table, null),
            caseInsensitive,
            "Parquet"));
  }

  private static Map<String, Optional<Conversion>> conversions(Object... streamAndConversion) {
    Map<String, Optional<Conversion>> m = new HashMap<>();
    for (int i = 0; i < streamAndConversion.length; i += 2) {
      @SuppressWarnings("unchecked")
      Optional<Conversion> c = (Optional<Conversion>) streamAndConversion[i + 1];
      m.put((String) streamAndConversion[i], c);
    }
    return m;
  }

  @Test
  void streamsOfOneTopicConvertingWithTheSameTableAreFine() {
    FirehoseSinkConfig c = config("", "orders:a|b,clicks:c");
    Map<String, List<String>> problems =
        ConfigRules.spreadConversionProblems(
            c,
            conversions(
                "a", converts("a", "orders", true),
                "b", converts("b", "orders", true),
                "c", converts("c", "clicks", true)));
    assertThat(problems).isEmpty();
  }

  @Test
  void streamsOfOneTopicThatDoNotConvertAtAllAreFine() {
    FirehoseSinkConfig c = config("", "orders:a|b");
    assertThat(
            ConfigRules.spreadConversionProblems(
                c, conversions("a", Optional.empty(), "b", Optional.empty())))
        .isEmpty();
  }

  @Test
  void differentTablesForOneTopicAreAnErrorOnTheMappingNamingBothStreamsAndTables() {
    FirehoseSinkConfig c = config("", "orders:a|b");
    Map<String, List<String>> problems =
        ConfigRules.spreadConversionProblems(
            c,
            conversions("a", converts("a", "orders", true), "b", converts("b", "orders_v2", true)));
    assertThat(problems).containsOnlyKeys(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG);
    assertThat(problems.get(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG))
        .singleElement()
        .asString()
        .contains("topic 'orders'")
        .contains("'a' converts them with Glue table analytics.orders")
        .contains("'b' converts them with Glue table analytics.orders_v2")
        .contains("same table");
  }

  @Test
  void oneConvertingAndOneNotIsAnError() {
    FirehoseSinkConfig c = config("", "orders:a|b");
    assertThat(
            ConfigRules.spreadConversionProblems(
                c, conversions("a", Optional.empty(), "b", converts("b", "orders", true))))
        .extractingByKey(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG)
        .asList()
        .singleElement()
        .asString()
        .contains("'a' does not convert them")
        .contains("'b' converts them with");
  }

  @Test
  void aDifferentKeyCaseRuleIsAnError() {
    FirehoseSinkConfig c = config("", "orders:a|b");
    assertThat(
            ConfigRules.spreadConversionProblems(
                c,
                conversions(
                    "a", converts("a", "orders", true), "b", converts("b", "orders", false))))
        .extractingByKey(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG)
        .asList()
        .singleElement()
        .asString()
        .contains("case-sensitive keys");
  }

  @Test
  void theDefaultStreamsAreComparedAndTheErrorIsOnTheirKey() {
    FirehoseSinkConfig c = config("e1|e2", "");
    assertThat(
            ConfigRules.spreadConversionProblems(
                c, conversions("e1", converts("e1", "x", true), "e2", converts("e2", "y", true))))
        .containsOnlyKeys(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG);
  }

  @Test
  void streamsThatCouldNotBeDescribedAreNotCompared() {
    FirehoseSinkConfig c = config("", "orders:a|b");
    assertThat(ConfigRules.spreadConversionProblems(c, conversions("a", converts("a", "t", true))))
        .isEmpty();
  }
}
