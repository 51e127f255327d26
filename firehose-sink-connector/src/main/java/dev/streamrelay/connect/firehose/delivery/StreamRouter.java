package dev.streamrelay.connect.firehose.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Picks the delivery stream of a record: its topic's streams (its mapping entry, else the default
 * streams) and, when there are several, the one its Kafka partition is pinned to: {@code
 * streams[partition mod streams]}. The choice depends only on the configuration and the partition
 * number, so every task, before and after any rebalance or restart, sends a partition to the same
 * stream while the list stays the same: its records stay together in one stream (one S3 prefix),
 * and a replay's duplicates land next to the originals. Changing the list (a|b to a|b|c) moves
 * partitions, and a replay after the change may land in another stream than the original. The order
 * of records within a stream is not kept (several calls are in flight at once), as without
 * spreading.
 */
public final class StreamRouter {

  private final Map<String, String[]> topicStreams = new HashMap<>();
  private final String[] defaultStreams;

  /**
   * @param defaultStreams streams for unmapped topics; empty when there are none
   */
  public StreamRouter(Map<String, List<String>> topicStreams, List<String> defaultStreams) {
    topicStreams.forEach((topic, streams) -> this.topicStreams.put(topic, array(topic, streams)));
    this.defaultStreams = defaultStreams.isEmpty() ? null : array("default", defaultStreams);
  }

  /**
   * The stream of a record of {@code topic} from {@code partition}.
   *
   * @throws ConnectException when neither the mapping nor a default names a stream for the topic
   */
  public String streamFor(String topic, int partition) {
    String[] streams = streamArray(topic);
    return streams.length == 1 ? streams[0] : streams[Math.floorMod(partition, streams.length)];
  }

  /**
   * All streams of {@code topic}, in configured order (partition p goes to element p mod size).
   *
   * @throws ConnectException when neither the mapping nor a default names a stream for the topic
   */
  public List<String> streamsFor(String topic) {
    return List.of(streamArray(topic));
  }

  private String[] streamArray(String topic) {
    String[] streams = topicStreams.getOrDefault(topic, defaultStreams);
    if (streams == null) {
      throw new ConnectException(
          "Topic '"
              + topic
              + "' has no delivery stream: add it to firehose.topic.streams or set"
              + " firehose.delivery.stream");
    }
    return streams;
  }

  private static String[] array(String topic, List<String> streams) {
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("no stream for " + topic);
    }
    return streams.toArray(String[]::new);
  }
}
