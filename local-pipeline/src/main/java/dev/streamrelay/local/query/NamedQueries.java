package dev.streamrelay.local.query;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Athena named queries ({@code AWS::Athena::NamedQuery}) of {@code
 * cfn/templates/analytics.yaml}, read from the template itself and translated by {@link AthenaSql}
 * to run on the local tables.
 *
 * @param parameters each template parameter's default value
 * @param queries the named queries in template order
 */
public record NamedQueries(Map<String, String> parameters, List<NamedQuery> queries) {

  /** The template, relative to the repository root. */
  public static final Path RELATIVE_PATH = Path.of("cfn", "templates", "analytics.yaml");

  /**
   * One named query.
   *
   * @param resource its logical id in the template
   * @param name its {@code Name}
   * @param queryString its {@code QueryString} as written, {@code !Sub} variables unresolved
   * @param subVariables variables given in the long form {@code !Sub [text, {vars}]}
   */
  public record NamedQuery(
      String resource, String name, String queryString, Map<String, String> subVariables) {}

  public NamedQueries {
    parameters = Map.copyOf(parameters);
    queries = List.copyOf(queries);
  }

  /** Reads the template next to {@code schema} (same repository root). */
  public static NamedQueries forSchema(EnvelopeSchema schema) throws IOException {
    Path root = schema.file().toAbsolutePath().getParent().getParent();
    return read(root.resolve(RELATIVE_PATH));
  }

  /**
   * Reads {@code template}, tolerating CloudFormation's short tags ({@code !Sub}, {@code !Ref}).
   */
  public static NamedQueries read(Path template) throws IOException {
    Map<?, ?> root = CloudFormationYaml.read(template);
    Map<String, String> parameters = new LinkedHashMap<>();
    if (root.get("Parameters") instanceof Map<?, ?> params) {
      for (Map.Entry<?, ?> p : params.entrySet()) {
        if (p.getValue() instanceof Map<?, ?> def && def.get("Default") != null) {
          parameters.put(String.valueOf(p.getKey()), String.valueOf(def.get("Default")));
        }
      }
    }
    List<NamedQuery> queries = new ArrayList<>();
    Map<?, ?> resources = map(root.get("Resources"), template + " has no Resources");
    for (Map.Entry<?, ?> e : resources.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> resource)
          || !"AWS::Athena::NamedQuery".equals(resource.get("Type"))) {
        continue;
      }
      String id = String.valueOf(e.getKey());
      Map<?, ?> props = map(resource.get("Properties"), id + " has no Properties");
      Object qs = props.get("QueryString");
      Map<String, String> vars = new LinkedHashMap<>();
      if (qs instanceof List<?> longForm && !longForm.isEmpty()) {
        if (longForm.size() > 1 && longForm.get(1) instanceof Map<?, ?> m) {
          m.forEach((k, v) -> vars.put(String.valueOf(k), String.valueOf(v)));
        }
        qs = longForm.get(0);
      }
      if (!(qs instanceof String text) || !(props.get("Name") instanceof String name)) {
        throw new IllegalArgumentException(id + ": Name and QueryString must be text");
      }
      queries.add(new NamedQuery(id, name, text, vars));
    }
    return new NamedQueries(parameters, queries);
  }

  /** The query named {@code name}. */
  public NamedQuery named(String name) {
    return queries.stream()
        .filter(q -> q.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no named query '"
                        + name
                        + "' in "
                        + RELATIVE_PATH
                        + "; there are: "
                        + queries.stream().map(NamedQuery::name).toList()));
  }

  /** {@code query} translated to run on the local table {@code localTable} at {@code now}. */
  public String translate(NamedQuery query, String localTable, Instant now) {
    Map<String, String> values = new LinkedHashMap<>(parameters);
    values.putAll(query.subVariables());
    String database = parameters.get("DatabaseName");
    String table = parameters.get("TableName");
    if (database == null || table == null) {
      throw new AthenaSql.UntranslatableException(
          RELATIVE_PATH + " needs DatabaseName and TableName parameters with defaults");
    }
    return AthenaSql.translate(query.queryString(), values, database, table, localTable, now);
  }

  private static Map<?, ?> map(Object o, String message) {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(message);
  }
}
