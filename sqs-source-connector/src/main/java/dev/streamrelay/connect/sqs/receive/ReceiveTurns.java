package dev.streamrelay.connect.sqs.receive;

/**
 * What a {@link QueueReceiver} asks between two receives, and tells after each: whether it may
 * start another (a parked receiver waits here, holding no call and no room in the ledger), and what
 * the last one returned. The {@link ReceiverPool} answers from its queue's {@link
 * ReceiveConcurrency}.
 */
public interface ReceiveTurns {

  /** A receiver that always runs (no adaptive concurrency). */
  ReceiveTurns ALWAYS =
      new ReceiveTurns() {
        @Override
        public boolean awaitTurn(int index) {
          return true;
        }

        @Override
        public void received(int returned, int asked, boolean hadRoom) {}

        @Override
        public void throttled() {}

        @Override
        public void failed() {}
      };

  /**
   * Waits while receiver {@code index} of the queue is parked.
   *
   * @return true when it may receive; false once the pool stopped
   */
  boolean awaitTurn(int index) throws InterruptedException;

  /** See {@link ReceiveConcurrency#received}. */
  void received(int returned, int asked, boolean hadRoom);

  /** See {@link ReceiveConcurrency#throttled}. */
  void throttled();

  /** See {@link ReceiveConcurrency#failed}. */
  void failed();
}
