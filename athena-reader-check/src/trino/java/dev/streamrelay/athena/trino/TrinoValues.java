package dev.streamrelay.athena.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.spi.block.Block;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.SqlDecimal;
import io.trino.spi.type.SqlVarbinary;
import io.trino.spi.type.Type;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A decoded Trino value as JSON, so the test side can hold it against the line it came from: rows
 * as objects by field name, maps as objects, arrays as arrays, numbers and booleans as themselves,
 * varchar as text, varbinary as base64, anything else as its Trino text form.
 */
final class TrinoValues {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private TrinoValues() {}

  static JsonNode of(Type type, Block block, int position) {
    return render(type, type.getObjectValue(block, position));
  }

  private static JsonNode render(Type type, Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (type instanceof RowType row) {
      List<?> fields = (List<?>) value;
      ObjectNode object = JSON.objectNode();
      for (int i = 0; i < row.getFields().size(); i++) {
        RowType.Field field = row.getFields().get(i);
        object.set(field.getName().orElseThrow(), render(field.getType(), fields.get(i)));
      }
      return object;
    }
    if (type instanceof MapType map) {
      ObjectNode object = JSON.objectNode();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        object.set(
            render(map.getKeyType(), entry.getKey()).asText(),
            render(map.getValueType(), entry.getValue()));
      }
      return object;
    }
    if (type instanceof ArrayType array) {
      ArrayNode elements = JSON.arrayNode();
      for (Object element : (List<?>) value) {
        elements.add(render(array.getElementType(), element));
      }
      return elements;
    }
    return scalar(value);
  }

  private static JsonNode scalar(Object value) {
    if (value instanceof String text) {
      return JSON.textNode(text);
    }
    if (value instanceof Boolean bool) {
      return JSON.booleanNode(bool);
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return JSON.numberNode(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return JSON.numberNode(((Number) value).doubleValue());
    }
    if (value instanceof SqlDecimal decimal) {
      return DecimalNode.valueOf(decimal.toBigDecimal());
    }
    if (value instanceof SqlVarbinary bytes) {
      return JSON.textNode(Base64.getEncoder().encodeToString(bytes.getBytes()));
    }
    return JSON.textNode(value.toString());
  }
}
