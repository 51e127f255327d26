package dev.streamrelay.connect.sqs.receive;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How receivers call ReceiveMessage.
 *
 * @param maxMessages messages per call, 1 to 10
 * @param waitTime long-poll wait
 * @param visibilityTimeout requested visibility timeout, or empty for the queue's
 * @param attributeNames message attributes to request ("All", names, or none)
 */
public record ReceiveSettings(
    int maxMessages,
    Duration waitTime,
    Optional<Duration> visibilityTimeout,
    List<String> attributeNames) {}
