package dev.streamrelay.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as fast as a plain consumer can (Connect's sink consumer defaults, no processing):
 * how many records per second Kafka itself hands one sink task on this machine.
 */
final class ConsumerLoop implements AutoCloseable {

  final LongAdder records = new LongAdder();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  ConsumerLoop(String bootstrap, String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "consumer-loop-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    thread =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer =
                  new KafkaConsumer<>(
                      props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (running) {
                  records.add(consumer.poll(Duration.ofMillis(200)).count());
                }
              } catch (RuntimeException e) {
                failure = e;
              }
            },
            "consumer-loop");
    thread.setDaemon(true);
  }

  ConsumerLoop start() {
    thread.start();
    return this;
  }

  Throwable failure() {
    return failure;
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
