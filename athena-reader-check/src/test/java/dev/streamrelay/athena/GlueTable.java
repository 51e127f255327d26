package dev.streamrelay.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Glue table as a CloudFormation template declares it ({@code AWS::Glue::Table}): its columns
 * with their Hive types, and its SerDe library and parameters. Partition keys are left out: they
 * come from the S3 path, not from the lines.
 */
record GlueTable(String serdeLibrary, Map<String, String> serdeParameters, List<Column> columns) {

  record Column(String name, HiveType type) {}

  /** The table the resource {@code logicalId} of {@code template} declares. */
  static GlueTable fromTemplate(Path template, String logicalId) throws IOException {
    // Jackson's YAML parser reads a short-form tag (!Sub, !Ref, !GetAtt) as its plain value.
    JsonNode resource =
        new YAMLMapper().readTree(template.toFile()).path("Resources").path(logicalId);
    if (!resource.path("Type").asText().equals("AWS::Glue::Table")) {
      throw new IllegalArgumentException(
          logicalId + " in " + template + " is not an AWS::Glue::Table");
    }
    JsonNode storage = resource.path("Properties").path("TableInput").path("StorageDescriptor");
    JsonNode serde = storage.path("SerdeInfo");
    Map<String, String> parameters = new LinkedHashMap<>();
    serde
        .path("Parameters")
        .properties()
        .forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
    List<Column> columns = new ArrayList<>();
    for (JsonNode column : storage.path("Columns")) {
      columns.add(
          new Column(column.path("Name").asText(), HiveType.parse(column.path("Type").asText())));
    }
    return new GlueTable(serde.path("SerializationLibrary").asText(), parameters, columns);
  }

  /** The table of {@code analytics.yaml}, the one the Athena queries read. */
  static GlueTable events() throws IOException {
    return fromTemplate(Path.of(System.getProperty("analytics.template")), "EventsTable");
  }

  /**
   * The Parquet table of {@code delivery.yaml}, which Firehose's record format conversion reads.
   */
  static GlueTable parquetEvents() throws IOException {
    return fromTemplate(Path.of(System.getProperty("delivery.template")), "ParquetEventsTable");
  }

  Column column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no column " + name));
  }

  /** A copy with one column's type replaced: how the tests show a wrong declaration is caught. */
  GlueTable withColumnType(String name, String hiveType) {
    column(name);
    List<Column> changed = new ArrayList<>();
    for (Column c : columns) {
      changed.add(c.name().equals(name) ? new Column(name, HiveType.parse(hiveType)) : c);
    }
    return new GlueTable(serdeLibrary, serdeParameters, changed);
  }

  /** A copy without one column. */
  GlueTable withoutColumn(String name) {
    column(name);
    return new GlueTable(
        serdeLibrary,
        serdeParameters,
        columns.stream().filter(c -> !c.name().equals(name)).toList());
  }

  /** A copy with one SerDe parameter set. */
  GlueTable withSerdeParameter(String key, String value) {
    Map<String, String> changed = new LinkedHashMap<>(serdeParameters);
    changed.put(key, value);
    return new GlueTable(serdeLibrary, changed, columns);
  }
}
