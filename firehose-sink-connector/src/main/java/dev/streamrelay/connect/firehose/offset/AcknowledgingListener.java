package dev.streamrelay.connect.firehose.offset;

import dev.streamrelay.connect.firehose.batch.FirehoseRecord;
import dev.streamrelay.connect.firehose.delivery.DeliveryListener;
import dev.streamrelay.connect.firehose.metrics.SinkMetrics;

/**
 * Turns what the sender reports into acknowledged offsets and metrics, and asks for a commit as
 * soon as Firehose accepted records, so Connect commits them on its next poll loop instead of
 * waiting for {@code offset.flush.interval.ms} (fewer records delivered again after a crash).
 */
public final class AcknowledgingListener implements DeliveryListener {

  private final OffsetTracker tracker;
  private final SinkMetrics metrics;
  private final Runnable commitRequest;

  /**
   * @param commitRequest called on the sender's thread whenever records were accepted; it must only
   *     record the request ({@code SinkTaskContext.requestCommit()} sets a flag)
   */
  public AcknowledgingListener(OffsetTracker tracker, SinkMetrics metrics, Runnable commitRequest) {
    this.tracker = tracker;
    this.metrics = metrics;
    this.commitRequest = commitRequest;
  }

  @Override
  public void calling(String stream, int records, long bytes) {
    metrics.call();
  }

  @Override
  public void delivered(String stream, FirehoseRecord record) {
    record.sources().forEach(tracker::acknowledged);
    metrics.delivered(record.size(), record.sources().size());
    commitRequest.run();
  }

  @Override
  public void retrying(String stream, int entries, String errorCode) {
    metrics.retried(entries);
  }

  @Override
  public void throttled(String stream) {
    metrics.throttled();
  }
}
