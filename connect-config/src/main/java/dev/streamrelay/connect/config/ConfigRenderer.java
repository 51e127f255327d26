package dev.streamrelay.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * </ul>
 */
public final class ConfigRenderer {

  /** A placeholder this renderer fills. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, String> variables;

  /** A renderer using exactly {@code variables}. */
  public ConfigRenderer(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /**
   * A renderer for an environment: the variables of {@code envFile}, each overridden by an entry of
   * the same name in {@code environment} (pass {@link System#getenv()}, or a map in tests).
   */
  public static ConfigRenderer forEnvironment(Path envFile, Map<String, String> environment) {
    Map<String, String> vars = new LinkedHashMap<>(readEnvFile(envFile));
    environment.forEach(
        (name, value) -> {
          if (PLACEHOLDER.matcher("${" + name + "}").matches()) {
            vars.put(name, value);
          }
        });
    return new ConfigRenderer(vars);
  }

  /**
   * The environment file {@code <configDir>/env/<env>.properties}, e.g. {@code local}; for {@code
   * aws}, copy {@code aws.properties.example} to {@code aws.properties} and fill it in.
   */
  public static Path envFile(Path configDir, String env) {
    return configDir.resolve("env").resolve(env + ".properties");
  }

  /** The connector templates of an environment: {@code <configDir>/connectors/<env>/*.json}. */
  public static List<Path> connectorTemplates(Path configDir, String env) {
    try (Stream<Path> files = Files.list(configDir.resolve("connectors").resolve(env))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** A JSON template with its placeholders filled. */
  public JsonNode renderJson(Path template) {
    JsonNode tree;
    try {
      tree = JSON.readTree(read(template));
    } catch (IOException e) {
      throw new IllegalArgumentException(template + " is not valid JSON: " + e.getMessage(), e);
    }
    Set<String> missing = new TreeSet<>();
    JsonNode rendered = fill(tree, missing);
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
