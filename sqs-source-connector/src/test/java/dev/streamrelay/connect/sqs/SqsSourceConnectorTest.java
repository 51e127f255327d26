package dev.streamrelay.connect.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamrelay.connect.common.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqsSourceConnectorTest {

  private static final String PREFIX = "https://sqs.eu-west-1.amazonaws.com/123456789012/";

  @ParameterizedTest(name = "{0} queues, {1} tasks")
  @CsvSource({
    "1, 1, '[[q0]]'",
    "1, 3, '[[q0], [q0], [q0]]'",
    "2, 3, '[[q0], [q1], [q0]]'",
    "3, 3, '[[q0], [q1], [q2]]'",
    "5, 2, '[[q0, q2, q4], [q1, q3]]'",
    "4, 1, '[[q0, q1, q2, q3]]'"
  })
  void queuesAreSharedFairlyBetweenTasks(int queues, int tasks, String expected) {
    List<String> urls = java.util.stream.IntStream.range(0, queues).mapToObj(i -> "q" + i).toList();

    assertThat(QueueAssignment.assign(urls, tasks).toString()).isEqualTo(expected);
  }

  @Test
  void everyTaskConfigNamesItsQueuesAndIndexAndKeepsTheRest() {
    Map<String, String> props = new HashMap<>();
    props.put("name", "orders");
    props.put(SqsSourceConfig.QUEUE_URLS_CONFIG, PREFIX + "a," + PREFIX + "b," + PREFIX + "c");
    props.put(SqsSourceConfig.TOPIC_CONFIG, "sqs.${queue}");
    props.put(SqsSourceConfig.MAX_MESSAGES_CONFIG, "5");

    List<Map<String, String>> tasks = SqsSourceConnector.taskConfigs(props, 2);

    assertThat(tasks).hasSize(2);
    assertThat(new SqsSourceConfig(tasks.get(0)).taskQueueUrls())
        .containsExactly(PREFIX + "a", PREFIX + "c");
    assertThat(new SqsSourceConfig(tasks.get(1)).taskQueueUrls()).containsExactly(PREFIX + "b");
    assertThat(new SqsSourceConfig(tasks.get(1)).taskId()).isEqualTo(1);
    assertThat(tasks.get(1))
        .containsEntry(SqsSourceConfig.MAX_MESSAGES_CONFIG, "5")
        .containsEntry("name", "orders");
    assertThat(new SqsSourceConnector().config().configKeys())
        .as("keys users see in /validate")
        .doesNotContainKeys(SqsSourceConfig.TASK_QUEUE_URLS_CONFIG, SqsSourceConfig.TASK_ID_CONFIG);
  }

  @Test
  void startRejectsAnInvalidConfigNamingTheKey() {
    Map<String, String> props = new HashMap<>();
    props.put(SqsSourceConfig.QUEUE_URLS_CONFIG, "events");
    props.put(SqsSourceConfig.TOPIC_CONFIG, "events");

    assertThatThrownBy(() -> new SqsSourceConnector().start(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sqs.queue.urls");
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(new SqsSourceConnector().version())
        .isEqualTo(Version.get())
        .matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(new SqsSourceTask().version()).isEqualTo(Version.get());
  }
}
