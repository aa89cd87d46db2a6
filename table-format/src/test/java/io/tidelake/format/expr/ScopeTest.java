package io.tidelake.format.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.expr.ExpressionException.Kind;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expressions over several aliased relations (MERGE) and assignments (UPDATE SET). */
class ScopeTest {
  private static final StructType TARGET = SchemaDdl.parse("id long, amount decimal(10,2), name string, day date,"
      + " seen timestamp, n int");
  private static final StructType SOURCE = SchemaDdl.parse("id long, amount double, op string, qty int");
  private static final Scope SCOPE = Scope.of("t", TARGET).and("s", SOURCE);

  /** The concatenated row: target values then source values. */
  private static Row row(Object[] t, Object[] s) {
    Object[] all = new Object[t.length + s.length];
    System.arraycopy(t, 0, all, 0, t.length);
    System.arraycopy(s, 0, all, t.length, s.length);
    return GenericRow.trusted(SCOPE.rowSchema(), all);
  }

  @Test
  void rowSchemaConcatenatesWithQualifiedNames() {
    assertThat(SCOPE.rowSchema().fieldNames()).containsExactly("t.id", "t.amount", "t.name", "t.day", "t.seen", "t.n",
        "s.id", "s.amount", "s.op", "s.qty");
    assertThat(SCOPE.aliases()).containsExactly("t", "s");
    assertThat(SCOPE.offset("s")).isEqualTo(6);
  }

  @Test
  void qualifiedAndUniqueUnqualifiedNamesResolve() {
    Expression on = Expressions.parseCondition("t.id = s.id AND op != 'D' AND T.name IS NULL", SCOPE);
    assertThat(on.referencedColumns()).containsExactly("t.id", "s.id", "s.op", "t.name");
    Row r = row(new Object[] {7L, null, null, null, null, null}, new Object[] {7L, 1.0, "U", 2});
    assertThat(on.eval(r)).isEqualTo(true);
    Row other = row(new Object[] {8L, null, null, null, null, null}, new Object[] {7L, 1.0, "U", 2});
    assertThat(on.eval(other)).isEqualTo(false);
    assertThat(Expressions.parse("qty * 2 + n", SCOPE).eval(
        row(new Object[] {1L, null, null, null, null, 5}, new Object[] {1L, null, null, 4}))).isEqualTo(13);
  }

