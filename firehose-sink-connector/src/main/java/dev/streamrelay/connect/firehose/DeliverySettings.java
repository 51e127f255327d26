package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.common.ConfigGroup;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Which delivery stream each topic goes to (group "Firehose delivery"). */
public record DeliverySettings(String defaultStream, Map<String, String> topicStreams) {

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
            ConfigValidators.STREAM_NAME_OR_EMPTY,
            Importance.HIGH,
            "Delivery stream for every topic not named in firehose.topic.streams. Leave empty when the"
                + " mapping names every topic.",
            Width.MEDIUM,
            "Delivery stream")
        .define(
            TOPIC_STREAMS_CONFIG,
            Type.LIST,
            "",
            ConfigValidators.TOPIC_STREAMS,
            Importance.HIGH,
            "Topic-to-stream routing as a list of topic:stream pairs, e.g."
                + " orders:orders-stream,clicks:clicks-stream. Topics not listed go to "
                + DELIVERY_STREAM_CONFIG
                + ".",
            Width.LONG,
            "Topic to stream mapping");
  }

  static DeliverySettings from(AbstractConfig config) {
    String stream = config.getString(DELIVERY_STREAM_CONFIG).trim();
    return new DeliverySettings(
        stream.isEmpty() ? null : stream,
        ConfigValidators.parseTopicStreams(config.getList(TOPIC_STREAMS_CONFIG)));
  }
}
