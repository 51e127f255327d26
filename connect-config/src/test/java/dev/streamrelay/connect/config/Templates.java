package dev.streamrelay.connect.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every template in the repository and the environment file that fills it. */
record Templates(Path template, Path envFile) {

  static Path configDir() {
    String dir = System.getProperty("streamrelay.config.dir");
    if (dir == null) {
      throw new IllegalStateException("streamrelay.config.dir is not set: run through Maven");
    }
    return Path.of(dir);
  }

  static Path localEnv() {
    return ConfigRenderer.envFile(configDir(), "local");
  }

  static Path awsExampleEnv() {
    return configDir().resolve("env").resolve("aws.properties.example");
  }

  /** Each connector template with each environment, the local worker, the MSK Connect requests. */
  static List<Templates> all() {
    List<Templates> all = new ArrayList<>();
    for (Path template : ConfigRenderer.connectorTemplates(configDir())) {
      all.add(new Templates(template, localEnv()));
      all.add(new Templates(template, awsExampleEnv()));
    }
    all.add(new Templates(ConfigRenderer.localWorkerTemplate(configDir()), localEnv()));
    try (Stream<Path> files = Files.list(configDir().resolveSibling("mskconnect"))) {
      files
          .filter(p -> p.getFileName().toString().startsWith("create-connector-"))
          .sorted()
          .forEach(t -> all.add(new Templates(t, awsExampleEnv())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /** True for a template in connectors/. */
  boolean isConnector() {
    return template.getParent().equals(configDir().resolve("connectors"));
  }

  @Override
  public String toString() {
    return configDir().getParent().relativize(template) + " with " + envFile.getFileName();
  }
}