  @Test
  void anAmbiguousNameAsksToQualify() {
    assertThatThrownBy(() -> Expressions.parse("s.qty + id", SCOPE))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS_COLUMN);
          assertThat(e.getMessage()).contains("Column 'id' is ambiguous").contains("qualify it as t.id or s.id");
          assertThat(e.position()).isEqualTo(8);
        });
  }

  @Test
  void unknownNamesInAScopeSuggestAndListQualifiedColumns() {
    assertThatThrownBy(() -> Expressions.parse("s.qtty > 1", SCOPE))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_COLUMN);
          assertThat(e.getMessage()).contains("Unknown column 'qtty' (did you mean 'qty'?)").contains("s.op, s.qty");
        });
    assertThatThrownBy(() -> Expressions.parse("x.id = 1", SCOPE)).hasMessageContaining("Unknown column 'x'");
  }

  @Test
  void predicatesOverAScopeEvaluateOnTheConcatenatedRow() {
    Predicate p = Predicates.parse("t.id = s.id AND s.amount > t.amount", SCOPE);
    assertThat(p.isBound()).isTrue();
    Row r = row(new Object[] {1L, new BigDecimal("1.00"), null, null, null, null}, new Object[] {1L, 1.5, null, null});
    assertThat(p.test(r)).isTrue();
    assertThat(p.evaluator(SCOPE.rowSchema()).test(r)).isTrue();
    assertThat(p.referencedColumns()).containsExactly("t.id", "s.id", "s.amount", "t.amount");
  }

  @Test
  void theTargetOnlyPartOfAMergeConditionPrunesTargetRows() {
    Expression on = Expressions.parseCondition("t.id = s.id AND t.day >= '2025-01-01' AND name IN ('a', 'b')"
        + " AND s.qty > 0 AND (t.n > 1 OR s.op = 'D') AND lower(t.name) != 'x'", SCOPE);
    Predicate target = Predicates.fromExpression(on, SCOPE, "t");
    assertThat(target.toSql()).isEqualTo("day >= DATE '2025-01-01' AND name IN ('a', 'b') AND lower(name) != 'x'");
    assertThat(target.isBound()).isTrue();
    assertThat(Predicates.conjuncts(target).get(0)).isInstanceOf(Predicate.Comparison.class);
    assertThat(target.test(Row.of(TARGET, 1L, null, "a", LocalDate.of(2025, 2, 1), null, 1))).isTrue();
    assertThat(Predicates.fromExpression(on, SCOPE, "s").toSql()).isEqualTo("qty > 0");
    assertThat(Predicates.fromExpression(Expressions.parseCondition("t.id = s.id", SCOPE), SCOPE, "t"))
        .isEqualTo(Predicates.alwaysTrue());
  }

  @Test
  void assignmentsAreCheckedAndCastToTheColumnType() {
    LinkedHashMap<String, Expression> set = Expressions.parseAssignments(
        "amount = s.amount * 2, NAME = concat('x', s.op), t.n = 1, day = '2025-01-31', seen = DATE '2025-02-01', id = NULL",
        TARGET, SCOPE);
    assertThat(set.keySet()).containsExactly("amount", "name", "n", "day", "seen", "id");
    assertThat(set.get("amount").type()).isEqualTo(new DecimalType(10, 2));
    assertThat(set.get("day").type()).isEqualTo(PrimitiveType.DATE);
    assertThat(set.get("id").type()).isEqualTo(PrimitiveType.LONG);
    Row r = row(new Object[6], new Object[] {1L, 1.255, "U", 3});
    assertThat(set.get("amount").eval(r)).isEqualTo(new BigDecimal("2.51"));
    assertThat(set.get("name").eval(r)).isEqualTo("xU");
    assertThat(set.get("n").eval(r)).isEqualTo(1);
    assertThat(set.get("day").eval(r)).isEqualTo(LocalDate.of(2025, 1, 31));
    assertThat(set.get("seen").eval(r)).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
    assertThat(set.get("id").eval(r)).isNull();
    assertThat(set.get("amount").toSql()).isEqualTo("CAST(s.amount * 2 AS decimal(10,2))");
  }

  @Test
  void assignmentOverflowFailsAtRunTime() {
    Expression n = Expressions.parseAssignments("n = s.id", TARGET, SCOPE).get("n");
    assertThat(n.eval(row(new Object[6], new Object[] {5L, null, null, null}))).isEqualTo(5);
    assertThatThrownBy(() -> n.eval(row(new Object[6], new Object[] {1L << 40, null, null, null})))
        .isInstanceOfSatisfying(ExpressionEvaluationException.class,
            e -> assertThat(e.errorClass()).isEqualTo("CAST_OVERFLOW"));
  }

  @Test
  void unassignableValuesNameTheColumn() {
    assertThatThrownBy(() -> Expressions.parseAssignments("n = 1, day = s.qty", TARGET, SCOPE))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.NOT_ASSIGNABLE);
          assertThat(e.getMessage()).contains("Cannot assign s.qty (integer) to column day of type date");
          assertThat(e.position()).isEqualTo(13);
        });
    assertThatThrownBy(() -> Expressions.parseAssignments("n = s.op", TARGET, SCOPE))
        .hasMessageContaining("Cannot assign s.op (string) to column n of type integer; convert it explicitly");
    assertThatThrownBy(() -> Expressions.parseAssignments("day = 'someday'", TARGET, SCOPE))
        .hasMessageContaining("Cannot assign 'someday' (string) to column day");
    assertThatThrownBy(() -> Expressions.parseAssignments("amout = 1", TARGET, SCOPE))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_COLUMN);
          assertThat(e.getMessage()).contains("did you mean 'amount'?");
        });
    assertThatThrownBy(() -> Expressions.parseAssignments("n = 1, N = 2", TARGET, SCOPE))
        .hasMessageContaining("assigned twice");
  }

  @Test
  void assignToWidensOrRefuses() {
    Expression e = Expressions.parse("qty + 1", SOURCE);
    Expression wide = Expressions.assignTo(e, new StructField("x", PrimitiveType.DOUBLE));
    assertThat(wide.type()).isEqualTo(PrimitiveType.DOUBLE);
    assertThat(wide.eval(Row.of(SOURCE, 1L, 1.0, "U", 2))).isEqualTo(3.0);
    assertThat(Expressions.assignTo(e, new StructField("x", PrimitiveType.INTEGER))).isSameAs(e);
    assertThat(Expressions.assignTo(e, new StructField("x", PrimitiveType.STRING)).eval(Row.of(SOURCE, 1L, 1.0, "U", 2)))
        .isEqualTo("3");
    assertThatThrownBy(() -> Expressions.assignTo(e, new StructField("when", PrimitiveType.DATE)))
        .isInstanceOf(ExpressionException.class).hasMessageContaining("column when of type date");
  }

  @Test
  void updateSetWithoutAScopeBindsAgainstTheTarget() {
    LinkedHashMap<String, Expression> set = Expressions.parseAssignments("n = n + 1", TARGET, null);
    Row r = Row.of(TARGET, 1L, null, null, null, null, 41);
    assertThat(set.get("n").eval(r)).isEqualTo(42);
    assertThat(List.copyOf(set.get("n").referencedColumns())).containsExactly("n");
  }
}
