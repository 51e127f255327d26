package dev.streamrelay.faults.badinput;

/**
 * One bad-input case: what the pipeline should do with it and what it did.
 *
 * @param area ingest endpoint, SQS body, sink record or connector config
 * @param input the bad input
 * @param expected the clear error or DLQ entry (and that nothing else is lost)
 * @param observed what happened
 */
public record Outcome(String area, String input, String expected, String observed, boolean passed) {

  public static Outcome check(
      String area, String input, String expected, String observed, boolean passed) {
    return new Outcome(area, input, expected, observed, passed);
  }
}
