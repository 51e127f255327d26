package dev.streamrelay.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigRendererTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private Path write(String name, String content) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void fillsUpperCasePlaceholdersAndLeavesKafkaAndConnectorPlaceholdersAlone() throws IOException {
    Path template =
        write(
            "c.json",
            "{\"kafka.topic\": \"sqs.${queue}\", \"aws.region\": \"${AWS_REGION}\","
                + " \"secret\": \"${secretsmanager:streamrelay:key}\","
                + " \"both\": \"${PREFIX}-${PREFIX}\"}");
    Map<String, String> config =
        new ConfigRenderer(Map.of("AWS_REGION", "eu-west-1", "PREFIX", "p"))
            .renderConnectorConfig(template);
    assertThat(config)
        .containsExactly(
            Map.entry("kafka.topic", "sqs.${queue}"),
            Map.entry("aws.region", "eu-west-1"),
            Map.entry("secret", "${secretsmanager:streamrelay:key}"),
            Map.entry("both", "p-p"));
  }

  @Test
  void namesEveryMissingVariable() throws IOException {
    Path template = write("c.json", "{\"a\": \"${ONE}\", \"b\": \"${TWO} ${THREE}\"}");
    assertThatThrownBy(() -> new ConfigRenderer(Map.of("TWO", "2")).renderJson(template))
        .isInstanceOfSatisfying(
            MissingVariablesException.class,
            e -> assertThat(e.names()).containsExactly("ONE", "THREE"))
        .hasMessageContaining(template.toString())
        .hasMessageContaining("ONE, THREE");
  }

  @Test
  void failsOnAMissingVariableInATextTemplateToo() throws IOException {
    Path template = write("w.properties", "bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS}\n");
    assertThatThrownBy(() -> new ConfigRenderer(Map.of()).render(template))
        .isInstanceOf(MissingVariablesException.class)
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void anEmptyValueIsAValue() throws IOException {
    Path template = write("c.json", "{\"aws.endpoint.url\": \"${ENDPOINT}\"}");
    assertThat(new ConfigRenderer(Map.of("ENDPOINT", "")).renderConnectorConfig(template))
        .containsEntry("aws.endpoint.url", "");
  }

  @Test
  void valuesNeedNoEscapingInJson() throws IOException {
    Path template = write("c.json", "{\"v\": \"${VALUE}\"}");
    String awkward = "quote \" backslash \\ newline \n dollar $1 brace } unicode Köln";
    String rendered = new ConfigRenderer(Map.of("VALUE", awkward)).render(template);
    assertThat(JSON.readTree(rendered).get("v").asText()).isEqualTo(awkward);
  }

  @Test
  void environmentVariablesOverrideTheFile() throws IOException {
    Path env = write("e.properties", "# comment\n\nA = from-file\nB=file=with=equals\n");
    Path template = write("c.json", "{\"a\": \"${A}\", \"b\": \"${B}\"}");
    Map<String, String> config =
        ConfigRenderer.forEnvironment(env, Map.of("A", "from-env", "lower", "ignored"))
            .renderConnectorConfig(template);
    assertThat(config).containsEntry("a", "from-env").containsEntry("b", "file=with=equals");
  }

  @Test
  void rejectsAMalformedEnvironmentFile() throws IOException {
    Path env = write("e.properties", "GOOD=1\nlower=2\n");
    assertThatThrownBy(() -> ConfigRenderer.readEnvFile(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void rejectsNonStringConnectorValues() throws IOException {
    Path template = write("c.json", "{\"tasks.max\": 2}");
    assertThatThrownBy(() -> new ConfigRenderer(Map.of()).renderConnectorConfig(template))
        .hasMessageContaining("tasks.max");
  }

  static List<Templates> templates() {
    return Templates.all();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyTemplateRendersWithItsEnvironment(Templates t) {
    String rendered = ConfigRenderer.forEnvironment(t.envFile(), Map.of()).render(t.template());
    assertThat(ConfigRenderer.PLACEHOLDER.matcher(rendered).find()).isFalse();
  }

  @Test
  void everyEnvironmentVariableIsUsed() throws IOException {
    Set<String> usedLocal = new TreeSet<>();
    Set<String> usedAws = new TreeSet<>();
    for (Templates t : Templates.all()) {
      Set<String> used = t.envFile().equals(Templates.localEnv()) ? usedLocal : usedAws;
      used.addAll(placeholders(Files.readString(t.template())));
    }
    usedLocal.addAll(
        placeholders(Files.readString(ConnectorOverlay.fileFor(Templates.localEnv()))));
    assertThat(ConfigRenderer.readEnvFile(Templates.localEnv()).keySet())
        .containsExactlyInAnyOrderElementsOf(usedLocal);
    assertThat(ConfigRenderer.readEnvFile(Templates.awsExampleEnv()).keySet())
        .containsExactlyInAnyOrderElementsOf(usedAws);
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = ConfigRenderer.PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void theLocalWorkerPropertiesAreAValidDistributedWorkerConfig() {
    String rendered =
        ConfigRenderer.forEnvironment(Templates.localEnv(), Map.of())
            .renderWorker(Templates.configDir());
    DistributedConfig config = new DistributedConfig(ConfigRenderer.properties(rendered));
    assertThat(config.getString("group.id")).isEqualTo("streamrelay-local");
    assertThat(config.getList("plugin.path")).containsExactly("mskconnect/target/plugin-path");
    assertThat(config.getClass("header.converter").getName())
        .isEqualTo("org.apache.kafka.connect.converters.ByteArrayConverter");
    assertThat(config.getBoolean("topic.creation.enable")).isTrue();
  }

  /** connectctl.py render-worker prints exactly what ConfigRenderer.renderWorker renders. */
  @Test
  void thePythonWorkerRendererAgrees() throws Exception {
    PythonRun run = PythonRun.of(Map.of(), "render-worker", "--env", "local");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.stdout())
        .isEqualTo(
            ConfigRenderer.forEnvironment(Templates.localEnv(), Map.of())
                .renderWorker(Templates.configDir()));
  }

  /** A copy of connect-config/ and mskconnect/ in temp, for tests that break the files. */
  private Path copyOfTheTree(String localWorker, String sharedWorker) throws IOException {
    Path configDir = temp.resolve("repo").resolve("connect-config");
    Files.createDirectories(configDir.resolve("worker"));
    Files.createDirectories(configDir.resolve("env"));
    Files.createDirectories(configDir.resolveSibling("mskconnect"));
    Files.copy(Templates.configDir().resolve("connectctl.py"), configDir.resolve("connectctl.py"));
    Files.writeString(configDir.resolve("env/local.properties"), "PORT=8083\n");
    Files.writeString(ConfigRenderer.localWorkerTemplate(configDir), localWorker);
    Files.writeString(ConfigRenderer.sharedWorkerConfiguration(configDir), sharedWorker);
    return configDir;
  }

  @Test
  void theWorkerRenderersRefuseALocalKeyTheSharedFileSets() throws Exception {
    Path configDir =
        copyOfTheTree(
            "listeners=http://localhost:${PORT}\nheader.converter = x\n",
            "# shared\nheader.converter=org.apache.kafka.connect.converters.ByteArrayConverter\n");
    ConfigRenderer renderer =
        ConfigRenderer.forEnvironment(configDir.resolve("env/local.properties"), Map.of());
    assertThatThrownBy(() -> renderer.renderWorker(configDir))
        .hasMessageContaining("sets header.converter, which")
        .hasMessageContaining("set them there only");
    PythonRun run =
        PythonRun.ofScript(
            configDir.resolve("connectctl.py"), Map.of(), "render-worker", "--env", "local");
    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.stderr()).contains("sets header.converter, which").contains("there only");
  }

  @Test
  void theWorkerRenderersRefuseAPlaceholderInTheSharedFile() throws Exception {
    Path configDir = copyOfTheTree("listeners=http://localhost:${PORT}\n", "a=${PORT}\n");
    ConfigRenderer renderer =
        ConfigRenderer.forEnvironment(configDir.resolve("env/local.properties"), Map.of());
    assertThatThrownBy(() -> renderer.renderWorker(configDir))
        .hasMessageContaining("holds the placeholder ${PORT}");
    PythonRun run =
        PythonRun.ofScript(
            configDir.resolve("connectctl.py"), Map.of(), "render-worker", "--env", "local");
    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.stderr()).contains("holds the placeholder ${PORT}");
  }

  @Test
  void theWorkerRenderersAppendTheSharedFileToTheRenderedLocalOne() throws Exception {
    Path configDir =
        copyOfTheTree("listeners=http://localhost:${PORT}", "# shared\nkey.converter=k\n");
    String expected =
        "listeners=http://localhost:8083\n\n"
            + ConfigRenderer.SHARED_WORKER_HEADER
            + "# shared\nkey.converter=k\n";
    assertThat(
            ConfigRenderer.forEnvironment(configDir.resolve("env/local.properties"), Map.of())
                .renderWorker(configDir))
        .isEqualTo(expected);
    PythonRun run =
        PythonRun.ofScript(
            configDir.resolve("connectctl.py"), Map.of(), "render-worker", "--env", "local");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.stdout()).isEqualTo(expected);
  }

  @Test
  void theOverlayFileHasTheEnvironmentFilesStem() {
    assertThat(ConnectorOverlay.fileFor(Path.of("env", "local.properties")))
        .isEqualTo(Path.of("env", "local.connectors.json"));
    assertThat(ConnectorOverlay.fileFor(Path.of("env", "aws.properties.example")))
        .isEqualTo(Path.of("env", "aws.connectors.json"));
  }

  /** An environment in temp: env/test.properties, its overlay, and connectors/c.json. */
  private record Env(Path envFile, Path template) {}

  private Env env(String template, String overlay) throws IOException {
    Path dir = temp.resolve("overlay-env");
    Files.createDirectories(dir.resolve("env"));
    Files.createDirectories(dir.resolve("connectors"));
    Path envFile = dir.resolve("env/test.properties");
    Files.writeString(envFile, "ENDPOINT=http://127.0.0.1:9324\nQUEUE=q\n");
    Files.writeString(dir.resolve("env/test.connectors.json"), overlay);
    Path file = dir.resolve("connectors/c.json");
    Files.writeString(file, template);
    return new Env(envFile, file);
  }

  @Test
  void bothRenderersAddTheOverlayKeysOfTheTemplatesName() throws Exception {
    Env e =
        env(
            "{\"sqs.queue.urls\": \"${QUEUE}\"}",
            "{\"c\": {\"aws.endpoint.url\": \"${ENDPOINT}\", \"aws.access.key.id\": \"k\"},"
                + " \"other\": {\"aws.secret.access.key\": \"s\"}}");
    Map<String, String> java =
        ConfigRenderer.forEnvironment(e.envFile(), Map.of()).renderConnectorConfig(e.template());
    assertThat(java)
        .containsExactly(
            Map.entry("sqs.queue.urls", "q"),
            Map.entry("aws.endpoint.url", "http://127.0.0.1:9324"),
            Map.entry("aws.access.key.id", "k"));
    PythonRun run =
        PythonRun.of(
            Map.of(), "render", "--env-file", e.envFile().toString(), e.template().toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(JSON.readTree(run.stdout())).isEqualTo(JSON.valueToTree(java));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqs.max.messages", "aws.region", "value.converter", "aws.sts.role.arn"})
  void bothRenderersRefuseAnOverlayKeyThatIsNotAnEndpointOrCredential(String key) throws Exception {
    Env e = env("{\"a\": \"b\"}", "{\"c\": {\"" + key + "\": \"1\"}}");
    assertThatThrownBy(() -> ConfigRenderer.forEnvironment(e.envFile(), Map.of()))
        .hasMessageContaining("c: " + key + " cannot be overlaid")
        .hasMessageContaining("aws.access.key.id, aws.endpoint.url, aws.secret.access.key");
    PythonRun run =
        PythonRun.of(
            Map.of(), "render", "--env-file", e.envFile().toString(), e.template().toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .contains("c: " + key + " cannot be overlaid")
        .contains("aws.access.key.id, aws.endpoint.url, aws.secret.access.key");
  }

  @Test
  void bothRenderersRefuseAnOverlayKeyTheTemplateSets() throws Exception {
    Env e =
        env(
            "{\"aws.endpoint.url\": \"https://sqs.eu-west-1.amazonaws.com\"}",
            "{\"c\": {\"aws.endpoint.url\": \"${ENDPOINT}\"}}");
    ConfigRenderer renderer = ConfigRenderer.forEnvironment(e.envFile(), Map.of());
    assertThatThrownBy(() -> renderer.renderConnectorConfig(e.template()))
        .hasMessageContaining("c.json sets aws.endpoint.url, which")
        .hasMessageContaining("also sets");
    PythonRun run =
        PythonRun.of(
            Map.of(), "render", "--env-file", e.envFile().toString(), e.template().toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.stderr()).contains("c.json sets aws.endpoint.url, which").contains("also sets");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "{\"c\": \"x\"}", "{\"c\": {\"aws.endpoint.url\": 1}}"})
  void bothRenderersRefuseAnOverlayOfTheWrongShape(String overlay) throws Exception {
    Env e = env("{\"a\": \"b\"}", overlay);
    assertThatThrownBy(() -> ConfigRenderer.forEnvironment(e.envFile(), Map.of()))
        .hasMessageContaining("an overlay is a JSON object");
    PythonRun run =
        PythonRun.of(
            Map.of(), "render", "--env-file", e.envFile().toString(), e.template().toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.stderr()).contains("an overlay is a JSON object");
  }

  /** connectctl.py renders every template exactly as this class does. */
  @ParameterizedTest
  @MethodSource("templates")
  void thePythonRendererAgrees(Templates t) throws Exception {
    PythonRun run =
        PythonRun.of(
            Map.of(), "render", "--env-file", t.envFile().toString(), t.template().toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    String java = ConfigRenderer.forEnvironment(t.envFile(), Map.of()).render(t.template());
    if (t.template().toString().endsWith(".json")) {
      JsonNode fromPython = JSON.readTree(run.stdout());
      assertThat(fromPython).isEqualTo(JSON.readTree(java));
    } else {
      assertThat(run.stdout()).isEqualTo(java);
    }
  }

  /** render --properties gives the same map, in the form the MSK Connect console takes. */
  @ParameterizedTest
  @MethodSource("templates")
  void thePythonPropertiesOutputLoadsAsTheSameConfig(Templates t) throws Exception {
    if (!t.template().toString().endsWith(".json")) {
      return;
    }
    PythonRun run =
        PythonRun.of(
            Map.of(),
            "render",
            "--properties",
            "--env-file",
            t.envFile().toString(),
            t.template().toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    JsonNode json = ConfigRenderer.forEnvironment(t.envFile(), Map.of()).renderJson(t.template());
    JsonNode config =
        json.has("connectorConfiguration") ? json.get("connectorConfiguration") : json;
    Map<String, String> expected = new HashMap<>();
    config.fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
    assertThat(loadProperties(run.stdout())).isEqualTo(expected);
  }

  @Test
  void thePropertiesOutputEscapesWhatPropertiesFilesTreatSpecially() throws Exception {
    Path template =
        write("c.json", "{\"a b:c=d\": \" lead \\\\ back\\nline Köln\", \"e\": \"${E}\"}");
    PythonRun run =
        PythonRun.of(
            Map.of("E", "from env"),
            "render",
            "--properties",
            "--env-file",
            Templates.localEnv().toString(),
            template.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(loadProperties(run.stdout()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a b:c=d", " lead \\ back\nline Köln", "e", "from env"));
  }

  private static Map<String, String> loadProperties(String text) throws IOException {
    Properties props = new Properties();
    props.load(new java.io.StringReader(text));
    Map<String, String> map = new HashMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
    return map;
  }

  @Test
  void connectctlRetriesAnUnreachableWorkerThenGivesUp() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long start = System.nanoTime();
    PythonRun run =
        PythonRun.of(
            Map.of(),
            "apply",
            "--env",
            "local",
            "--url",
            "http://127.0.0.1:" + port,
            "--connect-wait",
            "2");
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.stderr()).contains("Cannot reach Kafka Connect at http://127.0.0.1:" + port);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThan(java.time.Duration.ofSeconds(2));
  }

  @Test
  void thePythonRendererFailsLoudlyOnAMissingVariable() throws Exception {
    Path env = write("e.properties", "AWS_REGION=us-east-1\n");
    Path template = Templates.configDir().resolve("connectors").resolve("sqs-source.json");
    PythonRun run =
        PythonRun.of(Map.of(), "render", "--env-file", env.toString(), template.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("SQS_QUEUE_URL").contains("KAFKA_TOPIC");
  }
}
