package dev.streamrelay.connect.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConfigChoiceTest {

  enum Mode implements ConfigChoice.Choice {
    AUTO,
    MESSAGE_ID
  }

  @Test
  void spellsConstantsInLowerCaseAndParsesIgnoringCase() {
    assertThat(Mode.MESSAGE_ID.configValue()).isEqualTo("message_id");
    assertThat(ConfigChoice.parse(Mode.values(), " Message_ID ")).isEqualTo(Mode.MESSAGE_ID);
    assertThatThrownBy(() -> ConfigChoice.parse(Mode.values(), "other"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[auto, message_id]");
  }

  @Test
  void validatorAndRecommenderListTheChoicesInOrder() {
    var validator = ConfigChoice.validator(Mode.values());
    validator.ensureValid("k", "AUTO");
    assertThat(validator).hasToString("auto, message_id");
    assertThatThrownBy(() -> validator.ensureValid("k", "x"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value x for configuration k: must be one of auto, message_id");
    assertThat(ConfigChoice.recommender(Mode.values()).validValues("k", Map.of()))
        .containsExactly("auto", "message_id");
  }
}
