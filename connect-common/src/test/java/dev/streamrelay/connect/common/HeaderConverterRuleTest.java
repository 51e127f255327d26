package dev.streamrelay.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderConverterRuleTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.apache.kafka.connect.storage.SimpleHeaderConverter",
        "org.apache.kafka.connect.json.JsonConverter",
        "org.apache.kafka.connect.storage.StringConverter"
      })
  void convertersThatChangeHeaderValuesAreRefusedNamingTheFix(String converter) {
    Map<String, ConfigValue> values = new HashMap<>();
    HeaderConverterRule.validate(Map.of("header.converter", " " + converter), values);

    assertThat(values.get("header.converter").errorMessages())
        .singleElement()
        .asString()
        .contains(converter)
        .contains("header.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
  }

  @ParameterizedTest
  @ValueSource(strings = {"org.apache.kafka.connect.converters.ByteArrayConverter", "", "x.Own"})
  void byteArrayConverterUnsetOrAnotherConverterPass(String converter) {
    Map<String, ConfigValue> values = new HashMap<>();
    HeaderConverterRule.validate(
        converter.isEmpty() ? Map.of() : Map.of("header.converter", converter), values);

    assertThat(values).isEmpty();
  }

  @Test
  void typesAreOneJsonObjectWithNamesEscaped() {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("a", "Number");
    types.put("q\"\\\n", "String.x");

    assertThat(AttributeTypesHeader.encode(types))
        .isEqualTo("{\"a\":\"Number\",\"q\\\"\\\\\\u000a\":\"String.x\"}");
    assertThat(AttributeTypesHeader.encode(Map.of())).isEqualTo("{}");
  }
}
