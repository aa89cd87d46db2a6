package io.tidelake.format.predicate;

import static io.tidelake.format.predicate.TestSchemas.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsSkippingTest {

  /** id in [10, 20] with 2 nulls out of 100 rows; country in [DE, FR] without nulls; amount all null. */
  private static final FakeStats FILE = new FakeStats(100L)
      .col("id", 10L, 20L, 2L)
      .col("country", "DE", "FR", 0L)
      .col("amount", null, null, 100L)
      .col("i", 5, 5, 0L);

  private static boolean might(String predicate, FakeStats stats) {
    return Predicates.parse(predicate, SCHEMA).mightMatch(stats);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "id = 9|false", "id = 10|true", "id = 20|true", "id = 21|false", "id = 15|true",
      "id < 10|false", "id < 11|true", "id <= 9|false", "id <= 10|true",
      "id > 20|false", "id > 19|true", "id >= 21|false", "id >= 20|true",
      "id != 15|true", "i != 5|false", "i != 6|true", "i = 5.0|true",
      "id IN (1, 2, 30)|false", "id IN (1, 15)|true", "id IN (1, NULL)|false",
      "i NOT IN (5)|false", "i NOT IN (5, 6)|false", "i NOT IN (6)|true", "id NOT IN (15)|true",
      "i NOT IN (6, NULL)|false",
      "id BETWEEN 21 AND 30|false", "id BETWEEN 0 AND 9|false", "id BETWEEN 0 AND 10|true",
      "id BETWEEN 15 AND 12|false", "id NOT BETWEEN 0 AND 30|false", "id NOT BETWEEN 11 AND 30|true",
      "id IS NULL|true", "id IS NOT NULL|true", "country IS NULL|false", "country IS NOT NULL|true",
      "amount IS NOT NULL|false", "amount IS NULL|true", "amount = 1|false", "amount != 1|false",
      "NOT (amount = 1)|false", "amount < 1 OR amount IS NULL|true",
      "country = 'ES'|true", "country = 'GB'|false", "country < 'DE'|false", "country > 'FR'|false",
      "country LIKE 'E%'|true", "country LIKE 'A%'|false", "country LIKE 'G%'|false", "country LIKE 'FR%'|true",
      "country LIKE 'FRA%'|false", "country LIKE 'F%'|true", "country LIKE 'D_'|true", "country LIKE 'C_'|false", "country LIKE '%Z'|true",
      "country LIKE 'GB'|false", "country NOT LIKE 'D%'|true",
      "id < i|false", "id > i|true", "id = i|false", "i < id|true", "i >= id|false",
      "ts > '2030-01-01'|true", "date = '2025-01-01'|true", "addr.city = 'x'|true",
  })
  void skipsOnlyWhenTheStatsProveNoRowMatches(String predicate, boolean expected) {
    assertThat(might(predicate, FILE)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // NOT (id = 15): ids 10..20 other than 15 exist as far as the stats know.
      "NOT (id = 15)|true",
      "NOT (id >= 10)|false",
      "NOT (id > 25)|true",
      "NOT (id < 10 OR id > 20)|true",
      "NOT (id >= 10 OR country = 'XX')|false",
      "NOT (id >= 10 AND id <= 20)|false",
      "NOT (id >= 10 AND country = 'XX')|true",
      "NOT NOT (id = 30)|false",
      "NOT (i = 5)|false",
      "NOT (id IS NOT NULL)|true",
      "NOT (country IS NOT NULL)|false",
      "NOT (country LIKE 'D%')|true",
      "id = 30 OR country = 'XX'|false",
      "id = 30 OR country = 'ES'|true",
      "id = 15 AND country = 'XX'|false",
      "TRUE|true", "FALSE|false", "NOT FALSE|true",
  })
  void negationIsPushedDownNotComplemented(String predicate, boolean expected) {
    assertThat(might(predicate, FILE)).isEqualTo(expected);
  }

  @Test
  void notLikeSkipsWhenEveryValueHasThePrefix() {
    FakeStats s = new FakeStats(10L).col("country", "DEa", "DEz", 0L);
    assertThat(might("country NOT LIKE 'DE%'", s)).isFalse();
    assertThat(might("country NOT LIKE 'DE%x'", s)).isTrue();
    assertThat(might("country NOT LIKE 'DEa'", new FakeStats(10L).col("country", "DEa", "DEa", 0L))).isFalse();
    assertThat(might("country LIKE 'DE%'", s)).isTrue();
  }

  @Test
  void timestampMaxIsWidenedByAMillisecond() {
    // FakeStats are truncated to ms: the file may hold 10:00:00.000900 while max says 10:00:00.000.
    Instant max = Instant.parse("2025-01-01T10:00:00Z");
    FakeStats s = new FakeStats(10L).col("ts", Instant.parse("2025-01-01T00:00:00Z"), max, 0L);
    assertThat(might("ts > '2025-01-01 10:00:00'", s)).isTrue();
    assertThat(might("ts = '2025-01-01 10:00:00.0009'", s)).isTrue();
    assertThat(might("ts >= '2025-01-01 10:00:00.001'", s)).isTrue();
    assertThat(might("ts > '2025-01-01 10:00:00.001'", s)).isFalse();
    assertThat(might("ts >= '2025-01-01 10:00:00.002'", s)).isFalse();
    assertThat(might("ts < '2025-01-01'", s)).isFalse();
    FakeStats single = new FakeStats(10L).col("ts", max, max, 0L);
    assertThat(might("ts != '2025-01-01 10:00:00'", single)).isTrue();
    LocalDateTime ntzMax = LocalDateTime.of(2025, 1, 1, 10, 0);
    FakeStats ntz = new FakeStats(10L).col("ntz", ntzMax.minusHours(1), ntzMax, 0L);
    assertThat(might("ntz > '2025-01-01 10:00:00.0005'", ntz)).isTrue();
    assertThat(might("ntz > '2025-01-01 10:00:00.001'", ntz)).isFalse();
  }

  @Test
  void missingStatsNeverSkip() {
    FakeStats none = new FakeStats(null);
    assertThat(might("id = 1 AND country IS NULL AND country IS NOT NULL AND ts < '2000-01-01'", none)).isTrue();
    FakeStats onlyMin = new FakeStats(10L).col("id", 10L, null, null);
    assertThat(might("id > 1000", onlyMin)).isTrue();
    assertThat(might("id < 5", onlyMin)).isFalse();
    assertThat(might("id IS NULL", onlyMin)).isTrue();
    FakeStats onlyNulls = new FakeStats(null).col("id", null, null, 3L);
    assertThat(might("id IS NOT NULL", onlyNulls)).isTrue();
    assertThat(might("id = 1", onlyNulls)).isTrue();
  }

  @Test
  void wideBoundsStillSkipOnBoundsAndOnZeroOrAllNulls() {
    FakeStats wide = new FakeStats(10L).wide().col("id", 0L, 100L, 0L).col("country", null, null, 10L);
    assertThat(might("id > 100", wide)).isFalse();
    assertThat(might("id IS NULL", wide)).isFalse();
    assertThat(might("country IS NOT NULL", wide)).isFalse();
    FakeStats someNulls = new FakeStats(10L).wide().col("id", 0L, 100L, 4L);
    assertThat(might("id IS NULL", someNulls)).isTrue();
    assertThat(might("id IS NOT NULL", someNulls)).isTrue();
  }

  @Test
  void emptyFileNeverMatches() {
    assertThat(might("TRUE", new FakeStats(0L))).isFalse();
  }

  @Test
  void statsOfAnotherNumericWidthStillCompare() {
    // After type widening an old file may report int stats for a now-long column.
    FakeStats s = new FakeStats(10L).col("id", 1, 5, 0L).col("amount", 1.5f, 2.5f, 0L);
    assertThat(might("id > 5", s)).isFalse();
    assertThat(might("id > 4", s)).isTrue();
    assertThat(might("amount > 2.5", s)).isFalse();
    assertThat(might("amount >= 2.5", s)).isTrue();
  }

  @Test
  void incomparableStatsDoNotSkip() {
    FakeStats s = new FakeStats(10L).col("date", "2025-01-01", "2025-01-31", 0L);
    assertThat(might("date > '2025-02-01'", s)).isTrue();
    FakeStats dates = new FakeStats(10L).col("date", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31), 0L);
    assertThat(might("date > '2025-02-01'", dates)).isFalse();
  }

  @Test
  void nanMaxMeansTheFileMayHoldNaN() {
    FakeStats s = new FakeStats(10L).col("amount", 1.0, Double.NaN, 0L);
    assertThat(might("amount > 1e300", s)).isTrue();
    assertThat(might("amount = 'NaN'", s)).isTrue();
    assertThat(might("amount < 1", s)).isFalse();
  }
}
