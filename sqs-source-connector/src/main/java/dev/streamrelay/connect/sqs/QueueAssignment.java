package dev.streamrelay.connect.sqs;

import java.util.ArrayList;
import java.util.List;

/**
 * Shares queues between tasks: with at least as many queues as tasks, queues are dealt round-robin
 * so task loads differ by at most one queue; with fewer queues, every task gets one queue and the
 * tasks of a queue compete for its messages (SQS hands each message to one of them).
 */
final class QueueAssignment {

  private QueueAssignment() {}

  /** The queues of each task, one list per task, for at most {@code maxTasks} tasks. */
  static List<List<String>> assign(List<String> queueUrls, int maxTasks) {
    if (queueUrls.isEmpty() || maxTasks < 1) {
      throw new IllegalArgumentException("need at least one queue and one task");
    }
    List<List<String>> tasks = new ArrayList<>(maxTasks);
    for (int t = 0; t < maxTasks; t++) {
      tasks.add(new ArrayList<>());
    }
    if (queueUrls.size() >= maxTasks) {
      for (int q = 0; q < queueUrls.size(); q++) {
        tasks.get(q % maxTasks).add(queueUrls.get(q));
      }
    } else {
      for (int t = 0; t < maxTasks; t++) {
        tasks.get(t).add(queueUrls.get(t % queueUrls.size()));
      }
    }
    return tasks;
  }
}
