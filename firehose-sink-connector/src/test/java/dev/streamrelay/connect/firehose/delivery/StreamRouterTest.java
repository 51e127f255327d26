package dev.streamrelay.connect.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class StreamRouterTest {

  private static StreamRouter router(List<String> defaults, String... topicAndStreams) {
    Map<String, List<String>> mapping = new LinkedHashMap<>();
    for (int i = 0; i < topicAndStreams.length; i += 2) {
      mapping.put(topicAndStreams[i], List.of(topicAndStreams[i + 1].split("\\|")));
    }
    return new StreamRouter(mapping, defaults);
  }

  @Test
  void aTopicWithOneStreamSendsEveryPartitionThere() {
    StreamRouter r = router(List.of("events"), "clicks", "clickstream");
    for (int p = 0; p < 8; p++) {
      assertThat(r.streamFor("clicks", p)).isEqualTo("clickstream");
      assertThat(r.streamFor("orders", p)).isEqualTo("events");
    }
  }

  @Test
  void spreadsPartitionsOverTheStreamsByPartitionNumberModuloTheirCount() {
    StreamRouter r = router(List.of(), "orders", "a|b|c");
    Map<Integer, String> byPartition = new TreeMap<>();
    for (int p = 0; p < 7; p++) {
      byPartition.put(p, r.streamFor("orders", p));
    }
    assertThat(byPartition)
        .containsExactly(
            Map.entry(0, "a"),
            Map.entry(1, "b"),
            Map.entry(2, "c"),
            Map.entry(3, "a"),
            Map.entry(4, "b"),
            Map.entry(5, "c"),
            Map.entry(6, "a"));
    assertThat(r.streamsFor("orders")).containsExactly("a", "b", "c");
  }

  @Test
  void aPartitionGoesToTheSameStreamInEveryRouterBuiltFromTheSameConfig() {
    // Tasks, restarts and rebalances each build their own router: the choice must not depend on
    // which task routes, or on the order records arrive in.
    StreamRouter first = router(List.of(), "orders", "a|b");
    StreamRouter second = router(List.of(), "orders", "a|b");
    for (int p = 99; p >= 0; p--) {
      assertThat(second.streamFor("orders", p)).isEqualTo(first.streamFor("orders", p));
    }
  }

  @Test
  void theDefaultStreamsSpreadUnmappedTopicsToo() {
    StreamRouter r = router(List.of("events-a", "events-b"), "clicks", "clickstream");
    assertThat(r.streamFor("orders", 0)).isEqualTo("events-a");
    assertThat(r.streamFor("orders", 1)).isEqualTo("events-b");
    assertThat(r.streamFor("other", 5)).isEqualTo("events-b");
    assertThat(r.streamFor("clicks", 1)).isEqualTo("clickstream");
  }

  @Test
  void aTopicWithoutAStreamIsAnErrorNamingTheTopicAndTheKeys() {
    StreamRouter r = router(List.of(), "orders", "a|b");
    assertThatThrownBy(() -> r.streamFor("other", 0))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("'other'")
        .hasMessageContaining("firehose.topic.streams")
        .hasMessageContaining("firehose.delivery.stream");
  }
}
