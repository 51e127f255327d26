package dev.streamrelay.connect.firehose.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamrelay.connect.firehose.schema.GlueType.Kind;
import dev.streamrelay.connect.firehose.schema.GlueType.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlueTypeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "string",
        "int",
        "bigint",
        "decimal(10,2)",
        "varchar(12)",
        "array<string>",
        "map<string,string>",
        "struct<id:string,type:string,ts:string,payload:string>",
        "array<struct<a:map<string,array<bigint>>,b:timestamp>>"
      })
  void parsesWhatGlueStoresAndWritesItBack(String text) {
    assertThat(GlueType.parse(text).hive()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "STRUCT< a : INT , b:String >;struct<a:int,b:string>",
        "integer;int",
        "decimal;decimal(10,0)",
        "map< string , array<int> >;map<string,array<int>>"
      })
  void acceptsSpacesAndCaseAsHiveDoes(String text, String normal) {
    assertThat(GlueType.parse(text).hive()).isEqualTo(normal);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "strng;unknown type 'strng'",
        "array<string;'>' was expected",
        "struct<:int>;a field name was expected",
        "decimal(40,2);not a valid decimal",
        "int int;unexpected 'i'"
      })
  void refusesWhatIsNotAGlueTypeSayingWhere(String text, String fragment) {
    assertThatThrownBy(() -> GlueType.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fragment)
        .hasMessageContaining(text);
  }

  @org.junit.jupiter.api.Test
  void structsKeepFieldOrderAndGrowAtTheEnd() {
    StructType s = (StructType) GlueType.parse("struct<id:string,n:int>");
    assertThat(s.with(new GlueType.Field("extra", GlueType.of(Kind.BOOLEAN))).hive())
        .isEqualTo("struct<id:string,n:int,extra:boolean>");
  }
}
