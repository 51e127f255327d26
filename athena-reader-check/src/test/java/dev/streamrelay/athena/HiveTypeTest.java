package dev.streamrelay.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HiveTypeTest {

  @Test
  void nestedTypesParseToTheirParts() {
    HiveType type = HiveType.parse("struct<id:string, Payload:map<string,array<decimal(38,2)>>>");

    assertThat(type.fieldNames()).containsExactly("id", "payload");
    HiveType payload = type.field("payload");
    assertThat(payload.isMap()).isTrue();
    HiveType decimal = payload.children().get(1).children().get(0);
    assertThat(decimal.name()).isEqualTo("decimal");
    assertThat(List.of(decimal.precision(), decimal.scale())).containsExactly(38, 2);
    assertThat(type.field("missing")).isNull();
  }

  @Test
  void theJsonSentToTheTrinoSideNamesEveryPart() {
    assertThat(HiveType.parse("map<string,struct<a:int>>").toJson().toString())
        .isEqualTo(
            "{\"kind\":\"map\",\"key\":{\"kind\":\"string\"},\"value\":{\"kind\":\"struct\","
                + "\"fields\":[{\"name\":\"a\",\"type\":{\"kind\":\"int\"}}]}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"varchar2", "map<string>", "struct<a int>", "array<string", "int int"})
  void textThatIsNoHiveTypeIsRefused(String text) {
    assertThatThrownBy(() -> HiveType.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text.toLowerCase());
  }
}
