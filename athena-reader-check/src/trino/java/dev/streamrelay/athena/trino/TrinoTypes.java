package dev.streamrelay.athena.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.BooleanType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;
import java.util.ArrayList;
import java.util.List;

/**
 * The Trino type Athena's Hive connector gives a Glue column, from the column's Hive type as the
 * test side parsed it ({@code {"kind": "map", "key": ..., "value": ...}} and so on).
 */
final class TrinoTypes {

  private static final TypeOperators OPERATORS = new TypeOperators();

  private TrinoTypes() {}

  static Type of(JsonNode hiveType) {
    String kind = hiveType.get("kind").asText();
    return switch (kind) {
      case "string" -> VarcharType.VARCHAR;
      case "boolean" -> BooleanType.BOOLEAN;
      case "tinyint" -> TinyintType.TINYINT;
      case "smallint" -> SmallintType.SMALLINT;
      case "int" -> IntegerType.INTEGER;
      case "bigint" -> BigintType.BIGINT;
      case "float" -> RealType.REAL;
      case "double" -> DoubleType.DOUBLE;
      case "binary" -> VarbinaryType.VARBINARY;
      case "date" -> DateType.DATE;
      case "timestamp" -> TimestampType.TIMESTAMP_MILLIS;
      case "decimal" ->
          DecimalType.createDecimalType(
              hiveType.get("precision").asInt(), hiveType.get("scale").asInt());
      case "array" -> new ArrayType(of(hiveType.get("element")));
      case "map" -> new MapType(of(hiveType.get("key")), of(hiveType.get("value")), OPERATORS);
      case "struct" -> struct(hiveType.get("fields"));
      default -> throw new IllegalArgumentException("No Trino type for Hive type " + hiveType);
    };
  }

  private static RowType struct(JsonNode fields) {
    List<RowType.Field> rowFields = new ArrayList<>();
    for (JsonNode field : fields) {
      rowFields.add(RowType.field(field.get("name").asText(), of(field.get("type"))));
    }
    return RowType.from(rowFields);
  }
}
