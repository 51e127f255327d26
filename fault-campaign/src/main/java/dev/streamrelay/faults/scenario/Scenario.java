package dev.streamrelay.faults.scenario;

import dev.streamrelay.faults.harness.CampaignPipeline;
import dev.streamrelay.faults.harness.EventSender;
import java.util.List;

/**
 * One fault scenario: optional preparation (a config for the fault), the fault itself (injected
 * once a share of the events was sent; it returns when the fault is cleared), and a clean-up that
 * puts the pipeline back as it was.
 *
 * @param name lower-case id, also part of every event id
 * @param fault how the fault is injected, for the report
 * @param inShortRun whether {@code mvn verify} runs it
 * @param faultAfter share of the events sent before the fault starts (0 to 1)
 * @param size events and rate for this scenario, from the profile
 * @param topology the Kafka and Connect layout it runs on
 */
public record Scenario(
    String name,
    String fault,
    boolean inShortRun,
    double faultAfter,
    Size size,
    Step prepare,
    Step inject,
    Step cleanup,
    Topology topology) {

  /** A step of a scenario. */
  @FunctionalInterface
  public interface Step {
    void run(Context c) throws Exception;

    Step NONE = c -> {};
  }

  /** Events, rate and padding of each event for a scenario under a profile. */
  public record Load(int events, double perSecond, int padBytes) {}

  /** The load of a scenario under a profile. */
  @FunctionalInterface
  public interface Size {
    Load loadFor(Profile p);

    Size DEFAULT = p -> new Load(p.events(), p.perSecond(), 200);
  }

  /** What a step can reach. */
  public record Context(
      CampaignPipeline pipeline, Profile profile, EventSender.Run run, List<String> notes) {
    public void note(String s) {
      notes.add(s);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  public static Scenario of(String name, String fault, boolean inShortRun, Step inject) {
    return new Scenario(
        name,
        fault,
        inShortRun,
        1.0 / 3,
        Size.DEFAULT,
        Step.NONE,
        inject,
        Step.NONE,
        Topology.SINGLE);
  }

  public Scenario withPrepare(Step p) {
    return new Scenario(name, fault, inShortRun, faultAfter, size, p, inject, cleanup, topology);
  }

  public Scenario withCleanup(Step c) {
    return new Scenario(name, fault, inShortRun, faultAfter, size, prepare, inject, c, topology);
  }

  public Scenario withFaultAfter(double share) {
    return new Scenario(name, fault, inShortRun, share, size, prepare, inject, cleanup, topology);
  }

  public Scenario on(Topology t) {
    return new Scenario(name, fault, inShortRun, faultAfter, size, prepare, inject, cleanup, t);
  }

  public Scenario withSize(Size s) {
    return new Scenario(name, fault, inShortRun, faultAfter, s, prepare, inject, cleanup, topology);
  }
}
