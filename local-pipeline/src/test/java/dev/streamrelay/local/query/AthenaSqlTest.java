package dev.streamrelay.local.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AthenaSqlTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:30:05Z");

  private static String translate(String sql) {
    return AthenaSql.translate(
        sql,
        Map.of("DatabaseName", "streamrelay", "TableName", "events"),
        "streamrelay",
        "events",
        "events",
        NOW);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "%Y-%m-%d-%H | %Y-%m-%d-%H",
        "%Y-%m-%d-00 | %Y-%m-%d-00",
        "%i:%s %p | %M:%S %p",
        "%T | %H:%M:%S",
        "%e/%c/%y | %-d/%-m/%y",
        "%W %M %%  | %A %B %%",
      })
  void turnsDateFormatSpecifiersIntoStrftimes(String trino, String strftime) {
    assertThat(AthenaSql.strftime(trino)).isEqualTo(strftime);
  }

  @Test
  void refusesSpecifiersWithoutEquivalentAndUnknownVariables() {
    assertThatThrownBy(() -> AthenaSql.strftime("%U"))
        .isInstanceOf(AthenaSql.UntranslatableException.class);
    assertThatThrownBy(() -> translate("SELECT 1 FROM ${AWS::StackName}"))
        .isInstanceOf(AthenaSql.UntranslatableException.class)
        .hasMessageContaining("AWS::StackName");
  }

  @Test
  void translatesATemplateQuery() {
    String sql =
        "SELECT value.id, concat(topic, '/', CAST(\"partition\" AS varchar)) AS k\n"
            + "FROM \"${DatabaseName}\".\"${TableName}\"\n"
            + "WHERE dt >= date_format(current_timestamp - INTERVAL '1' HOUR, '%Y-%m-%d-%H')\n"
            + "  AND dt < date_format(current_date, '%Y-%m-%d-99') AND json_extract_scalar(value.payload, '$.a') = 'date_format(x)'\n"
            + "  AND element_at(headers, 'k') IS NULL AND \"${!Literal}\" = 'current_date'";

    assertThat(translate(sql))
        .isEqualTo(
            "SELECT value.id, (topic || '/' || CAST(\"partition\" AS varchar)) AS k\n"
                + "FROM \"events\"\n"
                + "WHERE dt >= strftime(TIMESTAMPTZ '2026-11-26 10:30:05.000000+00' - INTERVAL '1' HOUR, '%Y-%m-%d-%H')\n"
                + "  AND dt < strftime(DATE '2026-11-26', '%Y-%m-%d-99') AND json_extract_string(value.payload, '$.a') = 'date_format(x)'\n"
                + "  AND (headers)['k'] IS NULL AND \"${Literal}\" = 'current_date'");
  }

  @Test
  void findsTheTableInEveryForm() {
    for (String ref :
        new String[] {
          "\"streamrelay\".\"events\"",
          "streamrelay.events",
          "awsdatacatalog.streamrelay.events",
          "\"awsdatacatalog\".\"streamrelay\".\"events\""
        }) {
      assertThat(translate("select * from " + ref + " limit 1"))
          .isEqualTo("select * from \"events\" limit 1");
    }
    assertThat(translate("select * from streamrelay.events_other"))
        .isEqualTo("select * from streamrelay.events_other");
  }
}
