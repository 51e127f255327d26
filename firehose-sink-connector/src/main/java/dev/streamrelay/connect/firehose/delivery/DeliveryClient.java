package dev.streamrelay.connect.firehose.delivery;

import java.util.List;

/** Sends one PutRecordBatch call. The task's only view of Firehose, so tests can replace it. */
public interface DeliveryClient extends AutoCloseable {

  /**
   * Sends {@code records} to {@code stream} in one call.
   *
   * @return one entry per record, in order: null when Firehose accepted it, else its error code
   * @throws DeliveryException when the whole call failed
   */
  List<String> putRecordBatch(String stream, List<byte[]> records);

  @Override
  void close();
}
