package dev.streamrelay.mskconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What is inside the plugin ZIP, and the create-connector configs against its connectors. */
class PluginZipIT {

  /** Packages the worker provides; a copy inside the plugin would shadow or clash with it. */
  private static final List<String> PROVIDED_PACKAGES =
      List.of(
          "org/apache/kafka/",
          "org/slf4j/",
          "org/apache/log4j/",
          "org/apache/logging/log4j/",
          "ch/qos/",
          "io/netty/",
          "com/fasterxml/jackson/");

  /**
   * Jar names of what the worker provides: Kafka's own (its connect-* artifacts by name, since the
   * project's connect-common shares the prefix), logging, Netty, Jackson.
   */
  private static final List<String> FORBIDDEN_JAR_PREFIXES =
      List.of(
          "kafka",
          "connect-api-",
          "connect-runtime-",
          "connect-json-",
          "connect-transforms-",
          "connect-file-",
          "connect-mirror-",
          "connect-basic-auth-extension-",
          "slf4j",
          "log4j",
          "reload4j",
          "logback",
          "netty",
          "jackson-");

  @TempDir static Path temp;
  static Path pluginDir;
  static List<Path> jars;
  static URLClassLoader zipLoader;

  @BeforeAll
  static void extract() throws IOException {
    pluginDir = ModuleFiles.extract(ModuleFiles.pluginZip(), temp);
    jars = ModuleFiles.jars(pluginDir);
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      urls.add(jar.toUri().toURL());
    }
    zipLoader = new URLClassLoader(urls.toArray(URL[]::new), PluginZipIT.class.getClassLoader());
    System.out.printf(
        "Plugin ZIP %s: %,d bytes, %d jars%n",
        ModuleFiles.pluginZip().getFileName(), Files.size(ModuleFiles.pluginZip()), jars.size());
  }

  @AfterAll
  static void close() throws IOException {
    zipLoader.close();
  }

  @Test
  void holdsOneVersionedPluginDirectoryWithJarsUnderLib() throws IOException {
    String root = ModuleFiles.pluginDirName() + "/";
    assertThat(ModuleFiles.pluginZip().getFileName().toString())
        .isEqualTo("streamrelay-mskconnect-plugin-" + ModuleFiles.version() + ".zip");
    try (ZipFile zip = new ZipFile(ModuleFiles.pluginZip().toFile())) {
      List<String> names = zip.stream().map(ZipEntry::getName).toList();
      assertThat(names).allMatch(n -> n.startsWith(root), "every entry is under " + root);
      assertThat(names)
          .filteredOn(n -> n.endsWith(".jar"))
          .allMatch(n -> n.startsWith(root + "lib/"), "jars are under lib/");
    }
    assertThat(jars)
        .extracting(p -> p.getFileName().toString())
        .contains(
            "sqs-source-connector-" + ModuleFiles.version() + ".jar",
            "firehose-sink-connector-" + ModuleFiles.version() + ".jar",
            "connect-common-" + ModuleFiles.version() + ".jar");
    // About 8 MiB of connectors, AWS SDK core, SQS, Firehose and STS clients and HttpClient 5, plus
    // about 9 MiB compressed for the Glue client of the sink's schema guard (its jar is 10 MB).
    assertThat(Files.size(ModuleFiles.pluginZip()))
        .as("ZIP size: keep unused dependencies out")
        .isLessThan(20L * 1024 * 1024);
  }

  @Test
  void bundlesNothingTheWorkerProvides() throws IOException {
    assertThat(jars)
        .extracting(p -> p.getFileName().toString())
        .noneMatch(n -> FORBIDDEN_JAR_PREFIXES.stream().anyMatch(n::startsWith));
    Map<String, String> offending = new TreeMap<>();
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .map(ZipEntry::getName)
            .filter(n -> PROVIDED_PACKAGES.stream().anyMatch(n::startsWith))
            .findFirst()
            .ifPresent(n -> offending.put(jar.getFileName().toString(), n));
      }
    }
    assertThat(offending).as("jars holding classes the worker provides").isEmpty();
    assertThat(jars)
        .extracting(p -> p.getFileName().toString())
        .as("the SDK's Netty client is excluded; Apache HttpClient 5 is the one HTTP client")
        .noneMatch(n -> n.startsWith("netty-nio-client") || n.startsWith("url-connection-client"))
        .anyMatch(n -> n.startsWith("apache5-client-"));
  }

  @Test
  void registersBothConnectorsWithTheServiceLoader() throws IOException {
    assertThat(serviceEntries("org.apache.kafka.connect.source.SourceConnector"))
        .containsExactly(ModuleFiles.SQS_SOURCE_CLASS);
    assertThat(serviceEntries("org.apache.kafka.connect.sink.SinkConnector"))
        .containsExactly(ModuleFiles.FIREHOSE_SINK_CLASS);
  }

  @Test
  void hasNoClassInTwoJars() throws IOException {
    Map<String, List<String>> owners = new HashMap<>();
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .map(ZipEntry::getName)
            .filter(n -> n.endsWith(".class"))
            .filter(n -> !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
            .forEach(
                n ->
                    owners
                        .computeIfAbsent(n, k -> new ArrayList<>())
                        .add(jar.getFileName().toString()));
      }
    }
    Map<String, List<String>> duplicates = new TreeMap<>();
    owners.forEach(
        (cls, in) -> {
          if (in.size() > 1) {
            duplicates.put(cls, in);
          }
        });
    assertThat(owners).hasSizeGreaterThan(1000);
    assertThat(duplicates).as("classes found in more than one jar").isEmpty();
  }

  @Test
  void shipsNoTestCode() throws IOException {
    List<String> tooling = new ArrayList<>();
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .map(ZipEntry::getName)
            .filter(
                n ->
                    n.endsWith("/ConfigReference.class")
                        || n.endsWith("/ReadmeSection.class")
                        || n.contains("/ConfigReference$")
                        || n.contains("/ReadmeSection$")
                        || n.startsWith("dev/streamrelay/testkit/"))
            .forEach(n -> tooling.add(jar.getFileName() + "!" + n));
      }
    }
    assertThat(tooling)
        .as("README generators (connect-common's test-jar) and the test kit are test code")
        .isEmpty();
    assertThat(jars)
        .extracting(p -> p.getFileName().toString())
        .noneMatch(n -> n.startsWith("test-kit-"));
  }

  @Test
  void shipsLicenceNoticeAndTheThirdPartyList() throws IOException {
    assertThat(pluginDir.resolve("LICENSE")).content().contains("Apache License");
    assertThat(pluginDir.resolve("NOTICE")).content().contains("StreamRelay");
    String thirdParty =
        Files.readString(pluginDir.resolve("THIRD-PARTY-LICENSES.txt"), StandardCharsets.UTF_8);
    List<String> unlisted = new ArrayList<>();
    for (Path jar : jars) {
      String file = jar.getFileName().toString();
      if (file.endsWith("-" + ModuleFiles.version() + ".jar")) {
        continue; // our own jars
      }
      int dash = file.lastIndexOf('-');
      String artifact = file.substring(0, dash);
      String version = file.substring(dash + 1, file.length() - ".jar".length());
      if (!thirdParty.contains(":" + artifact + ":" + version + " ")) {
        unlisted.add(file);
      }
    }
    assertThat(unlisted).as("bundled jars missing from THIRD-PARTY-LICENSES.txt").isEmpty();
    assertThat(thirdParty).doesNotContain("Unknown license");
  }

  @Test
  void connectorClassesComeOnlyFromTheZip() {
    assertThatThrownBy(() -> Class.forName(ModuleFiles.SQS_SOURCE_CLASS))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName(ModuleFiles.FIREHOSE_SINK_CLASS))
        .isInstanceOf(ClassNotFoundException.class);
  }

  static List<String> requests() {
    return List.copyOf(new TreeSet<>(ModuleFiles.REQUESTS.keySet()));
  }

  /** The connector config of each create-connector request passes its connector's validate(). */
  @ParameterizedTest
  @MethodSource("requests")
  void createConnectorConfigPassesTheConnectorsValidate(String request) throws Exception {
    Map<String, String> config = connectorConfiguration(request);
    Connector connector = connector(config.get("connector.class"));
    assertThat(errors(connector.validate(config))).isEmpty();
    assertThat(connector.version()).isEqualTo(ModuleFiles.version());
  }

  /** The same check fails on a broken config, so it is really the connector judging. */
  @ParameterizedTest
  @MethodSource("requests")
  void validateRejectsABrokenConfig(String request) throws Exception {
    Map<String, String> config = connectorConfiguration(request);
    config.put("aws.access.key.id", "AKIAEXAMPLE");
    Connector connector = connector(config.get("connector.class"));
    assertThat(errors(connector.validate(config)))
        .anyMatch(e -> e.startsWith("aws.secret.access.key"));
  }

  private static Map<String, String> connectorConfiguration(String request) {
    return new HashMap<>(
        ModuleFiles.stringMap(
            ModuleFiles.awsExampleRenderer()
                .renderJson(ModuleFiles.moduleDir().resolve(request))
                .path("connectorConfiguration")));
  }

  private static Connector connector(String className) throws Exception {
    Class<?> cls = Class.forName(className, true, zipLoader);
    assertThat(cls.getClassLoader()).as("loaded from the ZIP").isSameAs(zipLoader);
    return (Connector) cls.getDeclaredConstructor().newInstance();
  }

  private static List<String> errors(Config result) {
    List<String> errors = new ArrayList<>();
    for (ConfigValue v : result.configValues()) {
      v.errorMessages().forEach(e -> errors.add(v.name() + ": " + e));
    }
    return errors;
  }

  private static List<String> serviceEntries(String service) throws IOException {
    List<String> entries = new ArrayList<>();
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        ZipEntry e = file.getEntry("META-INF/services/" + service);
        if (e != null) {
          try (InputStream in = file.getInputStream(e)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(entries::add);
          }
        }
      }
    }
    return entries;
  }
}
