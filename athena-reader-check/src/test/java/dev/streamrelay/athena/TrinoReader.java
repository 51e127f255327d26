package dev.streamrelay.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Trino's OpenX JSON reader in a forked Java 25 JVM (Trino 483 runs on nothing older): the JDK's
 * source launcher runs {@code src/trino/java} with the classpath {@code trino-classpath/pom.xml}
 * resolved, and this class exchanges one JSON line per request with it.
 */
final class TrinoReader implements AutoCloseable {

  /** Where Java 25 is looked for when {@value #JAVA25_HOME_ENV} is not set. */
  static final Path DEFAULT_JAVA25_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  static final String JAVA25_HOME_ENV = "JAVA25_HOME";

  private static final String MAIN = "dev/streamrelay/athena/trino/TrinoReaderServer.java";

  private final ObjectMapper json = new ObjectMapper();
  private final Process process;
  private final BufferedWriter requests;
  private final BufferedReader answers;
  private final Path stderr;

  private TrinoReader(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.requests =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * The home of a JDK 25 or later: {@code $JAVA25_HOME}, else {@link #DEFAULT_JAVA25_HOME}; empty
   * when neither holds one (its {@code release} file names the version).
   */
  static Optional<Path> java25Home() {
    String env = System.getenv(JAVA25_HOME_ENV);
    Path home = env == null || env.isBlank() ? DEFAULT_JAVA25_HOME : Path.of(env);
    Path release = home.resolve("release");
    if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (var in = Files.newInputStream(release)) {
      properties.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
    int feature = Integer.parseInt(version.split("[.+-]")[0]);
    return feature >= 25 ? Optional.of(home) : Optional.empty();
  }

  /** What the tests' assumption says when there is no Java 25. */
  static String missingJava25() {
    return "No JDK 25 (Trino 483's reader needs Java 25): set "
        + JAVA25_HOME_ENV
        + " or install Temurin 25 at "
        + DEFAULT_JAVA25_HOME;
  }

  static TrinoReader start(Path java25Home) throws IOException {
    Path classpathFile = Path.of(System.getProperty("trino.classpath.file"));
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(
          classpathFile + " is missing: build athena-reader-check/trino-classpath first");
    }
    String classpath = Files.readString(classpathFile).trim();
    Path main = Path.of(System.getProperty("trino.sources")).resolve(MAIN);
    Path stderr = Files.createTempFile("trino-reader", ".log");
    Process process =
        new ProcessBuilder(
                java25Home.resolve("bin/java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                // Trino's Parquet decoders use the Vector API, as Trino's own JVM config enables.
                "--add-modules=jdk.incubator.vector",
                "-Xmx256m",
                "-cp",
                classpath,
                main.toString())
            .redirectError(stderr.toFile())
            .start();
    return new TrinoReader(process, stderr);
  }

  /**
   * Every line of {@code file} (a Firehose object; {@code .gz} is read as gzip) as Trino decodes it
   * with {@code table}.
   */
  List<DecodedLine> read(GlueTable table, Path file) throws IOException {
    return read(table, file, "json");
  }

  /**
   * Every row of the Parquet object {@code file} as Trino's Parquet reader decodes it with {@code
   * table}'s columns; {@link DecodedLine#line()} counts rows from 1.
   */
  List<DecodedLine> readParquet(GlueTable table, Path file) throws IOException {
    return read(table, file, "parquet");
  }

  private List<DecodedLine> read(GlueTable table, Path file, String format) throws IOException {
    ObjectNode request = json.createObjectNode();
    request.put("format", format);
    request.put("serdeLibrary", table.serdeLibrary());
    ObjectNode serde = request.putObject("serde");
    table.serdeParameters().forEach(serde::put);
    var columns = request.putArray("columns");
    for (GlueTable.Column column : table.columns()) {
      columns.addObject().put("name", column.name()).set("type", column.type().toJson());
    }
    request.put("file", file.toAbsolutePath().toString());
    requests.write(json.writeValueAsString(request));
    requests.newLine();
    requests.flush();
    String answer = answers.readLine();
    if (answer == null) {
      throw new IOException("The Trino JVM ended: " + Files.readString(stderr));
    }
    JsonNode result = json.readTree(answer);
    if (result.has("failure")) {
      throw new IllegalArgumentException(
          "Trino could not read " + file + ": " + result.get("failure").asText());
    }
    List<DecodedLine> lines = new ArrayList<>();
    for (JsonNode line : result.get("lines")) {
      lines.add(
          new DecodedLine(
              line.get("line").asInt(),
              line.has("row") ? line.get("row") : null,
              line.has("error") ? line.get("error").asText() : null));
    }
    return lines;
  }

  @Override
  public void close() throws IOException {
    requests.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(stderr);
  }
}
