package dev.streamrelay.connect.firehose.delivery;

import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/** Picks the delivery stream of a topic: its mapping entry, else the default stream. */
public final class StreamRouter {

  private final Map<String, String> topicStreams;
  private final String defaultStream;

  /**
   * @param defaultStream stream for unmapped topics, or null
   */
  public StreamRouter(Map<String, String> topicStreams, String defaultStream) {
    this.topicStreams = Map.copyOf(topicStreams);
    this.defaultStream = defaultStream;
  }

  /**
   * @throws ConnectException when neither the mapping nor a default names a stream for the topic
   */
  public String streamFor(String topic) {
    String stream = topicStreams.getOrDefault(topic, defaultStream);
    if (stream == null) {
      throw new ConnectException(
          "Topic '"
              + topic
              + "' has no delivery stream: add it to firehose.topic.streams or set"
              + " firehose.delivery.stream");
    }
    return stream;
  }
}
