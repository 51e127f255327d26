package dev.streamrelay.faults.scenario;

import dev.streamrelay.faults.reconcile.Reconciliation;
import java.time.Duration;
import java.util.List;

/**
 * What one fault scenario measured.
 *
 * @param topology the name of the layout it ran on
 * @param reconciliation sent against delivered (null if the scenario broke before reconciling)
 * @param recovery from the moment the fault was cleared until every event sent before it was
 *     delivered (zero when the fault delayed nothing)
 * @param notes what else was observed (restart times, counters, resource samples)
 * @param failure why the scenario failed, or null
 */
public record ScenarioResult(
    String name,
    String topology,
    String fault,
    Reconciliation reconciliation,
    Duration recovery,
    List<String> notes,
    String failure) {

  public boolean passed() {
    return failure == null && reconciliation != null && reconciliation.complete();
  }
}
