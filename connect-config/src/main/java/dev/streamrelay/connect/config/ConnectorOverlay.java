package dev.streamrelay.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an environment adds to the connector templates: endpoints and credentials only. The file
 * sits beside the environment file with the same stem ({@code env/local.properties} has {@code
 * env/local.connectors.json}) and maps a template name ({@code sqs-source} for {@code
 * connectors/sqs-source.json}) to the keys it adds, whose values may hold placeholders:
 *
 * <pre>{"sqs-source": {"aws.endpoint.url": "${SQS_ENDPOINT_URL}", ...}, "firehose-sink": {...}}
 * </pre>
 *
 * <p>A key outside {@link #KEYS} is refused when the file is read, and a key the template already
 * sets is refused when the template is rendered, so every behaviour setting stays the one the
 * template gives, in every environment. {@code connectctl.py} applies the same rules.
 */
public final class ConnectorOverlay {

  /** The only keys an overlay may add, sorted. */
  public static final List<String> KEYS =
      List.of("aws.access.key.id", "aws.endpoint.url", "aws.secret.access.key");

  /** No overlay: templates render as they are (the {@code aws} environment). */
  public static final ConnectorOverlay NONE = new ConnectorOverlay(null, Map.of());

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, Map<String, String>> sections;

  private ConnectorOverlay(Path file, Map<String, Map<String, String>> sections) {
    this.file = file;
    this.sections = sections;
  }

  /**
   * The overlay file of an environment file: same directory, the name up to its first dot, then
   * {@code .connectors.json} ({@code local.properties} and {@code local.properties.example} both
   * give {@code local.connectors.json}).
   */
  public static Path fileFor(Path envFile) {
    String name = envFile.getFileName().toString();
    int dot = name.indexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    return envFile.resolveSibling(stem + ".connectors.json");
  }

  /** The overlay beside {@code envFile}, or {@link #NONE} when it has none. */
  public static ConnectorOverlay forEnvFile(Path envFile) {
    Path overlay = fileFor(envFile);
    return Files.exists(overlay) ? read(overlay) : NONE;
  }

  /** Reads and checks an overlay file. */
  public static ConnectorOverlay read(Path file) {
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not readable JSON: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw shapeError(file);
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> section = it.next();
      if (!section.getValue().isObject()) {
        throw shapeError(file);
      }
      Map<String, String> keys = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> k = section.getValue().fields(); k.hasNext(); ) {
        Map.Entry<String, JsonNode> e = k.next();
        if (!KEYS.contains(e.getKey())) {
          throw new IllegalArgumentException(
              file
                  + ": "
                  + section.getKey()
                  + ": "
                  + e.getKey()
                  + " cannot be overlaid. An overlay sets only endpoints and credentials ("
                  + String.join(", ", KEYS)
                  + "); every other setting belongs in connectors/"
                  + section.getKey()
                  + ".json, the same in every environment.");
        }
        if (!e.getValue().isTextual()) {
          throw shapeError(file);
        }
        keys.put(e.getKey(), e.getValue().asText());
      }
      sections.put(section.getKey(), Collections.unmodifiableMap(keys));
    }
    return new ConnectorOverlay(file, Collections.unmodifiableMap(sections));
  }

  /** The template names this overlay has keys for. */
  public Set<String> templateNames() {
    return sections.keySet();
  }

  /** The keys (values not yet rendered, in file order) it adds to the template of that name. */
  public Map<String, String> keysFor(String templateName) {
    return sections.getOrDefault(templateName, Map.of());
  }

  /** The overlay file, or {@code null} for {@link #NONE}. */
  public Path file() {
    return file;
  }

  /** The name of a connector template: its file name without {@code .json}. */
  public static String templateName(Path template) {
    String name = template.getFileName().toString();
    return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
  }

  private static IllegalArgumentException shapeError(Path file) {
    return new IllegalArgumentException(
        file
            + ": an overlay is a JSON object that maps connector template names to objects of"
            + " string values");
  }
}
