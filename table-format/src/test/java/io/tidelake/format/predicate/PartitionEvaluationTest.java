package io.tidelake.format.predicate;

import static io.tidelake.format.predicate.TestSchemas.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Partition pruning: only date and country are known; everything else is "could be anything". */
class PartitionEvaluationTest {
  private static final Map<String, Object> DE_JAN = Map.of("date", LocalDate.of(2025, 1, 15), "country", "DE");

  private static TriState eval(String predicate, Map<String, ?> partition) {
    return Predicates.parse(predicate, SCHEMA).evaluate(partition);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "date >= '2025-01-01'|TRUE",
      "date >= '2025-02-01'|FALSE",
      "country IN ('FR', 'DE')|TRUE",
      "country NOT IN ('FR', 'DE')|FALSE",
      "country LIKE 'D%'|TRUE",
      "date BETWEEN '2025-01-01' AND '2025-01-31'|TRUE",
      "date >= '2025-01-01' AND id = 5|UNKNOWN",
      "date >= '2025-02-01' AND id = 5|FALSE",
      "date >= '2025-02-01' OR id = 5|UNKNOWN",
      "date >= '2025-01-01' OR id = 5|TRUE",
      "NOT (date >= '2025-02-01' AND id = 5)|TRUE",
      "NOT (date >= '2025-01-01' AND id = 5)|UNKNOWN",
      "id = 5|UNKNOWN",
      "id IS NULL|UNKNOWN",
      "addr.city = 'x'|UNKNOWN",
      "country = `in`|UNKNOWN",
      "TRUE|TRUE",
      "FALSE|FALSE",
  })
  void evaluatesWithOnlyPartitionColumnsKnown(String predicate, TriState expected) {
    assertThat(eval(predicate, DE_JAN)).isEqualTo(expected);
  }

  @Test
  void sqlNullPartitionValueIsNotTheSameAsUnknown() {
    Map<String, Object> nullCountry = new HashMap<>();
    nullCountry.put("country", null);
    // A NULL value makes the comparison UNKNOWN in SQL, and so its negation: no row is ever selected.
    assertThat(eval("country = 'DE'", nullCountry)).isEqualTo(TriState.FALSE);
    assertThat(eval("NOT (country = 'DE')", nullCountry)).isEqualTo(TriState.FALSE);
    assertThat(eval("country IS NULL", nullCountry)).isEqualTo(TriState.TRUE);
    assertThat(eval("country IS NULL OR id = 1", nullCountry)).isEqualTo(TriState.TRUE);
    // With the column unknown instead, NOT (country = 'DE') could well be TRUE.
    assertThat(eval("NOT (country = 'DE')", Map.of())).isEqualTo(TriState.UNKNOWN);
  }

  @Test
  void sameUnknownColumnTwiceIsStillUnknown() {
    assertThat(eval("id > 5 OR id <= 5", DE_JAN)).isEqualTo(TriState.UNKNOWN);
  }

  @Test
  void functionFormAndCaseInsensitiveNames() {
    Predicate p = Predicates.parse("country = 'DE'", SCHEMA);
    assertThat(p.evaluate(c -> c.equals("COUNTRY") ? "DE" : null, Set.of("COUNTRY"))).isEqualTo(TriState.TRUE);
    assertThat(p.evaluate(c -> "FR", Set.of("country"))).isEqualTo(TriState.FALSE);
    assertThat(p.evaluate(c -> "FR", Set.of("date"))).isEqualTo(TriState.UNKNOWN);
  }

  @Test
  void knownColumnsComparedWithEachOther() {
    Map<String, Object> p = Map.of("id", 5L, "i", 7);
    assertThat(eval("id < i", p)).isEqualTo(TriState.TRUE);
    assertThat(eval("id >= i", p)).isEqualTo(TriState.FALSE);
  }
}
