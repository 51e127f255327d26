package dev.streamrelay.connect.firehose.format;

import dev.streamrelay.connect.common.ConfigChoice;

/** What to do with a record whose value is null (a tombstone). */
public enum NullValueBehavior implements ConfigChoice.Choice {
  /** Skip it; its offset is committed like any delivered record's. */
  IGNORE,
  /** Treat it as a bad record: errant-record reporter when configured, else the task fails. */
  FAIL,
  /** Deliver it: the line {@code null}, or an envelope whose value is null. */
  WRITE
}
