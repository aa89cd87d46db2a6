package io.tidelake.format.predicate;

import static io.tidelake.format.predicate.TestSchemas.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowEvaluationTest {

  private static Row row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return TestSchemas.row(m);
  }

  private static TriState eval(String predicate, Row row) {
    return Predicates.parse(predicate, SCHEMA).evaluator(SCHEMA).evaluate(row);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "id = 1|UNKNOWN",
      "NOT (id = 1)|UNKNOWN",
      "id != 1|UNKNOWN",
      "id IS NULL|TRUE",
      "id IS NOT NULL|FALSE",
      "id IN (1, 2)|UNKNOWN",
      "id NOT IN (1, 2)|UNKNOWN",
      "id BETWEEN 1 AND 2|UNKNOWN",
      "country LIKE 'a%'|UNKNOWN",
      "id = 1 AND FALSE|FALSE",
      "id = 1 AND TRUE|UNKNOWN",
      "id = 1 OR TRUE|TRUE",
      "id = 1 OR FALSE|UNKNOWN",
      "id < i|UNKNOWN",
  })
  void nullColumnFollowsThreeValuedLogic(String predicate, TriState expected) {
    Row r = row("i", 5);
    assertThat(eval(predicate, r)).isEqualTo(expected);
    assertThat(Predicates.parse(predicate, SCHEMA).test(r)).isEqualTo(expected == TriState.TRUE);
  }

  @Test
  void notOfAComparisonWithNullIsNotSelected() {
    Row nullX = row("id", null);
    Predicate p = Predicates.parse("NOT (id = 1)", SCHEMA);
    assertThat(p.test(nullX)).isFalse();
    assertThat(p.test(row("id", 2L))).isTrue();
    assertThat(p.test(row("id", 1L))).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "id IN (1, NULL)|1|TRUE",
      "id IN (1, NULL)|2|UNKNOWN",
      "id NOT IN (1, NULL)|2|UNKNOWN",
      "id NOT IN (1, 3)|2|TRUE",
      "id = NULL|2|UNKNOWN",
      "id BETWEEN NULL AND 1|2|FALSE",
      "id BETWEEN NULL AND 3|2|UNKNOWN",
  })
  void nullLiterals(String predicate, long id, TriState expected) {
    assertThat(eval(predicate, row("id", id))).isEqualTo(expected);
  }

  @Test
  void comparesNumbersAcrossWidthsAndKindsExactly() {
    StructType s = StructType.of(new StructField("l", PrimitiveType.LONG), new StructField("d", PrimitiveType.DOUBLE),
        new StructField("b", PrimitiveType.BYTE), new StructField("dec", new DecimalType(38, 0)),
        new StructField("f", PrimitiveType.FLOAT));
    // 2^53 + 1 is not a double: a comparison through double would call them equal.
    long big = (1L << 53) + 1;
    Row r = Row.of(s, big, (double) (1L << 53), (byte) -3, new BigDecimal("9223372036854775808"), 0.1f);
    assertThat(Predicates.parse("l > d", s).test(r)).isTrue();
    assertThat(Predicates.parse("l = d", s).test(r)).isFalse();
    assertThat(Predicates.parse("d < l", s).test(r)).isTrue();
    assertThat(Predicates.parse("dec > l", s).test(r)).isTrue();
    assertThat(Predicates.parse("b < -2 AND b >= -3 AND b = -3.0", s).test(r)).isTrue();
    assertThat(Predicates.parse("l = 9007199254740993", s).test(r)).isTrue();
    assertThat(Predicates.parse("d = 9007199254740992", s).test(r)).isTrue();
    // The float 0.1f is slightly above the decimal 0.1, as in Spark.
    assertThat(Predicates.parse("f > 0.1", s).test(r)).isTrue();
    assertThat(Predicates.parse("f = 0.1", s).test(r)).isFalse();
    assertThat(Predicates.eq("f", 0.1f).test(r)).isTrue();
    assertThat(Predicates.parse("f < d", s).test(r)).isTrue();
  }

  @Test
  void floatingPointUsesATotalOrder() {
    assertThat(eval("amount = 0", row("amount", -0.0))).isEqualTo(TriState.TRUE);
    assertThat(eval("amount = 'NaN'", row("amount", Double.NaN))).isEqualTo(TriState.TRUE);
    assertThat(eval("amount > 'Infinity'", row("amount", Double.NaN))).isEqualTo(TriState.TRUE);
    assertThat(eval("amount > 1e300", row("amount", Double.NaN))).isEqualTo(TriState.TRUE);
    // NOT (x < 5) and x >= 5 agree for NaN, which negation push-down in stats skipping relies on.
    assertThat(eval("NOT amount < 5", row("amount", Double.NaN))).isEqualTo(eval("amount >= 5", row("amount", Double.NaN)));
    assertThat(eval("price > 1.999", row("price", new BigDecimal("2.00")))).isEqualTo(TriState.TRUE);
    assertThat(eval("price = 2", row("price", new BigDecimal("2.00")))).isEqualTo(TriState.TRUE);
  }

  @Test
  void stringsCompareByCodePointAndBytesUnsigned() {
    // U+FF5E (fullwidth tilde) sorts below U+1F600 (emoji) by code point, above it in UTF-16 units.
    Row r = row("country", "\uFF5E");
    assertThat(eval("country < '\uD83D\uDE00'", r)).isEqualTo(TriState.TRUE);
    assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive();
    assertThat(eval("country > 'Z' AND country >= ''", row("country", "a"))).isEqualTo(TriState.TRUE);
    assertThat(eval("bin > X'7F'", row("bin", new byte[] {(byte) 0x80}))).isEqualTo(TriState.TRUE);
    assertThat(eval("bin < X'0000'", row("bin", new byte[] {0}))).isEqualTo(TriState.TRUE);
  }

  @Test
  void datesTimestampsAndBooleans() {
    Row r = row("date", LocalDate.of(2025, 3, 1), "ts", Instant.parse("2025-03-01T10:00:00.000001Z"), "flag", true);
    assertThat(eval("date >= '2025-01-01' AND date < DATE '2025-03-02'", r)).isEqualTo(TriState.TRUE);
    assertThat(eval("ts > '2025-03-01 10:00:00'", r)).isEqualTo(TriState.TRUE);
    assertThat(eval("ts > TIMESTAMP '2025-03-01 11:00:00+01:00'", r)).isEqualTo(TriState.TRUE);
    assertThat(eval("ts <= '2025-03-01'", r)).isEqualTo(TriState.FALSE);
    assertThat(eval("flag = TRUE AND flag > FALSE AND TRUE = flag", r)).isEqualTo(TriState.TRUE);
  }

  @Test
  void likeMatchesWildcardsAndEscapes() {
    assertThat(eval("country LIKE 'ab%'", row("country", "abc"))).isEqualTo(TriState.TRUE);
    assertThat(eval("country LIKE 'ab%'", row("country", "xab"))).isEqualTo(TriState.FALSE);
    assertThat(eval("country LIKE 'a_c'", row("country", "a\uD83D\uDE00c"))).isEqualTo(TriState.TRUE);
    assertThat(eval("country LIKE '%b%'", row("country", "abc"))).isEqualTo(TriState.TRUE);
    assertThat(eval("country LIKE '%.c'", row("country", "abc"))).isEqualTo(TriState.FALSE);
    assertThat(eval("country LIKE 'a\\%'", row("country", "a%"))).isEqualTo(TriState.TRUE);
    assertThat(eval("country LIKE 'a\\%'", row("country", "ab"))).isEqualTo(TriState.FALSE);
    assertThat(eval("country LIKE 'line%'", row("country", "line\nbreak"))).isEqualTo(TriState.TRUE);
    assertThat(eval("country LIKE '%k'", row("country", "line\nbreak"))).isEqualTo(TriState.TRUE);
    assertThat(eval("country NOT LIKE 'ab'", row("country", "ab"))).isEqualTo(TriState.FALSE);
  }

  @Test
  void nestedFieldsAndNullStructs() {
    Row withAddr = row("addr", Map.of("city", "Berlin", "zip", 10115));
    assertThat(eval("addr.city = 'Berlin' AND addr.zip > 10000", withAddr)).isEqualTo(TriState.TRUE);
    assertThat(eval("addr.city = 'Berlin'", row())).isEqualTo(TriState.UNKNOWN);
    assertThat(eval("addr.city IS NULL AND addr IS NULL", row())).isEqualTo(TriState.TRUE);
  }

  @Test
  void largeInListsUseAHashSetWithTheSameSemantics() {
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(i * 2);
    }
    Predicate in = Predicates.in("i", ids);
    List<Object> withNull = new ArrayList<>(ids);
    withNull.add(null);
    BoundEvaluator e = in.evaluator(SCHEMA);
    BoundEvaluator eNull = Predicates.in("i", withNull).evaluator(SCHEMA);
    BoundEvaluator notIn = Predicates.not(Predicates.in("id", ids)).evaluator(SCHEMA);
    assertThat(e.evaluate(row("i", 42))).isEqualTo(TriState.TRUE);
    assertThat(e.evaluate(row("i", 43))).isEqualTo(TriState.FALSE);
    assertThat(eNull.evaluate(row("i", 43))).isEqualTo(TriState.UNKNOWN);
    assertThat(eNull.evaluate(row("i", 198))).isEqualTo(TriState.TRUE);
    assertThat(notIn.evaluate(row("id", 43L))).isEqualTo(TriState.TRUE);
    assertThat(notIn.evaluate(row("id", 44L))).isEqualTo(TriState.FALSE);
  }

  @Test
  void evaluatorWorksOnAProjectedRowSchema() {
    StructType projected = StructType.of(new StructField("country", PrimitiveType.STRING),
        new StructField("id", PrimitiveType.LONG));
    Predicate p = Predicates.parse("id > 5 AND country = 'DE'", SCHEMA);
    BoundEvaluator e = p.evaluator(projected);
    assertThat(e.test(Row.of(projected, "DE", 6L))).isTrue();
    assertThat(e.test(Row.of(projected, "DE", 5L))).isFalse();
    assertThat(e.schema()).isEqualTo(projected);
    assertThat(e.predicate()).isEqualTo(p);
  }

  @Test
  void testBindsCodeBuiltPredicatesToTheRowSchema() {
    assertThat(Predicates.ge("date", "2025-01-01").test(row("date", LocalDate.of(2025, 1, 2)))).isTrue();
    assertThat(Predicates.alwaysTrue().test(row())).isTrue();
    assertThat(Predicates.alwaysFalse().test(row())).isFalse();
  }
}
