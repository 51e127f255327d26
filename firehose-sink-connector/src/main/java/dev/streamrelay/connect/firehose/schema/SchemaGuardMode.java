package dev.streamrelay.connect.firehose.schema;

import dev.streamrelay.connect.common.ConfigChoice;

/** When the sink checks records against the Glue table of a converting delivery stream. */
public enum SchemaGuardMode implements ConfigChoice.Choice {
  /** Guard every stream that converts records; streams that do not are written as they are. */
  AUTO,
  /** Never look at Glue. */
  OFF,
  /** Every stream must convert records with a table the sink can read and check. */
  REQUIRED
}
