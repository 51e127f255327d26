package dev.streamrelay.connect.firehose.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamrelay.connect.firehose.format.OutputFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class SchemaGuardTest {

  static final TableRef REF = new TableRef("us-east-1", null, "db", "orders", null);
  static final Conversion CONVERSION = new Conversion("converted", REF, true, "Parquet");

  static SchemaGuard guard() {
    TableSchema schema =
        new TableSchema(
            REF,
            List.of(
                new TableSchema.Column("id", GlueType.parse("bigint")),
                new TableSchema.Column("tags", GlueType.parse("array<string>"))),
            List.of(),
            true);
    return new SchemaGuard(
        topic -> topic.equals("plain") ? "not-converted" : "converted",
        Map.of("converted", CONVERSION),
        Map.of("converted", schema),
        OutputFormat.VALUE,
        1,
        null);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFittingRecordPassesAndAMisfitNamesTableStreamColumnAndReason() {
    SchemaGuard guard = guard();
    assertThatCode(() -> guard.check("orders", bytes("{\"id\":1,\"tags\":[\"a\"]}\n")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> guard.check("orders", bytes("{\"id\":1,\"tags\":\"a\"}\n")))
        .isInstanceOf(DataException.class)
        .hasMessage(
            "Record does not fit Glue table db.orders in us-east-1, which delivery stream"
                + " 'converted' converts records to Parquet with: column tags: a JSON string"
                + " (\"a\") cannot be read as array<string>");
  }

  @Test
  void everyDocumentOfARecordIsChecked() {
    assertThatThrownBy(() -> guard().check("orders", bytes("{\"id\":1}{\"id\":\"x\"}\n")))
        .hasMessageContaining("column id: a JSON string (\"x\") cannot be read as bigint");
  }

  @Test
  void textThatIsNotJsonIsRefusedBeforeFirehoseSendsItToTheErrorPrefix() {
    assertThatThrownBy(() -> guard().check("orders", bytes("hello world\n")))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith(
            "Record is not JSON, but delivery stream 'converted' converts records with Glue table"
                + " db.orders");
    assertThatThrownBy(() -> guard().check("orders", bytes("\n")))
        .hasMessageStartingWith("Record is empty");
  }

  @Test
  void streamsThatDoNotConvertAreNotChecked() {
    assertThatCode(() -> guard().check("plain", bytes("not json at all\n")))
        .doesNotThrowAnyException();
  }

  @Test
  void encodedConversionsSurviveTheTaskProperties() {
    Conversion c =
        new Conversion(
            "s", new TableRef("eu-west-1", "123456789012", "db", "t", "7"), false, "ORC");
    assertThat(Conversion.decode("s", c.encode())).isEqualTo(c);
    Conversion latest =
        new Conversion("s", new TableRef(null, null, "db", "t", null), true, "Parquet");
    assertThat(Conversion.decode("s", latest.encode())).isEqualTo(latest);
    assertThat(latest.table().latest()).isTrue();
  }
}
