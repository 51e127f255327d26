package dev.streamrelay.connect.firehose.errors;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a record that can never be delivered goes: to Connect's errant-record reporter (the dead
 * letter queue and error log, subject to {@code errors.tolerance}) when the worker provides one,
 * otherwise it fails the task with a message saying what to fix. Never dropped silently.
 */
public final class BadRecordHandler {

  private static final Logger log = LoggerFactory.getLogger(BadRecordHandler.class);

  private final ErrantRecordReporter reporter;
  private final String taskName;

  /**
   * @param reporter the worker's reporter, or null when none is configured
   */
  public BadRecordHandler(ErrantRecordReporter reporter, String taskName) {
    this.reporter = reporter;
    this.taskName = taskName;
  }

  /**
   * Reports {@code record}; the worker waits for the report before it commits the record's offset.
   *
   * @throws ConnectException when there is no reporter, or the reporter's tolerance is exceeded
   */
  public void handle(SinkRecord record, String stream, DataException reason) {
    String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    if (reporter == null) {
      throw new ConnectException(
          "Task "
              + taskName
              + ": record "
              + where
              + " cannot be delivered to Firehose stream '"
              + stream
              + "': "
              + reason.getMessage()
              + ". To send such records to a dead letter queue instead, set"
              + " errors.tolerance=all and errors.deadletterqueue.topic.name.",
          reason);
    }
    log.warn(
        "Task {}: record {} for stream {} goes to the errant-record reporter: {}",
        taskName,
        where,
        stream,
        reason.getMessage());
    reporter.report(record, reason);
  }
}
