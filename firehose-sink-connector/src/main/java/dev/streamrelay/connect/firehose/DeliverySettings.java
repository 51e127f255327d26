package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.common.ConfigGroup;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Which delivery streams each topic goes to (group "Firehose delivery"). A topic may name several
 * streams ({@code a|b}); its partitions are spread over them (see {@code delivery.StreamRouter}).
 *
 * @param defaultStreams the streams of every topic the mapping does not name; empty when none
 * @param topicStreams each mapped topic's streams, in configured order
 */
public record DeliverySettings(
    List<String> defaultStreams, Map<String, List<String>> topicStreams) {

  static final String GROUP = "Firehose delivery";

  public static final String DELIVERY_STREAM_CONFIG = "firehose.delivery.stream";
  public static final String TOPIC_STREAMS_CONFIG = "firehose.topic.streams";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .define(
            DELIVERY_STREAM_CONFIG,
            Type.STRING,
            "",
            ConfigValidators.STREAMS_OR_EMPTY,
            Importance.HIGH,
            "Delivery stream for every topic not named in "
                + TOPIC_STREAMS_CONFIG
                + ". Leave empty when the mapping names every topic. Several streams joined by |"
                + " (a|b) spread each such topic by partition, as in "
                + TOPIC_STREAMS_CONFIG
                + ".",
            Width.MEDIUM,
            "Delivery stream")
        .define(
            TOPIC_STREAMS_CONFIG,
            Type.LIST,
            "",
            ConfigValidators.TOPIC_STREAMS,
            Importance.HIGH,
            "Topic-to-stream routing as a list of topic:stream pairs, e.g."
                + " orders:orders-stream,clicks:clicks-a|clicks-b. Topics not listed go to "
                + DELIVERY_STREAM_CONFIG
                + ". Name several streams joined by | (a|b) when one stream's quota (by default"
                + " 5 MiB/s, 2,000 calls/s and 500,000 records/s in us-east-1, us-west-2 and"
                + " eu-west-1; 1 MiB/s and 1,000 calls/s elsewhere) is not enough: each Kafka"
                + " partition goes to one of them (partition number modulo the number of"
                + " streams, so changing the list moves partitions), so give the topic at least"
                + " as many partitions as streams, ideally a multiple.",
            Width.LONG,
            "Topic to stream mapping");
  }

  static DeliverySettings from(AbstractConfig config) {
    String streams = config.getString(DELIVERY_STREAM_CONFIG).trim();
    return new DeliverySettings(
        streams.isEmpty() ? List.of() : ConfigValidators.parseStreams(streams, null),
        ConfigValidators.parseTopicStreams(config.getList(TOPIC_STREAMS_CONFIG)));
  }

  /** Every configured stream once: the default streams first, then the mapping's, in order. */
  public List<String> streams() {
    Set<String> all = new LinkedHashSet<>(defaultStreams);
    topicStreams.values().forEach(all::addAll);
    return List.copyOf(all);
  }

  /** The key that names {@code stream}, for errors about it: the default's key first. */
  public String keyOf(String stream) {
    return defaultStreams.contains(stream) ? DELIVERY_STREAM_CONFIG : TOPIC_STREAMS_CONFIG;
  }
}
