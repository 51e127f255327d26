package dev.streamrelay.connect.firehose.offset;

import dev.streamrelay.connect.firehose.batch.FirehoseRecord;
import dev.streamrelay.connect.firehose.delivery.DeliveryListener;
import dev.streamrelay.connect.firehose.metrics.SinkMetrics;

/** Turns what the sender reports into acknowledged offsets and metrics. */
public final class AcknowledgingListener implements DeliveryListener {

  private final OffsetTracker tracker;
  private final SinkMetrics metrics;

  public AcknowledgingListener(OffsetTracker tracker, SinkMetrics metrics) {
    this.tracker = tracker;
    this.metrics = metrics;
  }

  @Override
  public void calling(String stream, int records, long bytes) {
    metrics.call();
  }

  @Override
  public void delivered(String stream, FirehoseRecord record) {
    record.sources().forEach(tracker::acknowledged);
    metrics.delivered(record.size(), record.sources().size());
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
