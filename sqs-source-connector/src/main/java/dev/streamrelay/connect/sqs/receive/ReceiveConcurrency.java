package dev.streamrelay.connect.sqs.receive;

/**
 * How many receivers one queue of a task runs, decided from what its receives return. It starts at
 * the floor and follows one rule per outcome:
 *
 * <ul>
 *   <li><b>full</b> (every message asked for came back): one receiver more, up to the ceiling;
 *       while every receive is full the count doubles each round trip. Not when the receiver had to
 *       wait for room in the {@link InFlightLedger} before that receive: then Kafka, not SQS, is
 *       the bound, and more receivers would only wait too (back-pressure wins over growth). Whether
 *       the ledger is full at one instant says little: at a high rate it is near its bound all the
 *       time while receiving still bounds the task;
 *   <li><b>partial</b> (at least half of what was asked): no change;
 *   <li><b>sparse or empty</b> (less than half), or an error the SDK gave up on: a strike; every
 *       {@link #SHRINK_STRIKES} strikes one receiver less, down to the floor. On an idle queue
 *       every receiver's long poll comes back empty once per {@code sqs.wait.time.seconds}, so the
 *       count halves each wait until only the floor polls;
 *   <li><b>throttled</b>: half the receivers, down to the floor.
 * </ul>
 *
 * It only decides; the {@link ReceiverPool} parks and starts receivers to follow {@link #target()},
 * never cutting a receive short. Thread-safe.
 */
public final class ReceiveConcurrency {

  /** Empty or sparse receives (or failed ones) per receiver taken away. */
  public static final int SHRINK_STRIKES = 2;

  private final int floor;
  private final int ceiling;
  private int target;
  private int strikes;

  /**
   * @param floor receivers that always run, at least 1
   * @param ceiling receivers at most ({@code sqs.receive.concurrency}'s share for this queue)
   */
  public ReceiveConcurrency(int floor, int ceiling) {
    if (floor < 1 || ceiling < floor) {
      throw new IllegalArgumentException(
          "need 1 <= floor <= ceiling, got floor " + floor + ", ceiling " + ceiling);
    }
    this.floor = floor;
    this.ceiling = ceiling;
    this.target = floor;
  }

  /** Receivers that should be receiving now. */
  public synchronized int target() {
    return target;
  }

  public int floor() {
    return floor;
  }

  public int ceiling() {
    return ceiling;
  }

  /**
   * A receive that asked for {@code asked} messages returned {@code returned}.
   *
   * @param hadRoom whether the receive found room in the in-flight ledger without waiting
   * @return the new target
   */
  public synchronized int received(int returned, int asked, boolean hadRoom) {
    if (returned >= asked) {
      if (hadRoom) {
        target = Math.min(ceiling, target + 1);
      }
    } else if (2 * returned < asked) {
      strike();
    }
    return target;
  }

  /** A receive was throttled (after the SDK's own retries): half the receivers. */
  public synchronized int throttled() {
    target = Math.max(floor, target / 2);
    strikes = 0;
    return target;
  }

  /** A receive failed for another retriable reason (after the SDK's own retries). */
  public synchronized int failed() {
    strike();
    return target;
  }

  private void strike() {
    if (++strikes >= SHRINK_STRIKES) {
      strikes = 0;
      target = Math.max(floor, target - 1);
    }
  }

  @Override
  public synchronized String toString() {
    return target + " of " + floor + ".." + ceiling;
  }
}
