package dev.streamrelay.local.query;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation template of {@code cfn/templates/}, tolerating its short tags: any {@code
 * !Tag} node reads as its plain value ({@code !Sub |} text is that text, {@code !GetAtt X.Arn} the
 * string {@code X.Arn}, {@code !Not [...]} the list).
 */
public final class CloudFormationYaml {

  private CloudFormationYaml() {}

  /** The template's top-level mapping. */
  public static Map<?, ?> read(Path template) throws IOException {
    Object doc;
    try (Reader r = Files.newBufferedReader(template, StandardCharsets.UTF_8)) {
      doc = new Yaml(new TolerantConstructor()).load(r);
    }
    if (doc instanceof Map<?, ?> m) {
      return m;
    }
    throw new IOException(template + " is not a YAML mapping");
  }

  /**
   * {@code relative} under the repository root: the {@code streamrelay.repo.root} system property
   * when set, else the nearest directory holding it from the working directory up.
   */
  public static Path locate(Path relative) {
    String root = System.getProperty("streamrelay.repo.root");
    if (root != null) {
      return Path.of(root).toAbsolutePath().normalize().resolve(relative);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    throw new IllegalStateException(
        "No "
            + relative
            + " in "
            + Path.of("").toAbsolutePath()
            + " or above; run from the repository or set -Dstreamrelay.repo.root");
  }

  private static final class TolerantConstructor extends SafeConstructor {
    TolerantConstructor() {
      super(new LoaderOptions());
      yamlMultiConstructors.put(
          "!",
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              if (node instanceof ScalarNode s) {
                return s.getValue();
              }
              if (node instanceof SequenceNode q) {
                return constructSequence(q);
              }
              return constructMapping((MappingNode) node);
            }
          });
    }
  }
}
