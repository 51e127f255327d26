package dev.streamrelay.connect.firehose.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamrelay.connect.firehose.schema.GlueType.ArrayType;
import dev.streamrelay.connect.firehose.schema.GlueType.Field;
import dev.streamrelay.connect.firehose.schema.GlueType.Kind;
import dev.streamrelay.connect.firehose.schema.GlueType.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * The Glue type a new column gets from the first JSON value seen in it: text is {@code string},
 * true/false {@code boolean}, a whole number {@code bigint}, any other number {@code double}, an
 * object a {@code struct} of its fields, an array an {@code array} of its first element's type.
 * Nothing is inferred from a null, an empty object or an empty array.
 */
final class TypeInference {

  private TypeInference() {}

  /** The type for {@code v}, or null when it says nothing about its type. */
  static GlueType of(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual() || v.isBinary()) {
      return GlueType.of(Kind.STRING);
    }
    if (v.isBoolean()) {
      return GlueType.of(Kind.BOOLEAN);
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? GlueType.of(Kind.BIGINT) : GlueType.of(Kind.DOUBLE);
    }
    if (v.isNumber()) {
      return GlueType.of(Kind.DOUBLE);
    }
    if (v.isArray()) {
      for (JsonNode element : v) {
        GlueType type = of(element);
        if (type != null) {
          return new ArrayType(type);
        }
      }
      return null;
    }
    List<Field> fields = new ArrayList<>();
    for (var it = v.fields(); it.hasNext(); ) {
      var e = it.next();
      GlueType type = of(e.getValue());
      if (type != null && e.getKey().matches("[A-Za-z0-9_]{1,255}")) {
        fields.add(new Field(e.getKey(), type));
      }
    }
    return fields.isEmpty() ? null : new StructType(fields);
  }
}
