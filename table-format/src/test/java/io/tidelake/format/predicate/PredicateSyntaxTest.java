package io.tidelake.format.predicate;

import static io.tidelake.format.predicate.TestSchemas.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PredicateSyntaxTest {

  /** Canonical text renders to itself, and parsing the rendering gives an equal tree. */
  @ParameterizedTest
  @ValueSource(strings = {
      "id = 1",
      "id != 1",
      "id < -5",
      "id <= 5",
      "amount > 1.5",
      "amount >= 1E+3",
      "country = 'DE'",
      "country = 'it''s'",
      "country = ''",
      "country IN ('DE', 'FR')",
      "country NOT IN ('DE', NULL)",
      "country IS NULL",
      "country IS NOT NULL",
      "id BETWEEN 1 AND 10",
      "id NOT BETWEEN 1 AND 10",
      "country LIKE 'ab%'",
      "country NOT LIKE 'a_c\\%'",
      "TRUE",
      "FALSE",
      "flag = TRUE",
      "id = NULL",
      "date >= DATE '2025-01-01'",
      "ts < TIMESTAMP '2025-01-01T10:00:00Z'",
      "ntz < TIMESTAMP_NTZ '2025-01-01T10:00'",
      "bin = X'00FF10'",
      "id < i",
      "addr.city = 'Berlin'",
      "`in` = 'x'",
      "`a.b` = 1",
      "`we``ird name` = 1",
      "a = 0 OR b = 1 AND c = 2",
      "(a = 1 OR b = 2) AND c = 3",
      "a = 1 OR b = 2 OR c = 3",
      "(a = 1 OR b = 2) OR c = 3",
      "a = 1 AND (b = 2 AND c = 3)",
      "NOT a = 1",
      "NOT (a = 1 AND b = 2)",
      "NOT NOT a = 1",
      "NOT a NOT IN (1)",
      "price = 12.50",
      "id = 99999999999999999999",
  })
  void canonicalTextRoundTrips(String text) {
    Predicate p = Predicates.parseUnbound(text);
    assertThat(p.toSql()).isEqualTo(text);
    assertThat(Predicates.parseUnbound(p.toSql())).isEqualTo(p);
    assertThat(p.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "id == 1|id = 1",
      "id <> 1|id != 1",
      "5 < id|id > 5",
      "5 <= id|id >= 5",
      "'DE' = country|country = 'DE'",
      "id=1 and country='DE'|id = 1 AND country = 'DE'",
      "not country in ('DE')|country NOT IN ('DE')",
      "NOT (country IS NULL)|country IS NOT NULL",
      "((id = 1))|id = 1",
      "id = +7|id = 7",
      "amount > .5|amount > 0.5",
      "amount > 1e3|amount > 1E+3",
      "date >= date '2025-01-01'|date >= DATE '2025-01-01'",
      "ts >= timestamp '2025-01-01 10:00:00'|ts >= TIMESTAMP '2025-01-01T10:00:00Z'",
      "ts >= TIMESTAMP '2025-01-01 12:00:00+02:00'|ts >= TIMESTAMP '2025-01-01T10:00:00Z'",
      "bin = x'0aff'|bin = X'0AFF'",
      "`id` = 1|id = 1",
      "true = flag|flag = TRUE",
      "id BeTwEeN 1 aNd 2|id BETWEEN 1 AND 2",
  })
  void alternativeSpellingsRenderCanonically(String text, String canonical) {
    Predicate p = Predicates.parseUnbound(text);
    assertThat(p.toSql()).isEqualTo(canonical);
    assertThat(Predicates.parseUnbound(canonical)).isEqualTo(p);
  }

  @Test
  void parsesTheTreeItRenders() {
    Predicate p = Predicates.parseUnbound("date >= '2025-01-01' AND country IN ('DE','FR') AND amount IS NOT NULL");
    assertThat(p).isEqualTo(new Predicate.And(List.of(
        new Predicate.Comparison(Column.of("date"), CompareOp.GE, Literal.of("2025-01-01")),
        new Predicate.In(Column.of("country"), List.of(Literal.of("DE"), Literal.of("FR"))),
        new Predicate.Not(new Predicate.IsNull(Column.of("amount"))))));
  }

  @Test
  void literalsKeepTheirWrittenKindBeforeBinding() {
    assertThat(value("x = 10")).isEqualTo(10L);
    assertThat(value("x = -9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(value("x = 1.50")).isEqualTo(new BigDecimal("1.50"));
    assertThat(value("x = 1e3")).isEqualTo(new BigDecimal("1E+3"));
    assertThat(value("x = 'a'")).isEqualTo("a");
    assertThat(value("x = false")).isEqualTo(false);
    assertThat(value("x = NULL")).isNull();
    assertThat(value("x = DATE '2025-01-31'")).isEqualTo(LocalDate.of(2025, 1, 31));
    assertThat(value("x = TIMESTAMP '2025-01-31 10:00:00.5'")).isEqualTo(Instant.parse("2025-01-31T10:00:00.500Z"));
    assertThat(value("x = TIMESTAMP_NTZ '2025-01-31 10:00:00'")).isEqualTo(LocalDateTime.of(2025, 1, 31, 10, 0));
    assertThat((byte[]) value("x = X'CAFE'")).containsExactly(0xCA, 0xFE);
  }

  private static Object value(String text) {
    return ((Predicate.Comparison) Predicates.parseUnbound(text)).value().value();
  }

  @Test
  void andBindsTighterThanOr() {
    Predicate p = Predicates.parseUnbound("a = 1 OR b = 2 AND c = 3");
    assertThat(p).isInstanceOf(Predicate.Or.class);
    Predicate.Or or = (Predicate.Or) p;
    assertThat(or.children().get(0)).isInstanceOf(Predicate.Comparison.class);
    assertThat(or.children().get(1)).isInstanceOf(Predicate.And.class);
  }

  @Test
  void notBindsLooserThanComparisonButTighterThanAnd() {
    Predicate p = Predicates.parseUnbound("NOT a = 1 AND b = 2");
    assertThat(p).isInstanceOf(Predicate.And.class);
    assertThat(((Predicate.And) p).children().get(0))
        .isEqualTo(new Predicate.Not(Predicates.eq("a", 1L)));
  }

  @Test
  void keywordsAreCaseInsensitiveAndDateIsAlsoAColumnName() {
    Predicate p = Predicates.parseUnbound("date >= DATE '2025-01-01' or Date is null");
    assertThat(p.referencedColumns()).containsExactly("date", "Date");
    assertThat(p.toSql()).isEqualTo("date >= DATE '2025-01-01' OR Date IS NULL");
  }

  @Test
  void codeBuiltPredicatesRenderParseably() {
    Predicate p = Predicates.and(
        Predicates.ge("date", LocalDate.of(2025, 1, 1)),
        Predicates.or(Predicates.in("country", "DE", "FR"), Predicates.isNull("country")),
        Predicates.not(Predicates.like("country", "X%")),
        Predicates.between("amount", 1, 2.5),
        Predicates.compareColumns("id", CompareOp.LT, "i"),
        Predicates.eq("addr.city", "Berlin"),
        Predicates.eq("`a.b`", 3));
    assertThat(p.toSql()).isEqualTo("date >= DATE '2025-01-01' AND (country IN ('DE', 'FR') OR country IS NULL)"
        + " AND country NOT LIKE 'X%' AND amount BETWEEN 1 AND 2.5 AND id < i AND addr.city = 'Berlin'"
        + " AND `a.b` = 3");
    assertThat(Predicates.parseUnbound(p.toSql()).toSql()).isEqualTo(p.toSql());
    assertThat(Predicates.parseUnbound(p.toSql()).bind(SCHEMA)).isEqualTo(p.bind(SCHEMA));
  }

  @Test
  void boundPredicatesRoundTripThroughText() {
    String text = "id = 1e3 AND amount > 10 AND f > 0.1 AND f < 0.5 AND price = 1.5 AND date >= '2025-01-01'"
        + " AND ts < '2025-01-01 10:00:00.123456' AND ntz < '2025-01-01 10:00' AND bin = 'hi'"
        + " AND country IN ('DE', NULL) AND flag = 'true' AND amount != 'NaN' AND amount < 'Infinity'";
    Predicate bound = Predicates.parse(text, SCHEMA);
    assertThat(bound.isBound()).isTrue();
    assertThat(bound.toSql()).isEqualTo("id = 1000 AND amount > 10.0 AND f > 0.1 AND f < 0.5 AND price = 1.50"
        + " AND date >= DATE '2025-01-01' AND ts < TIMESTAMP '2025-01-01T10:00:00.123456Z'"
        + " AND ntz < TIMESTAMP_NTZ '2025-01-01T10:00' AND bin = X'6869' AND country IN ('DE', NULL)"
        + " AND flag = TRUE AND amount != 'NaN' AND amount < 'Infinity'");
    assertThat(Predicates.parse(bound.toSql(), SCHEMA)).isEqualTo(bound);
  }

  @Test
  void floatLiteralThatIsNotShortRendersExactly() {
    Predicate bound = Predicates.eq("f", 0.1f).bind(SCHEMA);
    assertThat(((Predicate.Comparison) bound).value().value()).isEqualTo(0.1f);
    assertThat(Predicates.parse(bound.toSql(), SCHEMA)).isEqualTo(bound);
  }

  @Test
  void columnParsing() {
    assertThat(Column.parse("addr.city").path()).containsExactly("addr", "city");
    assertThat(Column.parse("`a.b`").path()).containsExactly("a.b");
    assertThat(Column.parse("x.`in`").toSql()).isEqualTo("x.`in`");
    assertThat(Column.of("select").toSql()).isEqualTo("select");
    assertThat(Column.of("1x").toSql()).isEqualTo("`1x`");
    assertThatThrownBy(() -> Column.parse("a b")).isInstanceOf(PredicateException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "id =|4|Expected a column or a value but found the end of the predicate",
      "id = 'abc|5|Unterminated string",
      "id ! 3|3|did you mean '!='",
      "id = 1 country = 'DE'|7|Expected AND, OR or the end of the predicate but found 'country'",
      "(id = 1|7|Expected ')' to close the '(' at character 1",
      "id IN 1|6|Expected '(' to start the IN list",
      "id IN (1, 2|11|',' or ')' in the IN list",
      "id IS 1|6|Expected NULL after IS",
      "id BETWEEN 1 OR 2|13|Expected AND between the BETWEEN bounds",
      "country LIKE 5|13|LIKE needs a quoted pattern",
      "1 = 2|0|both sides are values",
      "id LIKE|7|LIKE needs a quoted pattern",
      "id NOT = 1|7|Expected IN, BETWEEN or LIKE after NOT",
      "id = 12abc|5|Malformed number '12a'",
      "id = 1e|5|the exponent needs digits",
      "id = DATE '2025-13-01'|10|is not a valid DATE literal",
      "id = X'ABC'|5|even number of hex digits",
      "id # 1|3|Unexpected character '#'",
      "id IN (other)|7|IN lists take values, not columns",
      "and = 1|0|Expected a column or a value but found 'and'",
      "id|2|Expected a comparison",
  })
  void syntaxErrorsPointAtTheProblem(String text, int position, String message) {
    assertThatThrownBy(() -> Predicates.parseUnbound(text))
        .isInstanceOfSatisfying(PredicateException.class, e -> {
          assertThat(e.position()).isEqualTo(position);
          assertThat(e.getMessage()).contains(message).contains("(at character " + (position + 1) + ")");
          String[] lines = e.getMessage().split("\n");
          assertThat(lines).hasSize(3);
          assertThat(lines[1]).isEqualTo("  " + text);
          assertThat(lines[2]).isEqualTo("  " + " ".repeat(position) + "^");
        });
  }

  @Test
  void longTextIsExcerptedAroundTheError() {
    String text = "country = 'DE' AND ".repeat(10) + "id = = 1";
    assertThatThrownBy(() -> Predicates.parseUnbound(text))
        .isInstanceOfSatisfying(PredicateException.class, e -> {
          String[] lines = e.getMessage().split("\n");
          assertThat(lines[1]).startsWith("  ...").hasSizeLessThan(100);
          int caret = lines[2].indexOf('^');
          assertThat(lines[1].charAt(caret)).isEqualTo('=');
          assertThat(text.charAt(e.position())).isEqualTo('=');
        });
  }

  @Test
  void emptyAndDeeplyNestedInputFailWithMessages() {
    assertThatThrownBy(() -> Predicates.parseUnbound("  ")).hasMessageContaining("Empty predicate");
    String deep = "(".repeat(10_000) + "a = 1" + ")".repeat(10_000);
    assertThatThrownBy(() -> Predicates.parseUnbound(deep)).hasMessageContaining("nested more than");
  }

  @Test
  void factoryEdgeCases() {
    assertThat(Predicates.and()).isEqualTo(Predicates.alwaysTrue());
    assertThat(Predicates.or()).isEqualTo(Predicates.alwaysFalse());
    Predicate a = Predicates.eq("id", 1);
    assertThat(Predicates.and(a)).isSameAs(a);
    assertThat(Predicates.conjuncts(Predicates.parseUnbound("a = 1 AND (b = 2 AND c = 3) AND (d = 4 OR e = 5)")))
        .extracting(Predicate::toSql).containsExactly("a = 1", "b = 2", "c = 3", "d = 4 OR e = 5");
  }

  @Test
  void referencedColumnsAreTopLevelNames() {
    Predicate p = Predicates.parseUnbound("addr.city = 'x' AND id < i OR country IS NULL AND addr.zip = 1");
    assertThat(p.referencedColumns()).containsExactly("addr", "id", "i", "country");
    assertThat(p.onlyReferences(java.util.Set.of("ADDR", "id", "i", "country"))).isTrue();
    assertThat(p.onlyReferences(java.util.Set.of("addr", "id", "country"))).isFalse();
  }
}
