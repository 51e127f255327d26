package dev.streamrelay.mskconnect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.connect.config.ConfigRenderer;
import dev.streamrelay.testkit.SafeUnzip;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** The module's files and build outputs, as the build passes them in system properties. */
final class ModuleFiles {

  static final String SQS_SOURCE_CLASS = "dev.streamrelay.connect.sqs.SqsSourceConnector";
  static final String FIREHOSE_SINK_CLASS =
      "dev.streamrelay.connect.firehose.FirehoseSinkConnector";
  static final ObjectMapper JSON = new ObjectMapper();

  /** The create-connector requests and the connector template each mirrors. */
  static final Map<String, String> REQUESTS =
      Map.of(
          "create-connector-sqs-source.json", "sqs-source.json",
          "create-connector-firehose-sink.json", "firehose-sink.json");

  private ModuleFiles() {}

  static Path moduleDir() {
    return Path.of(required("streamrelay.module.dir"));
  }

  static Path configDir() {
    return moduleDir().resolveSibling("connect-config");
  }

  static Path workerConfiguration() {
    return moduleDir().resolve("worker-configuration.properties");
  }

  static Path pluginZip() {
    return Path.of(required("streamrelay.plugin.zip"));
  }

  /** The directory every entry of the ZIP sits in, e.g. streamrelay-0.1.0. */
  static String pluginDirName() {
    return required("streamrelay.plugin.dir");
  }

  static String version() {
    return required("streamrelay.version");
  }

  /** A renderer with the example AWS values (connect-config/env/aws.properties.example). */
  static ConfigRenderer awsExampleRenderer() {
    return new ConfigRenderer(
        ConfigRenderer.readEnvFile(configDir().resolve("env").resolve("aws.properties.example")));
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static Properties readProperties(Path file) {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }

  /** A JSON object of strings as a map, in file order. */
  static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  /** Unzips {@code zip} into {@code target} and returns the extracted plugin directory. */
  static Path extract(Path zip, Path target) throws IOException {
    SafeUnzip.extract(zip, target);
    return target.resolve(pluginDirName());
  }

  /** The jars under {@code dir}, sorted. */
  static List<Path> jars(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return new ArrayList<>(
          files
              .filter(p -> p.getFileName().toString().endsWith(".jar"))
              .sorted(Comparator.naturalOrder())
              .toList());
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + property + " is not set: run the tests through Maven");
    }
    return value;
  }
}
