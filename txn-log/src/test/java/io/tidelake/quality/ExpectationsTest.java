package io.tidelake.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each expectation against Great Expectations' definitions: element and missing counts, unexpected
 * counts and percentages over the non-missing values, {@code mostly} at its edges, nulls, and the
 * partial lists; bad suites as typed errors naming the expectation and field.
 */
class ExpectationsTest {
  static final StructType SCHEMA = SchemaDdl.parse(
      "id long, country string, amount double, email string, day date, price decimal(10,2)");

  static Row row(Long id, String country, Double amount, String email) {
    return Row.of(SCHEMA, id, country, amount, email, LocalDate.of(2025, 1, 1), null);
  }

  /** 10 rows: ids 1..10 with id 7 null, country null for id 3, amount = id * 10 (so 100 is the max). */
  static List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (long i = 1; i <= 10; i++) {
      out.add(row(i == 7 ? null : i, i == 3 ? null : (i % 2 == 0 ? "DE" : "FR"), i * 10.0, "u" + i + "@x.io"));
    }
    return out;
  }

  static ExpectationResult run(Expectation e, List<Row> rows) {
    return ExpectationSuite.named("t").expect(e).bind(SCHEMA).evaluate(rows).results().get(0);
  }

  @Test
  void notNullCountsEveryRowAndReportsNoMissing() {
    ExpectationResult r = run(Expectation.notNull("id"), rows());
    assertFalse(r.success());
    assertEquals(10L, r.result().get("element_count"));
    assertEquals(1L, r.result().get("unexpected_count"));
    assertEquals(10.0, r.result().get("unexpected_percent"));
    assertEquals(Arrays.asList((Object) null), r.result().get("partial_unexpected_list"));
    assertEquals(List.of(6L), r.result().get("partial_unexpected_index_list"));
    assertFalse(r.result().containsKey("missing_count"));
    // mostly edge: 9 of 10 pass, so 0.9 passes and 0.91 fails
    assertTrue(run(Expectation.notNull("id").mostly(0.9), rows()).success());
    assertFalse(run(Expectation.notNull("id").mostly(0.91), rows()).success());
  }

  @Test
  void toBeNullIsTheMirror() {
    ExpectationResult r = run(Expectation.isNull("id"), rows());
    assertEquals(9L, r.result().get("unexpected_count"));
    assertEquals(90.0, r.result().get("unexpected_percent"));
    assertTrue(run(Expectation.isNull("id").mostly(0.1), rows()).success());
    assertFalse(run(Expectation.isNull("id").mostly(0.11), rows()).success());
  }

  @Test
  void betweenExcludesNullsFromTheDenominatorAndHonoursStrictBounds() {
    ExpectationResult r = run(Expectation.between("id", 1, 8), rows()); // 9, 10 out; null 7 missing
    assertEquals(10L, r.result().get("element_count"));
    assertEquals(1L, r.result().get("missing_count"));
    assertEquals(10.0, r.result().get("missing_percent"));
    assertEquals(2L, r.result().get("unexpected_count"));
    assertEquals(100.0 * 2 / 9, (Double) r.result().get("unexpected_percent"), 1e-9);
    assertEquals(20.0, r.result().get("unexpected_percent_total"));
    assertEquals(List.of(9L, 10L), r.result().get("partial_unexpected_list"));
    // mostly on non-missing: 7/9 = 0.777.. passes 0.77, fails 0.78
    assertTrue(run(Expectation.between("id", 1, 8).mostly(0.77), rows()).success());
    assertFalse(run(Expectation.between("id", 1, 8).mostly(0.78), rows()).success());
    // strict: 1 and 8 themselves become unexpected
    ExpectationResult strict = run(Expectation.between("id", 1, 8).with("strict_min", true).with("strict_max", true),
        rows());
    assertEquals(4L, strict.result().get("unexpected_count"));
    // open bounds, double column with an integral bound, date column with an ISO bound
    assertEquals(5L, run(Expectation.between("amount", null, 50), rows()).unexpectedCount());
    assertEquals(0L, run(Expectation.between("day", "2025-01-01", "2025-01-01"), rows()).unexpectedCount());
    assertEquals(10L, run(Expectation.between("day", "2025-01-02", null), rows()).unexpectedCount());
  }

  @Test
  void allNullColumnSucceedsWithNullPercent() {
    ExpectationResult r = run(Expectation.between("price", 0, 1), rows());
    assertTrue(r.success());
    assertEquals(10L, r.result().get("missing_count"));
    assertNull(r.result().get("unexpected_percent"));
  }

  @Test
  void inSetAndNotInSetCompareAcrossNumberSpellings() {
    ExpectationResult r = run(Expectation.inSet("country", List.of("DE")), rows());
    assertEquals(4L, r.unexpectedCount()); // FR: ids 1, 5, 7, 9; id 3's country is null (missing)
    assertEquals(1L, r.result().get("missing_count"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> counts = (List<Map<String, Object>>) r.result().get("partial_unexpected_counts");
    assertEquals("FR", counts.get(0).get("value"));
    assertEquals(4L, counts.get(0).get("count"));
    assertEquals(2L, run(Expectation.inSet("id", List.of(1, 2.0, "3", 4, 5, 6, 8, 9.5)), rows()).unexpectedCount());
    assertEquals(2L, run(Expectation.notInSet("amount", List.of(10, 20L)), rows()).unexpectedCount());
  }

  @Test
  void regexSearchesAnywhereAsGeDoes() {
    assertEquals(0L, run(Expectation.matchesRegex("email", "@x"), rows()).unexpectedCount());
    assertEquals(10L, run(Expectation.matchesRegex("email", "^@x"), rows()).unexpectedCount());
    assertEquals(1L, run(Expectation.of("expect_column_values_to_not_match_regex",
        Map.of("column", "email", "regex", "u1@")), rows()).unexpectedCount());
  }

  @Test
  void uniqueCountsEveryOccurrenceOfARepeatedValue() {
    List<Row> rows = new ArrayList<>(rows());
    rows.add(row(2L, "DE", 1.0, "a"));
    rows.add(row(2L, "DE", 1.0, "a"));
    rows.add(row(null, "DE", 1.0, "a"));
    ExpectationResult r = run(Expectation.unique("id"), rows);
    assertEquals(3L, r.unexpectedCount()); // the three 2s, not two
    assertEquals(2L, r.result().get("missing_count"));
    assertEquals(List.of(2L, 2L, 2L), r.result().get("partial_unexpected_list"));
    assertTrue(run(Expectation.unique("id").mostly(0.72), rows).success()); // 8/11 = 0.727
    assertFalse(run(Expectation.unique("id").mostly(0.73), rows).success());
    // compound: (country, email) pairs; all-missing rows ignored by default, any-missing on request
    List<Row> pairs = List.of(row(1L, "DE", 1.0, "a"), row(2L, "DE", 1.0, "a"), row(3L, null, 1.0, null),
        row(4L, null, 1.0, null), row(5L, "DE", 1.0, null), row(6L, "DE", 1.0, null));
    Expectation c = Expectation.of("expect_compound_columns_to_be_unique", Map.of("column_list", List.of("country", "email")));
    assertEquals(4L, run(c, pairs).unexpectedCount());
    assertEquals(2L, run(c, pairs).result().get("missing_count"));
    assertEquals(2L, run(c.with("ignore_row_if", "any_value_is_missing"), pairs).unexpectedCount());
    assertEquals(6L, run(c.with("ignore_row_if", "never"), pairs).unexpectedCount());
  }

  @Test
  void uniqueOnManyValuesAgreesWithASimpleModel() {
    // enough distinct ids to grow the primitive table several times; every 7th id repeated 2 or 3 times
    java.util.Random rnd = new java.util.Random(11);
    List<Row> rows = new ArrayList<>();
    Map<Long, Integer> model = new java.util.HashMap<>();
    for (long i = 0; i < 20_000; i++) {
      long id = i % 7 == 0 ? rnd.nextInt(500) : 1_000_000 + i * 7919;
      rows.add(row(id, "DE", 1.0, "e"));
      model.merge(id, 1, Integer::sum);
    }
    long expected = model.values().stream().filter(c -> c > 1).mapToLong(c -> c).sum();
    ExpectationResult r = run(Expectation.unique("id"), rows);
    assertEquals(expected, r.unexpectedCount());
    assertEquals(20, ((List<?>) r.result().get("partial_unexpected_list")).size());
    ExpectationResult p = run(agg("proportion_of_unique_values", "id", null, null), rows);
    assertEquals((double) model.size() / 20_000, (Double) p.observedValue(), 1e-12);
  }

  @Test
  void valueLengthsCountCodePoints() {
    List<Row> rows = List.of(row(1L, "DE", 1.0, "ab"), row(2L, "DE", 1.0, "\uD83D\uDE00"), row(3L, "DE", 1.0, "abcd"));
    Expectation e = Expectation.of("expect_column_value_lengths_to_be_between",
        Map.of("column", "email", "min_value", 1, "max_value", 2));
    assertEquals(1L, run(e, rows).unexpectedCount()); // the emoji is one character
  }

  @Test
  void aggregatesReportObservedValuesAndIgnoreNulls() {
    List<Row> rows = rows();
    ExpectationResult count = run(Expectation.rowCountBetween(10L, 10L), rows);
    assertTrue(count.success());
    assertEquals(10L, count.observedValue());
    assertFalse(run(Expectation.rowCountBetween(11L, null), rows).success());
    assertFalse(run(Expectation.rowCountBetween(null, 10L).with("strict_max", true), rows).success());
    // id: 1..10 without 7 -> min 1, max 10, sum 48, mean 48/9
    assertEquals(1L, run(agg("min", "id", 1, 1), rows).observedValue());
    assertEquals(10L, run(agg("max", "id", 10, 10), rows).observedValue());
    assertEquals(48L, run(agg("sum", "id", 48, 48), rows).observedValue());
    ExpectationResult mean = run(agg("mean", "id", 5, 6), rows);
    assertEquals(48.0 / 9, (Double) mean.observedValue(), 1e-12);
    assertTrue(mean.success());
    assertFalse(run(agg("mean", "id", 5.4, null), rows).success());
    assertEquals("FR", run(agg("max", "country", "A", "Z"), rows).observedValue());
    assertTrue(run(agg("min", "country", "DE", "DE"), rows).success());
    // all-null column: no min, a sum of 0
    assertFalse(run(agg("min", "price", null, null), rows).success());
    assertEquals("0", run(agg("sum", "price", 0, 0), rows).observedValue());
    // proportion of unique values: country DE/FR among 9 non-null
    ExpectationResult p = run(agg("proportion_of_unique_values", "country", 0.2, 0.3), rows);
    assertEquals(2.0 / 9, (Double) p.observedValue(), 1e-12);
    assertTrue(p.success());
  }

  static Expectation agg(String what, String column, Object min, Object max) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("column", column);
    k.put("min_value", min);
    k.put("max_value", max);
    return Expectation.of("expect_column_" + what + "_to_be_between", k);
  }

  @Test
  void tableColumnsMatchSetExactOrSubset() {
    Expectation exact = Expectation.of("expect_table_columns_to_match_set",
        Map.of("column_set", List.of("id", "country", "amount", "email", "day", "price")));
    assertTrue(run(exact, rows()).success());
    Expectation subset = Expectation.of("expect_table_columns_to_match_set",
        Map.of("column_set", List.of("id", "country"), "exact_match", false));
    assertTrue(run(subset, rows()).success());
    assertFalse(run(subset.with("exact_match", true), rows()).success());
    assertFalse(run(Expectation.of("expect_table_columns_to_match_set",
        Map.of("column_set", List.of("id", "nope"), "exact_match", false)), rows()).success());
  }

  @Test
  void rowConditionUsesTheExpressionLanguageAndNullIsUnexpected() {
    ExpectationResult r = run(Expectation.rowCondition("amount <= 50 OR country = 'DE'"), rows());
    // FR rows above 50: ids 7, 9 -> unexpected; id 3 has null country but amount 30 -> true
    assertEquals(2L, r.unexpectedCount());
    assertEquals(10L, r.elementCount());
    ExpectationResult nulls = run(Expectation.rowCondition("id > 0"), rows());
    assertEquals(1L, nulls.unexpectedCount()); // id 7 is null: NULL is not true
    @SuppressWarnings("unchecked")
    Map<String, Object> shown = (Map<String, Object>) ((List<?>) nulls.result().get("partial_unexpected_list")).get(0);
    assertEquals(70.0, shown.get("amount"));
  }

  @Test
  void emptyInputSucceedsForValueExpectations() {
    ExpectationResult r = run(Expectation.notNull("id"), List.of());
    assertTrue(r.success());
    assertEquals(0L, r.result().get("element_count"));
    assertNull(r.result().get("unexpected_percent"));
  }

  @Test
  void partialListIsCappedAtTwenty() {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 50; i++) {
      rows.add(row(i, "XX", 1.0, "e"));
    }
    ExpectationResult r = run(Expectation.inSet("country", List.of("DE")), rows);
    assertEquals(50L, r.unexpectedCount());
    assertEquals(20, ((List<?>) r.result().get("partial_unexpected_list")).size());
  }

  @Test
  void badSuitesAreTypedErrorsNamingIndexAndField() {
    InvalidExpectationSuiteException unknownType = bad(Expectation.of("expect_column_values_to_be_nul",
        Map.of("column", "id")));
    assertEquals(1, unknownType.index());
    assertEquals("type", unknownType.field());
    assertTrue(unknownType.getMessage().contains("expect_column_values_to_be_null"), unknownType.getMessage());
    InvalidExpectationSuiteException col = bad(Expectation.notNull("amout"));
    assertEquals("column", col.field());
    assertTrue(col.getMessage().contains("did you mean 'amount'"), col.getMessage());
    assertEquals("regex", bad(Expectation.matchesRegex("email", "([a-z")).field());
    assertEquals("mostly", bad(Expectation.notNull("id").mostly(1.5)).field());
    assertEquals("mostly", bad(Expectation.notNull("id").mostly(-0.1)).field());
    assertEquals("mostly", bad(Expectation.rowCountBetween(1L, 2L).mostly(0.5)).field());
    assertEquals("condition", bad(Expectation.rowCondition("amount >")).field());
    assertEquals("min_value", bad(Expectation.between("id", null, null)).field());
    assertEquals("min_value", bad(Expectation.between("day", "yesterday", null)).field());
    assertEquals("column", bad(agg("mean", "country", 0, 1)).field());
    assertEquals("meta.on_failure", bad(Expectation.unique("id").onFailure(OnFailure.QUARANTINE)).field());
    assertEquals("strct_min", bad(Expectation.between("id", 1, 2).with("strct_min", true)).field());
  }

  private static InvalidExpectationSuiteException bad(Expectation e) {
    ExpectationSuite s = ExpectationSuite.named("bad").expect(Expectation.notNull("id")).expect(e);
    return assertThrows(InvalidExpectationSuiteException.class, () -> s.bind(SCHEMA));
  }
}
