package dev.streamrelay.connect.firehose.batch;

import org.apache.kafka.common.TopicPartition;

/** Where a Kafka record came from: what gets acknowledged when Firehose accepts it. */
public record Position(TopicPartition partition, long offset) {}
