package dev.streamrelay.faults.scenario;

import java.time.Duration;

/**
 * Sizes of one campaign: how many events each fault scenario sends and how fast, how long a fault
 * lasts, and how long the steady run lasts.
 *
 * @param events events per fault scenario
 * @param perSecond send rate
 * @param hold how long an outage lasts
 * @param steadyRun length of the steady-rate run
 * @param steadyPerSecond its rate
 * @param workerKills how many times the worker is killed
 */
public record Profile(
    String name,
    int events,
    double perSecond,
    Duration hold,
    Duration steadyRun,
    double steadyPerSecond,
    int workerKills) {

  /** The {@code mvn verify} version: small, about a minute of steady load. */
  public static final Profile SHORT =
      new Profile("short", 400, 40, Duration.ofSeconds(6), Duration.ofSeconds(60), 40, 2);

  /** The full campaign ({@code run.sh}). */
  public static final Profile FULL =
      new Profile("full", 2400, 60, Duration.ofSeconds(15), Duration.ofMinutes(10), 50, 3);

  public Profile withSteadyRun(Duration d) {
    return new Profile(name, events, perSecond, hold, d, steadyPerSecond, workerKills);
  }
}
