package dev.streamrelay.mskconnect;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which worker configuration keys MSK Connect accepts (MSK developer guide, "Worker configuration
 * properties"): producer.* and consumer.* only from two short lists; everything else except a set
 * of reserved prefixes and keys.
 */
final class MskConnectWorkerKeys {

  static final Set<String> PRODUCER_KEYS =
      Set.of(
          "acks",
          "batch.size",
          "buffer.memory",
          "compression.type",
          "enable.idempotence",
          "key.serializer",
          "linger.ms",
          "max.request.size",
          "metadata.max.age.ms",
          "metadata.max.idle.ms",
          "partitioner.class",
          "reconnect.backoff.max.ms",
          "reconnect.backoff.ms",
          "request.timeout.ms",
          "retry.backoff.ms",
          "value.serializer");

  static final Set<String> CONSUMER_KEYS =
      Set.of(
          "allow.auto.create.topics",
          "auto.offset.reset",
          "check.crcs",
          "fetch.max.bytes",
          "fetch.max.wait.ms",
          "fetch.min.bytes",
          "heartbeat.interval.ms",
          "key.deserializer",
          "max.partition.fetch.bytes",
          "max.poll.records",
          "metadata.max.age.ms",
          "partition.assignment.strategy",
          "reconnect.backoff.max.ms",
          "reconnect.backoff.ms",
          "request.timeout.ms",
          "retry.backoff.ms",
          "session.timeout.ms",
          "value.deserializer");

  static final List<String> RESERVED_PREFIXES =
      List.of(
          "access.control.",
          "admin.",
          "admin.listeners.https.",
          "client.",
          "connect.",
          "inter.worker.",
          "internal.",
          "listeners.https.",
          "metrics.",
          "metrics.context.",
          "rest.",
          "sasl.",
          "security.",
          "socket.",
          "ssl.",
          "topic.tracking.",
          "worker.");

  static final Set<String> RESERVED_KEYS =
      Set.of(
          "bootstrap.servers",
          "config.storage.topic",
          "connections.max.idle.ms",
          "connector.client.config.override.policy",
          "group.id",
          "listeners",
          "metric.reporters",
          "plugin.path",
          "receive.buffer.bytes",
          "response.http.headers.config",
          "scheduled.rebalance.max.delay.ms",
          "send.buffer.bytes",
          "status.storage.topic");

  private MskConnectWorkerKeys() {}

  /** Why MSK Connect would reject {@code key}, or empty when it accepts it. */
  static Optional<String> rejection(String key) {
    if (key.startsWith("producer.")) {
      return PRODUCER_KEYS.contains(key.substring("producer.".length()))
          ? Optional.empty()
          : Optional.of("only these producer.* keys are allowed: " + PRODUCER_KEYS);
    }
    if (key.startsWith("consumer.")) {
      return CONSUMER_KEYS.contains(key.substring("consumer.".length()))
          ? Optional.empty()
          : Optional.of("only these consumer.* keys are allowed: " + CONSUMER_KEYS);
    }
    if (RESERVED_KEYS.contains(key)) {
      return Optional.of("MSK Connect sets " + key + " itself");
    }
    return RESERVED_PREFIXES.stream()
        .filter(key::startsWith)
        .findFirst()
        .map(prefix -> "MSK Connect reserves the prefix " + prefix);
  }
}
