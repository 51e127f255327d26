package dev.streamrelay.local.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HiveTypesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "string | VARCHAR",
        "int | INTEGER",
        "INT | INTEGER",
        "bigint | BIGINT",
        "smallint | SMALLINT",
        "tinyint | TINYINT",
        "boolean | BOOLEAN",
        "double | DOUBLE",
        "float | FLOAT",
        "date | DATE",
        "timestamp | TIMESTAMP",
        "binary | BLOB",
        "varchar(64) | VARCHAR",
        "decimal(38,9) | DECIMAL(38, 9)",
        "decimal | DECIMAL(10, 0)",
        "array<string> | VARCHAR[]",
        "array<array<int>> | INTEGER[][]",
        "map<string,string> | MAP(VARCHAR, VARCHAR)",
        "map<string, array<bigint>> | MAP(VARCHAR, BIGINT[])",
        "struct<id:string,type:string,ts:string,payload:string>"
            + " | STRUCT(\"id\" VARCHAR, \"type\" VARCHAR, \"ts\" VARCHAR, \"payload\" VARCHAR)",
        "struct<a:struct<b:map<string,int>>, c : array<double>>"
            + " | STRUCT(\"a\" STRUCT(\"b\" MAP(VARCHAR, INTEGER)), \"c\" DOUBLE[])",
      })
  void translatesHiveTypes(String hive, String duckDb) {
    assertThat(HiveTypes.toDuckDb(hive)).isEqualTo(duckDb);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "uniontype<int,string>", "map<string>", "struct<a:int", "int>", "array<>"})
  void refusesWhatItDoesNotKnow(String hive) {
    assertThatThrownBy(() -> HiveTypes.toDuckDb(hive)).isInstanceOf(IllegalArgumentException.class);
  }
}
