package io.tidelake.format.predicate;

import static io.tidelake.format.predicate.TestSchemas.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.ExpressionException;
import io.tidelake.format.expr.Expressions;
import io.tidelake.format.types.StructType;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Predicates share the expression grammar: any boolean expression is a predicate (a Predicate.Expr leaf). */
class ExpressionPredicateTest {

  private static Row row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return TestSchemas.row(m);
  }

  @Test
  void expressionsBecomeExprLeavesAndShapesStayShapes() {
    Predicate p = Predicates.parse("lower(country) = 'de' AND date >= '2025-01-01' AND amount * 1.1 > 100", SCHEMA);
    List<Predicate> parts = Predicates.conjuncts(p);
    assertThat(parts.get(0)).isInstanceOf(Predicate.Expr.class);
    assertThat(parts.get(1)).isInstanceOf(Predicate.Comparison.class);
    assertThat(parts.get(2)).isInstanceOf(Predicate.Expr.class);
    assertThat(p.isBound()).isTrue();
    assertThat(p.referencedColumns()).containsExactly("country", "date", "amount");
    assertThat(p.test(row("country", "DE", "date", LocalDate.of(2025, 2, 1), "amount", 100.0))).isTrue();
    assertThat(p.test(row("country", "DE", "date", LocalDate.of(2025, 2, 1), "amount", 90.0))).isFalse();
    assertThat(p.evaluator(SCHEMA).evaluate(row("date", LocalDate.of(2025, 2, 1), "amount", 100.0)))
        .isEqualTo(TriState.UNKNOWN);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "id = i + 1",
      "lower(country) = 'de'",
      "NOT (amount * 2 > 1 OR id % 2 = 0)",
      "CASE WHEN flag = TRUE THEN id > 1 ELSE i < 2 END",
      "id <=> NULL",
      "coalesce(flag, FALSE)",
      "(id IN (1, i))",
      "(1 = 2) OR id = 1",
      "i + 1 BETWEEN 1 AND 2 AND country LIKE 'a%'",
      "(flag OR id = 1) AND i = 2",
      "(flag)",
  })
  void renderedPredicatesParseBackEqual(String text) {
    Predicate unbound = Predicates.parseUnbound(text);
    assertThat(Predicates.parseUnbound(unbound.toSql())).isEqualTo(unbound);
    Predicate bound = Predicates.parse(text, SCHEMA);
    assertThat(Predicates.parse(bound.toSql(), SCHEMA)).isEqualTo(bound);
    assertThat(unbound.bind(SCHEMA)).isEqualTo(bound);
  }

  @Test
  void theTopLevelKeepsThePredicateLanguagesRules() {
    assertThatThrownBy(() -> Predicates.parseUnbound("id IN (1, i)")).hasMessageContaining("IN lists take values");
    assertThatThrownBy(() -> Predicates.parseUnbound("flag")).hasMessageContaining("Expected a comparison");
    assertThat(Predicates.parse("(flag) AND (id IN (1, i))", SCHEMA).test(row("flag", true, "id", 3L, "i", 3)))
        .isTrue();
  }

  @Test
  void anUnboundExpressionLeafRendersButDoesNotEvaluate() {
    Predicate p = Predicates.parseUnbound("id = i + 1");
    Predicate.Expr e = (Predicate.Expr) p;
    assertThat(p.isBound()).isFalse();
    assertThat(p.toSql()).isEqualTo("id = i + 1");
    assertThat(p.referencedColumns()).containsExactly("id", "i");
    assertThatThrownBy(() -> e.expression().type()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.evaluate(Map.of("id", 1L))).isInstanceOf(IllegalStateException.class);
    assertThat(p.test(row("id", 3L, "i", 2))).isTrue(); // test() binds on its own
  }

  @Test
  void bindingErrorsInsideExpressionsPointIntoThePredicateText() {
    String text = "country = 'DE' AND lower(contry) = 'de'";
    assertThatThrownBy(() -> Predicates.parse(text, SCHEMA))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.getMessage()).contains("Unknown column 'contry' (did you mean 'country'?)");
          assertThat(e.position()).isEqualTo(25);
        });
    assertThatThrownBy(() -> Predicates.parse("id = 1 OR (i + 1)", SCHEMA))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.getMessage()).contains("A condition must be boolean, but i + 1 is integer");
          assertThat(e.position()).isEqualTo(11);
        });
    assertThatThrownBy(() -> Predicates.parse("id + 'x' > 1", SCHEMA)).hasMessageContaining("Operator + needs numbers");
  }

  @Test
  void partitionEvaluationComputesExpressionsOverKnownColumns() {
    Predicate p = Predicates.parse("year(date) = 2025 AND lower(country) = 'de'", SCHEMA);
    assertThat(p.evaluate(Map.of("date", LocalDate.of(2025, 1, 1), "country", "DE"))).isEqualTo(TriState.TRUE);
    assertThat(p.evaluate(Map.of("date", LocalDate.of(2024, 1, 1)))).isEqualTo(TriState.FALSE);
    assertThat(p.evaluate(Map.of("date", LocalDate.of(2025, 1, 1)))).isEqualTo(TriState.UNKNOWN);
    Map<String, Object> nullDate = new HashMap<>();
    nullDate.put("date", null);
    // year(NULL) = 2025 is NULL: never TRUE, so no row of the partition is selected
    assertThat(p.evaluate(nullDate)).isEqualTo(TriState.FALSE);
    assertThat(p.negate().evaluate(nullDate)).isEqualTo(TriState.UNKNOWN);
    // current_date() depends on the clock: never decided from partition values
    assertThat(Predicates.parse("date < current_date()", SCHEMA).evaluate(Map.of("date", LocalDate.of(2000, 1, 1))))
        .isEqualTo(TriState.UNKNOWN);
    // a row-dependent failure is left to the rows
    assertThat(Predicates.parse("id / 0 > 1", SCHEMA).evaluate(Map.of("id", 1L))).isEqualTo(TriState.UNKNOWN);
  }

  @Test
  void statsSkippingNeverSkipsOnAnExpressionButStillOnShapesBesideIt() {
    FakeStats stats = new FakeStats(10L).col("id", 1L, 5L, 0L).col("amount", 1.0, 2.0, 0L);
    assertThat(Predicates.parse("amount * 100 > 1000000", SCHEMA).mightMatch(stats)).isTrue();
    assertThat(Predicates.parse("NOT (amount * 100 > 1000000)", SCHEMA).mightMatch(stats)).isTrue();
    assertThat(Predicates.parse("amount * 100 > 1 AND id > 10", SCHEMA).mightMatch(stats)).isFalse();
    assertThat(Predicates.parse("amount * 100 > 1 OR id > 10", SCHEMA).mightMatch(stats)).isTrue();
  }

  @Test
  void expressionLeavesRebindToAnotherLayoutByName() {
    StructType projected = SCHEMA.select(List.of("i", "id"));
    Predicate p = Predicates.parse("id = i + 1", SCHEMA);
    BoundEvaluator ev = p.evaluator(projected);
    assertThat(ev.test(Row.of(projected, 2, 3L))).isTrue();
    assertThat(ev.test(Row.of(projected, 2, 4L))).isFalse();
  }

  @Test
  void fromExpressionRecoversPredicateShapes() {
    Expression e = Expressions.parseCondition("id > 5 AND (country IN ('DE', 'FR') OR lower(country) = 'it')", SCHEMA);
    Predicate p = Predicates.fromExpression(e);
    assertThat(p).isEqualTo(Predicates.parse(e.toSql(), SCHEMA));
    assertThat(Predicates.conjuncts(p).get(0)).isInstanceOf(Predicate.Comparison.class);
    assertThat(p.mightMatch(new FakeStats(3L).col("id", 1L, 5L, 0L))).isFalse();
    // shapes convert literals more strictly: id = 1.5 stays an expression, which is simply never TRUE
    Predicate strict = Predicates.fromExpression(Expressions.parseCondition("id = 1.5", SCHEMA));
    assertThat(strict).isInstanceOf(Predicate.Expr.class);
    assertThat(strict.test(row("id", 1L))).isFalse();
    assertThatThrownBy(() -> Predicates.fromExpression(Expressions.parse("id + 1", SCHEMA)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
