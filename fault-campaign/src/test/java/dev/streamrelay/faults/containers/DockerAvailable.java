package dev.streamrelay.faults.containers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test only where Testcontainers reaches a Docker engine; elsewhere (a {@code docker} CLI
 * without a daemon, as on the build machine) it is skipped with a reason that says what is missing
 * and how to run it.
 */
final class DockerAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    boolean available;
    String why;
    try {
      available = DockerClientFactory.instance().isDockerAvailable();
      why = "Testcontainers found no Docker environment";
    } catch (RuntimeException | LinkageError e) {
      available = false;
      why = e.toString();
    }
    return available
        ? ConditionEvaluationResult.enabled("a Docker engine answers")
        : ConditionEvaluationResult.disabled(
            "Skipped: no Docker engine reachable ("
                + why
                + "). On a machine with Docker: mvn -B -pl fault-campaign -am verify"
                + " -Dit.test=TestcontainersPipelineIT");
  }
}
