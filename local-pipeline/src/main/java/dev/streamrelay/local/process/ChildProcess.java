package dev.streamrelay.local.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM child process (the broker or the Connect worker) running a main class through {@link
 * ParentWatch}, with its output appended to a log file in the data directory.
 */
public final class ChildProcess {

  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
  private static final Optional<Path> SETSID =
      Stream.of("/usr/bin/setsid", "/bin/setsid")
          .map(Path::of)
          .filter(Files::isExecutable)
          .findFirst();

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code mainClass} in a new JVM on {@code classpath}.
   *
   * @param jvmOptions options such as {@code -Xmx512m} and {@code -Dkey=value}
   */
  public static ChildProcess start(
      String name,
      String classpath,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Path logFile)
      throws IOException {
    List<String> command = new ArrayList<>();
    // In a session of its own, Ctrl-C in the terminal reaches only the launcher, which then stops
    // the children in order (worker before broker) instead of all at once.
    SETSID.ifPresent(setsid -> command.add(setsid.toString()));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(ParentWatch.class.getName());
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(logFile.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    log.info("Started {} (pid {}), log {}", name, process.pid(), logFile);
    return new ChildProcess(name, process, logFile);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for a process that is meant to finish on its own and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          name + " did not finish within " + timeout + "; see " + logFile);
    }
    return process.exitValue();
  }

  /**
   * Stops the process the way Ctrl-C would (SIGTERM, running its shutdown hooks) and waits up to
   * {@code grace}; then kills it.
   *
   * @return true if it stopped within the grace period
   */
  public boolean stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      log.info("{} (pid {}) stopped, exit code {}", name, process.pid(), process.exitValue());
      return true;
    }
    log.warn("{} (pid {}) did not stop within {}; killing it", name, process.pid(), grace);
    kill();
    return false;
  }

  /** Kills the process without warning (SIGKILL), as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    log.info("{} (pid {}) killed", name, process.pid());
  }
}
