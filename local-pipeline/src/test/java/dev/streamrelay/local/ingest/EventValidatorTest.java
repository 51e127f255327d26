package dev.streamrelay.local.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventValidatorTest {

  private static final String VALID =
      "{\"id\":\"e-1\",\"type\":\"click\",\"ts\":\"2026-01-01T12:00:00Z\",\"payload\":{}}";

  private final EventValidator validator = new EventValidator();

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of("empty body", "", "body is empty"),
        Arguments.of("not JSON", "hello", "not well-formed JSON"),
        Arguments.of("truncated", "{\"id\":\"e-1\"", "not well-formed JSON"),
        Arguments.of("two values", VALID + " {}", "not well-formed JSON"),
        Arguments.of(
            "duplicate key", VALID.replace("{\"id\"", "{\"id\":\"x\",\"id\""), "Duplicate"),
        Arguments.of("array", "[" + VALID + "]", "instance type (array)"),
        Arguments.of("string", "\"text\"", "instance type (string)"),
        Arguments.of("missing ts", "{\"id\":\"e\",\"type\":\"t\",\"payload\":{}}", "[ts]"),
        Arguments.of(
            "extra property", VALID.replace("}}", "},\"x\":1}"), "not allowed by the schema [x]"),
        Arguments.of("empty id", VALID.replace("\"e-1\"", "\"\""), "id: string length 0"),
        Arguments.of("id too long", VALID.replace("e-1", "x".repeat(129)), "id: string length 129"),
        Arguments.of("numeric id", VALID.replace("\"e-1\"", "7"), "id: instance type (integer)"),
        Arguments.of(
            "type with space", VALID.replace("click", "a click"), "type: string does not match"),
        Arguments.of(
            "type from digit", VALID.replace("click", "1click"), "type: string does not match"),
        Arguments.of(
            "ts without zone", VALID.replace("12:00:00Z", "12:00:00"), "ts: string does not match"),
        Arguments.of("ts date only", VALID.replace("T12:00:00Z", ""), "ts: string does not match"),
        Arguments.of(
            "payload array",
            VALID.replace("\"payload\":{}", "\"payload\":[]"),
            "payload: instance type (array)"),
        Arguments.of(
            "payload null",
            VALID.replace("\"payload\":{}", "\"payload\":null"),
            "payload: instance type (null)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBodies")
  void refusesWhatTheModelRefuses(String name, String body, String message) {
    EventValidator.Result r = validator.validate(body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.valid()).isFalse();
    assertThat(r.details()).contains(message);
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] body = VALID.replace("e-1", "e-\u00e9").getBytes(StandardCharsets.ISO_8859_1);

    EventValidator.Result r = validator.validate(body);

    assertThat(r.valid()).isFalse();
    assertThat(r.details()).contains("not valid UTF-8");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String body = "{\"id\":\"\",\"type\":\"9\",\"extra\":true}";

    EventValidator.Result r = validator.validate(body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.errors())
        .hasSize(4)
        .anySatisfy(e -> assertThat(e).contains("missing required properties [ts, payload]"))
        .anySatisfy(e -> assertThat(e).contains("[extra]"))
        .anySatisfy(e -> assertThat(e).startsWith("id:"))
        .anySatisfy(e -> assertThat(e).startsWith("type:"));
  }

  @Test
  void forwardsASingleLineBodyAsItCame() {
    String body =
        "{\"id\":\"ü-1\",\"type\":\"a.b_c-d\",\"ts\":\"2026-01-01T12:00:00.123456789+05:30\","
            + "\"payload\":{\"n\":1.50,\"text\":\"東京 🚀\",\"nested\":{\"a\":[1,2]}}}";

    EventValidator.Result r = validator.validate(body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.valid()).as(r.details()).isTrue();
    assertThat(r.messageBody()).isEqualTo(body);
  }

  @Test
  void forwardsAPrettyPrintedBodyUnchangedAsApiGatewayDoes() throws Exception {
    String body =
        "{\n  \"id\": \"e-2\",\n  \"type\": \"click\",\r\n  \"ts\": \"2026-01-01T12:00:00Z\",\n"
            + "  \"payload\": {\"price\": 10.10, \"big\": 12345678901234567890123,"
            + " \"text\": \"Привет\"}\n}\n";

    EventValidator.Result r = validator.validate(body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.valid()).as(r.details()).isTrue();
    assertThat(r.messageBody()).isEqualTo(body);
  }

  @Test
  void acceptsTheLongestId() {
    String id = "𝔘".repeat(128);

    EventValidator.Result r =
        validator.validate(VALID.replace("e-1", id).getBytes(StandardCharsets.UTF_8));

    assertThat(r.valid()).as(r.details()).isTrue();
  }
}
