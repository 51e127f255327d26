package dev.streamrelay.connect.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of connectctl.py with python3, its output captured. */
record PythonRun(int exitCode, String stdout, String stderr) {

  static PythonRun of(Map<String, String> env, String... args) throws Exception {
    return ofScript(Templates.configDir().resolve("connectctl.py"), env, args);
  }

  /** A run of a copy of connectctl.py, which finds its files beside that copy. */
  static PythonRun ofScript(Path script, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("python3");
    command.add(script.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<String> out = read(process.getInputStream());
    CompletableFuture<String> err = read(process.getErrorStream());
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("connectctl.py did not finish: " + command);
    }
    return new PythonRun(process.exitValue(), out.get(), err.get());
  }

  String output() {
    return stdout + stderr;
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
