package dev.streamrelay.connect.firehose.schema;

import dev.streamrelay.connect.firehose.format.OutputFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a stream's Glue table fits what the sink writes, checked by {@code validate()} and at
 * task start: the envelope's columns (with {@code firehose.output.format=envelope}), a delimiter
 * Firehose's JSON deserializer can split on, and a table version schema evolution can reach.
 */
public final class TableCheck {

  private TableCheck() {}

  /** Every problem, each naming the table, the column or key, and the fix; empty when it fits. */
  public static List<String> problems(
      Conversion conversion,
      TableSchema schema,
      OutputFormat format,
      byte[] delimiter,
      boolean evolution) {
    List<String> problems = new ArrayList<>();
    String table = schema.ref().describe();
    if (format == OutputFormat.ENVELOPE) {
      problems.addAll(EnvelopeColumns.problems(schema));
    }
    for (byte b : delimiter) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        problems.add(
            "Delivery stream '"
                + conversion.stream()
                + "' converts records to "
                + conversion.output()
                + " with "
                + table
                + ", whose JSON deserializer reads whitespace-separated documents only: set"
                + " firehose.record.delimiter to \\n.");
        break;
      }
    }
    if (evolution && !schema.ref().latest()) {
      problems.add(
          "Delivery stream '"
              + conversion.stream()
              + "' reads "
              + table
              + ", a fixed version, so columns that schema evolution adds would never reach"
              + " Firehose: set the stream's SchemaConfiguration VersionId to LATEST, or"
              + " firehose.schema.evolution.enabled=false.");
    }
    if (evolution
        && format == OutputFormat.ENVELOPE
        && schema
            .column("value")
            .map(c -> !(c.type() instanceof GlueType.StructType))
            .orElse(false)) {
      problems.add(
          table
              + " column 'value' is not a struct, so schema evolution cannot add the value's new"
              + " fields to it: declare it as a struct (schema/envelope.json).");
    }
    return problems;
  }
}
