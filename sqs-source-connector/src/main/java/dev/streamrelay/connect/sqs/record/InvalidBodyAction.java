package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.common.ConfigChoice;

/** What happens to a message that cannot become a record ({@code sqs.invalid.body.action}). */
public enum InvalidBodyAction implements ConfigChoice.Choice {
  /** Stop the task with an error naming the queue, the message and the fix. */
  FAIL,
  /** Log it and leave it in the queue, for the queue's redrive policy. */
  LEAVE
}
