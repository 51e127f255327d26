package dev.streamrelay.athena;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Trino made of one line of a delivered object: the row, columns by name with Trino's values
 * as JSON (see the Java 25 side's TrinoValues), or the error that would fail an Athena query.
 *
 * @param line 1-based line number in the object
 * @param row the decoded row, or null when Trino refused the line
 * @param error Trino's exception, or null
 */
record DecodedLine(int line, JsonNode row, String error) {

  boolean refused() {
    return error != null;
  }

  /** True for the all-NULL row Trino returns for a line it could not parse but let through. */
  boolean allNull() {
    if (row == null) {
      return false;
    }
    for (JsonNode value : row) {
      if (!value.isNull()) {
        return false;
      }
    }
    return true;
  }

  JsonNode column(String name) {
    return row.get(name);
  }
}
