package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.common.ConfigChoice;
import dev.streamrelay.connect.common.ConfigGroup;
import dev.streamrelay.connect.firehose.format.Delimiters;
import dev.streamrelay.connect.firehose.format.NullValueBehavior;
import dev.streamrelay.connect.firehose.format.OutputFormat;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** What each Kafka record becomes in Firehose (group "Output format"). */
public record FormatSettings(
    OutputFormat outputFormat, byte[] recordDelimiter, NullValueBehavior nullValueBehavior) {

  static final String GROUP = "Output format";

  public static final String OUTPUT_FORMAT_CONFIG = "firehose.output.format";
  public static final String RECORD_DELIMITER_CONFIG = "firehose.record.delimiter";
  public static final String NULL_VALUES_CONFIG = "behavior.on.null.values";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .choice(
            OUTPUT_FORMAT_CONFIG,
            "value",
            OutputFormat.values(),
            Importance.HIGH,
            "value: the record value, structs and maps as JSON (Kafka's JsonConverter, schemas"
                + " disabled, decimals as numbers), strings and bytes as they are. envelope: one JSON"
                + " object per record in the shape of schema/envelope.json (the Glue table's columns):"
                + " topic, partition, offset, timestamp, key, headers (name to exact text, base64 for"
                + " binary), header_types (name to SQS data type), value (a JSON-object value exactly as"
                + " sent) or value_text (any other value), so duplicates can be removed downstream on"
                + " (topic, partition, offset). Use header.converter="
                + "org.apache.kafka.connect.converters.ByteArrayConverter to keep header values exact.",
            Width.SHORT,
            "Output format")
        .define(
            RECORD_DELIMITER_CONFIG,
            Type.STRING,
            "\\n",
            ConfigValidators.DELIMITER,
            Importance.MEDIUM,
            "Bytes written after every record, including the last one of an aggregate, so aggregates"
                + " concatenate cleanly in S3. Escapes \\n, \\r, \\t and \\\\ are understood.",
            Width.SHORT,
            "Record delimiter")
        .choice(
            NULL_VALUES_CONFIG,
            "ignore",
            NullValueBehavior.values(),
            Importance.MEDIUM,
            "Records with a null value (tombstones): ignore skips them, fail treats them as bad"
                + " records (errant-record reporter when errors.tolerance=all, otherwise the task fails),"
                + " write delivers them (the line null, or an envelope with a null value).",
            Width.SHORT,
            "Behavior on null values");
  }

  static FormatSettings from(AbstractConfig config) {
    return new FormatSettings(
        ConfigChoice.parse(OutputFormat.values(), config.getString(OUTPUT_FORMAT_CONFIG)),
        Delimiters.parse(config.getString(RECORD_DELIMITER_CONFIG)),
        ConfigChoice.parse(NullValueBehavior.values(), config.getString(NULL_VALUES_CONFIG)));
  }
}
