package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.common.ConfigChoice;
import dev.streamrelay.connect.common.ConfigGroup;
import dev.streamrelay.connect.firehose.schema.SchemaGuardMode;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The schema guard: records checked against the Glue table of a converting stream (group "Schema
 * guard"); an empty Glue endpoint means the default.
 */
public record SchemaSettings(SchemaGuardMode guard, boolean evolution, String glueEndpoint) {

  static final String GROUP = "Schema guard";

  public static final String SCHEMA_GUARD_CONFIG = "firehose.schema.guard";
  public static final String SCHEMA_EVOLUTION_CONFIG = "firehose.schema.evolution.enabled";
  public static final String SCHEMA_GLUE_ENDPOINT_CONFIG = "firehose.schema.glue.endpoint.url";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .choice(
            SCHEMA_GUARD_CONFIG,
            "auto",
            SchemaGuardMode.values(),
            Importance.MEDIUM,
            "Checks records against the Glue table a delivery stream converts records to Parquet or ORC"
                + " with (its DataFormatConversionConfiguration). auto: the connector reads each"
                + " stream's conversion once at start (firehose:DescribeDeliveryStream; without that"
                + " permission it logs a warning and does not guard); tasks read the table at start"
                + " (glue:GetTable) and fail when it is missing, unreadable or does not fit the output"
                + " format; a record whose JSON does not fit the columns goes to the errant-record"
                + " reporter with the column and the reason instead of to Firehose's error prefix."
                + " required: as auto, and every stream must convert records with a readable table;"
                + " validate() checks the tables too. off: no checks. validate() checks the tables with"
                + " required, or with auto when firehose.validate.stream=true.",
            Width.SHORT,
            "Schema guard")
        .define(
            SCHEMA_EVOLUTION_CONFIG,
            Type.BOOLEAN,
            false,
            null,
            Importance.LOW,
            "Add new top-level fields of record values to the Glue table (glue:UpdateTable) before"
                + " the record is checked: new columns with firehose.output.format=value, new fields of"
                + " the value struct with envelope. Types come from the first value seen (text string,"
                + " whole numbers bigint, other numbers double, true/false boolean, objects structs,"
                + " arrays arrays); nulls wait for a typed value. Needs the stream to read the table's"
                + " LATEST version.",
            Width.SHORT,
            "Schema evolution")
        .define(
            SCHEMA_GLUE_ENDPOINT_CONFIG,
            Type.STRING,
            "",
            AwsConnectionConfig.urlValidator(),
            Importance.LOW,
            "Glue endpoint override, e.g. a glue VPC interface endpoint without private DNS. Empty"
                + " means aws.endpoint.url when that is set (an emulator serving every service), else"
                + " Glue's Regional endpoint.",
            Width.LONG,
            "Glue endpoint override");
  }

  static SchemaSettings from(AbstractConfig config) {
    return new SchemaSettings(
        ConfigChoice.parse(SchemaGuardMode.values(), config.getString(SCHEMA_GUARD_CONFIG)),
        config.getBoolean(SCHEMA_EVOLUTION_CONFIG),
        config.getString(SCHEMA_GLUE_ENDPOINT_CONFIG).trim());
  }
}
