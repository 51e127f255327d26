package dev.streamrelay.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fills the {@code ${NAME}} placeholders of config templates (connector JSON, create-connector
 * requests, worker properties) from an environment file and environment variables. The same rules
 * as {@code connectctl.py}, which a test holds it to:
 *
 * <ul>
 *   <li>A placeholder is {@code ${NAME}} with NAME in upper case, digits and underscores. Anything
 *       else in {@code ${...}} is left alone: the SQS source's {@code ${queue}} and Kafka config
 *       provider references such as {@code ${secretsmanager:name:key}} pass through.
 *   <li>A value comes from an environment variable of the same name if one is set, else from the
 *       environment file ({@code NAME=value} lines, {@code #} comments, no escapes). An empty value
 *       is a value.
 *   <li>A placeholder with no value fails the whole file, naming every missing variable.
 *   <li>JSON templates are parsed first and placeholders replaced inside string values and keys, so
 *       the output is valid JSON whatever the values contain.
 *   <li>A connector template gets the keys its environment's {@link ConnectorOverlay} adds
 *       (endpoints and credentials only, never a key the template sets).
 * </ul>
 *
 * <p>There is one template per connector ({@code connectors/*.json}), the same for every
 * environment, and one worker configuration ({@code ../mskconnect/worker-configuration.properties})
 * that {@link #renderWorker} completes with what a self-managed worker needs.
 */
public final class ConfigRenderer {

  /** A placeholder this renderer fills. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The line {@link #renderWorker} puts between the local worker file and the shared one. */
  static final String SHARED_WORKER_HEADER =
      "# --- mskconnect/worker-configuration.properties: the settings every StreamRelay worker"
          + " runs with, MSK Connect's too ---\n";

  private final Map<String, String> variables;
  private final ConnectorOverlay overlay;

  /** A renderer using exactly {@code variables}, with no overlay. */
  public ConfigRenderer(Map<String, String> variables) {
    this(variables, ConnectorOverlay.NONE);
  }

  /**
   * A renderer using exactly {@code variables} that adds {@code overlay} to connector templates.
   */
  public ConfigRenderer(Map<String, String> variables, ConnectorOverlay overlay) {
    this.variables = Map.copyOf(variables);
    this.overlay = overlay;
  }

  /**
   * A renderer for an environment: the variables of {@code envFile}, each overridden by an entry of
   * the same name in {@code environment} (pass {@link System#getenv()}, or a map in tests), and the
   * overlay beside {@code envFile} ({@link ConnectorOverlay#forEnvFile}).
   */
  public static ConfigRenderer forEnvironment(Path envFile, Map<String, String> environment) {
    Map<String, String> vars = new LinkedHashMap<>(readEnvFile(envFile));
    environment.forEach(
        (name, value) -> {
          if (PLACEHOLDER.matcher("${" + name + "}").matches()) {
            vars.put(name, value);
          }
        });
    return new ConfigRenderer(vars, ConnectorOverlay.forEnvFile(envFile));
  }

  /**
   * The environment file {@code <configDir>/env/<env>.properties}, e.g. {@code local}; for {@code
   * aws}, copy {@code aws.properties.example} to {@code aws.properties} and fill it in.
   */
  public static Path envFile(Path configDir, String env) {
    return configDir.resolve("env").resolve(env + ".properties");
  }

  /** The connector templates, one per connector: {@code <configDir>/connectors/*.json}. */
  public static List<Path> connectorTemplates(Path configDir) {
    try (Stream<Path> files = Files.list(configDir.resolve("connectors"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The local worker template: {@code <configDir>/worker/connect-distributed.properties}. */
  public static Path localWorkerTemplate(Path configDir) {
    return configDir.resolve("worker").resolve("connect-distributed.properties");
  }

  /**
   * The one worker configuration: {@code mskconnect/worker-configuration.properties} beside {@code
   * configDir}, which MSK Connect takes as it is and every other worker adds to.
   */
  public static Path sharedWorkerConfiguration(Path configDir) {
    return configDir
        .toAbsolutePath()
        .normalize()
        .resolveSibling("mskconnect")
        .resolve("worker-configuration.properties");
  }

  /**
   * The properties file of a self-managed worker: {@link #localWorkerTemplate} rendered, then every
   * line of {@link #sharedWorkerConfiguration}. Fails when the local file sets a key the shared one
   * sets (each shared setting is written once), or when the shared file holds a placeholder (MSK
   * Connect would get it unfilled).
   */
  public String renderWorker(Path configDir) {
    Path local = localWorkerTemplate(configDir);
    Path shared = sharedWorkerConfiguration(configDir);
    String localText = render(local);
    String sharedText = read(shared);
    Matcher placeholder = PLACEHOLDER.matcher(sharedText);
    if (placeholder.find()) {
      throw new IllegalArgumentException(
          shared
              + " holds the placeholder "
              + placeholder.group()
              + ", but MSK Connect takes that file as it is: write the value itself.");
    }
    Set<String> repeated = new TreeSet<>(properties(localText).keySet());
    repeated.retainAll(properties(sharedText).keySet());
    if (!repeated.isEmpty()) {
      throw new IllegalArgumentException(
          local
              + " sets "
              + String.join(", ", repeated)
              + ", which "
              + shared
              + " sets for every StreamRelay worker: set them there only.");
    }
    return (localText.endsWith("\n") ? localText : localText + "\n")
        + "\n"
        + SHARED_WORKER_HEADER
        + sharedText;
  }

  /** The key/value pairs of a properties text, as {@link Properties#load} reads them. */
  public static Map<String, String> properties(String text) {
    Properties props = new Properties();
    try {
      props.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> map = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
    return map;
  }

  /** Reads {@code NAME=value} lines; blank lines and lines starting with # are skipped. */
  public static Map<String, String> readEnvFile(Path file) {
    Map<String, String> vars = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read environment file " + file, e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? "" : line.substring(0, eq).strip();
      if (!PLACEHOLDER.matcher("${" + name + "}").matches()) {
        throw new IllegalArgumentException(
            file + " line " + (i + 1) + ": expected NAME=value with an upper-case NAME: " + line);
      }
      vars.put(name, line.substring(eq + 1).strip());
    }
    return vars;
  }

  /** The rendered file: pretty-printed JSON for {@code .json} files, text for any other. */
  public String render(Path template) {
    if (template.getFileName().toString().endsWith(".json")) {
      try {
        return JSON.writeValueAsString(renderJson(template)) + "\n";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return renderText(read(template), template.toString());
  }

  /**
   * A JSON template with its placeholders filled and, when it is a connector template the overlay
   * names, the overlay's keys added after the template's.
   */
  public JsonNode renderJson(Path template) {
    JsonNode tree;
    try {
      tree = JSON.readTree(read(template));
    } catch (IOException e) {
      throw new IllegalArgumentException(template + " is not valid JSON: " + e.getMessage(), e);
    }
    Set<String> missing = new TreeSet<>();
    JsonNode rendered = fill(tree, missing);
    Map<String, String> added = overlay.keysFor(ConnectorOverlay.templateName(template));
    if (!added.isEmpty() && rendered instanceof ObjectNode object) {
      for (Map.Entry<String, String> e : added.entrySet()) {
        String key = e.getKey();
        if (object.has(key)) {
          throw new IllegalArgumentException(
              template
                  + " sets "
                  + key
                  + ", which "
                  + overlay.file()
                  + " also sets: an overlay only adds endpoints and credentials that the template"
                  + " leaves out.");
        }
        object.put(key, substitute(e.getValue(), missing));
      }
    }
    failIfMissing(missing, template.toString());
    return rendered;
  }

  /**
   * A connector config template rendered to the flat string map that {@code PUT
   * /connectors/{name}/config} takes.
   */
  public Map<String, String> renderConnectorConfig(Path template) {
    JsonNode tree = renderJson(template);
    if (!tree.isObject()) {
      throw new IllegalArgumentException(template + ": a connector config is a JSON object");
    }
    Map<String, String> config = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(
            template + ": the value of " + e.getKey() + " must be a string, as Connect expects");
      }
      config.put(e.getKey(), e.getValue().asText());
    }
    return config;
  }

  /** {@code text} with its placeholders filled; {@code source} names it in errors. */
  public String renderText(String text, String source) {
    Set<String> missing = new TreeSet<>();
    String rendered = substitute(text, missing);
    failIfMissing(missing, source);
    return rendered;
  }

  private JsonNode fill(JsonNode node, Set<String> missing) {
    if (node.isTextual()) {
      return TextNode.valueOf(substitute(node.asText(), missing));
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(child -> out.add(fill(child, missing)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      node.fields()
          .forEachRemaining(
              e -> out.set(substitute(e.getKey(), missing), fill(e.getValue(), missing)));
      return out;
    }
    return node;
  }

  private String substitute(String text, Set<String> missing) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      if (value == null) {
        missing.add(m.group(1));
        value = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void failIfMissing(Set<String> missing, String source) {
    if (!missing.isEmpty()) {
      throw new MissingVariablesException(source, new ArrayList<>(missing));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read template " + file, e);
    }
  }
}
