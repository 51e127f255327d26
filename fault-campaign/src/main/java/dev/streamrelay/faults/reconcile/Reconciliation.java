package dev.streamrelay.faults.reconcile;

import dev.streamrelay.faults.reconcile.DeliveredLog.Copy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sent ids against delivered copies: what is missing, what is extra, and where each duplicate came
 * from, read off the sink's envelope.
 *
 * <ul>
 *   <li>The same Kafka {@code (topic, partition, offset)} written twice: the sink delivered one
 *       Kafka record twice (a replay from an older committed offset, or a Firehose call retried
 *       after it had in fact succeeded).
 *   <li>Two Kafka offsets carrying the same SQS message id: the source read one SQS message twice
 *       (its receipt handle expired, or the message came back after a crash, before it was
 *       deleted).
 *   <li>Two Kafka offsets with different SQS message ids: the event was sent to SQS twice (a client
 *       retry).
 * </ul>
 */
public final class Reconciliation {

  public static final String SINK_REPLAY = "sink replay (same Kafka offset delivered again)";
  public static final String SOURCE_REDELIVERY =
      "source redelivery (same SQS message written to Kafka again)";
  public static final String CLIENT_RESEND = "client resend (event sent to SQS twice)";

  private final int sent;
  private final int delivered;
  private final List<String> lost;
  private final List<String> extra;
  private final Map<String, Integer> duplicatesByCause;
  private final int duplicatedEvents;

  private Reconciliation(
      int sent,
      int delivered,
      List<String> lost,
      List<String> extra,
      Map<String, Integer> duplicatesByCause,
      int duplicatedEvents) {
    this.sent = sent;
    this.delivered = delivered;
    this.lost = lost;
    this.extra = extra;
    this.duplicatesByCause = duplicatesByCause;
    this.duplicatedEvents = duplicatedEvents;
  }

  /**
   * @param sentIds every id the scenario sent (and SQS accepted)
   * @param prefix the scenario's id prefix: delivered ids under it that were not sent are extra
   */
  public static Reconciliation of(List<String> sentIds, String prefix, DeliveredLog log) {
    Set<String> sentSet = new HashSet<>(sentIds);
    List<String> lost = new ArrayList<>();
    int delivered = 0;
    int duplicatedEvents = 0;
    Map<String, Integer> causes = new LinkedHashMap<>();
    for (String id : sentIds) {
      List<Copy> copies = log.copies(id);
      if (copies.isEmpty()) {
        lost.add(id);
        continue;
      }
      delivered++;
      if (copies.size() > 1) {
        duplicatedEvents++;
        attribute(copies, causes);
      }
    }
    List<String> extra = new ArrayList<>();
    for (String id : log.idsWithPrefix(prefix)) {
      if (!sentSet.contains(id)) {
        extra.add(id);
      }
    }
    extra.sort(null);
    return new Reconciliation(
        sentIds.size(), delivered, List.copyOf(lost), List.copyOf(extra), causes, duplicatedEvents);
  }

  /** Counts each copy beyond the first under the cause that explains it. */
  private static void attribute(List<Copy> copies, Map<String, Integer> causes) {
    Map<String, Integer> perOffset = new LinkedHashMap<>();
    Map<String, Set<String>> offsetsPerMessage = new LinkedHashMap<>();
    for (Copy c : copies) {
      String offset = c.topic() + "/" + c.partition() + "@" + c.offset();
      perOffset.merge(offset, 1, Integer::sum);
      offsetsPerMessage
          .computeIfAbsent(String.valueOf(c.sqsMessageId()), k -> new HashSet<>())
          .add(offset);
    }
    int sinkReplays = 0;
    for (int n : perOffset.values()) {
      sinkReplays += n - 1;
    }
    int sourceRedeliveries = 0;
    for (Set<String> offsets : offsetsPerMessage.values()) {
      sourceRedeliveries += offsets.size() - 1;
    }
    int clientResends = offsetsPerMessage.size() - 1;
    add(causes, SINK_REPLAY, sinkReplays);
    add(causes, SOURCE_REDELIVERY, sourceRedeliveries);
    add(causes, CLIENT_RESEND, clientResends);
  }

  private static void add(Map<String, Integer> causes, String cause, int n) {
    if (n > 0) {
      causes.merge(cause, n, Integer::sum);
    }
  }

  public int sent() {
    return sent;
  }

  /** Distinct sent events delivered at least once. */
  public int delivered() {
    return delivered;
  }

  public List<String> lost() {
    return lost;
  }

  public List<String> extra() {
    return extra;
  }

  /** Copies beyond the first, by cause. */
  public Map<String, Integer> duplicatesByCause() {
    return duplicatesByCause;
  }

  /** All copies beyond the first. */
  public int duplicateCopies() {
    return duplicatesByCause.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Events delivered more than once. */
  public int duplicatedEvents() {
    return duplicatedEvents;
  }

  public boolean complete() {
    return lost.isEmpty() && extra.isEmpty();
  }
}
