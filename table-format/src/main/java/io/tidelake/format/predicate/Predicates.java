package io.tidelake.format.predicate;

import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.Expressions;
import io.tidelake.format.expr.Scope;
import io.tidelake.format.expr.internal.AliasConjuncts;
import io.tidelake.format.expr.internal.Ast;
import io.tidelake.format.expr.internal.AstText;
import io.tidelake.format.expr.internal.Root;
import io.tidelake.format.predicate.internal.Binder;
import io.tidelake.format.predicate.internal.Parser;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Entry points: parsing predicate text and building predicates in code.
 *
 * <pre>{@code
 * Predicate p = Predicates.parse("date >= '2025-01-01' AND country IN ('DE', 'FR')", schema);
 * Predicate q = Predicates.and(Predicates.ge("date", LocalDate.of(2025, 1, 1)),
 *                              Predicates.in("country", "DE", "FR")).bind(schema);
 * }</pre>
 *
 * Column arguments are written as in predicate text: {@code "a.b"} is field b of struct column a, and a
 * name that itself contains a dot is backquoted ({@code "`a.b`"}). Values are Java values (numbers,
 * String, Boolean, LocalDate, Instant, LocalDateTime, byte[], null); a String for a non-string column is
 * parsed like a quoted literal when binding, so {@code ge("date", "2025-01-01")} works.
 */
public final class Predicates {
  private static final Predicate TRUE = new Predicate.Constant(true);
  private static final Predicate FALSE = new Predicate.Constant(false);

  private Predicates() {}

  /**
   * Parses and binds {@code text} against {@code schema}.
   *
   * @throws PredicateException for a syntax error, an unknown column or a value that does not fit its
   *     column, with the position in the text
   */
  public static Predicate parse(String text, StructType schema) {
    return Binder.bind(Parser.parse(text), schema);
  }

  /**
   * Parses a condition over several aliased relations (MERGE's {@code t.id = s.id AND s.op != 'D'}) into
   * a predicate that evaluates on the scope's concatenated row ({@link Scope#rowSchema()}).
   */
  public static Predicate parse(String text, Scope scope) {
    return new Predicate.Expr(Expressions.parseCondition(text, scope));
  }

  /**
   * A boolean expression as a predicate. For an expression bound to one schema, the parts that have
   * predicate shapes (column-op-value, IN, IS NULL, ... under AND/OR/NOT) become those nodes, so
   * partition pruning and stats skipping can use them; the rest, and expressions bound to a scope,
   * stay {@link Predicate.Expr} leaves.
   *
   * @throws IllegalArgumentException when the expression is not boolean
   */
  public static Predicate fromExpression(Expression e) {
    if (e.type() != io.tidelake.format.types.PrimitiveType.BOOLEAN) {
      throw new IllegalArgumentException("Only a boolean expression is a predicate; " + e.toSql() + " is "
          + e.type().simpleString());
    }
    if (e instanceof Root r && !r.scoped()) {
      try {
        return Parser.fromAst(r.ast()).bind(r.rowSchema());
      } catch (PredicateException shapesDiffer) {
        // The predicate shapes convert literals more strictly (id = 1.5 is an error there); keep the expression.
      }
    }
    return new Predicate.Expr(e);
  }

  /**
   * The part of a condition over {@code scope} that reads only {@code alias}'s columns (its top-level
   * AND operands mentioning no other alias), as a predicate bound to that alias's schema, or TRUE when
   * there is none. A row of {@code alias} it rejects cannot satisfy the condition, so MERGE can prune
   * target files with {@code fromExpression(on, scope, "t")}.
   */
  public static Predicate fromExpression(Expression condition, Scope scope, String alias) {
    StructType schema = scope.schema(alias);
    if (schema == null) {
      throw new IllegalArgumentException("Unknown alias '" + alias + "'; the scope has " + scope.aliases());
    }
    if (!(condition instanceof Root r) || condition.type() != io.tidelake.format.types.PrimitiveType.BOOLEAN) {
      throw new IllegalArgumentException("Expected a boolean expression from Expressions, got " + condition);
    }
    Ast part = AliasConjuncts.of(r.ast(), scope, alias);
    if (part == null) {
      return alwaysTrue();
    }
    try {
      return Parser.fromAst(part).bind(schema);
    } catch (PredicateException shapesDiffer) {
      // The shapes convert literals more strictly than expressions (id = 1.5); keep it an expression.
      return new Predicate.Expr(Expressions.parseCondition(AstText.render(part), schema));
    }
  }

  /** Parses without a schema (to show, store or bind later); literals keep their written form. */
  public static Predicate parseUnbound(String text) {
    return Parser.parse(text).predicate();
  }

  public static Predicate alwaysTrue() {
    return TRUE;
  }

  public static Predicate alwaysFalse() {
    return FALSE;
  }

  public static Predicate eq(String column, Object value) {
    return compare(column, CompareOp.EQ, value);
  }

  public static Predicate ne(String column, Object value) {
    return compare(column, CompareOp.NE, value);
  }

  public static Predicate lt(String column, Object value) {
    return compare(column, CompareOp.LT, value);
  }

  public static Predicate le(String column, Object value) {
    return compare(column, CompareOp.LE, value);
  }

  public static Predicate gt(String column, Object value) {
    return compare(column, CompareOp.GT, value);
  }

  public static Predicate ge(String column, Object value) {
    return compare(column, CompareOp.GE, value);
  }

  public static Predicate compare(String column, CompareOp op, Object value) {
    return new Predicate.Comparison(Column.parse(column), op, Literal.of(value));
  }

  /** {@code left op right} between two columns. */
  public static Predicate compareColumns(String left, CompareOp op, String right) {
    return new Predicate.ColumnComparison(Column.parse(left), op, Column.parse(right));
  }

  public static Predicate in(String column, Object... values) {
    return in(column, Arrays.asList(values));
  }

  public static Predicate in(String column, Collection<?> values) {
    List<Literal> lits = new ArrayList<>(values.size());
    for (Object v : values) {
      lits.add(Literal.of(v));
    }
    return new Predicate.In(Column.parse(column), lits);
  }

  public static Predicate notIn(String column, Object... values) {
    return not(in(column, values));
  }

  public static Predicate isNull(String column) {
    return new Predicate.IsNull(Column.parse(column));
  }

  public static Predicate isNotNull(String column) {
    return not(isNull(column));
  }

  /**
   * The order predicates compare values in (row filtering, partition pruning and statistics skipping all
   * use it): numbers by value across types, strings by code point. For callers that build range predicates
   * from values ({@link #between}) and must agree with how they will be evaluated. Both non-null; -1, 0
   * or 1, or {@code Integer.MIN_VALUE} for values of kinds that do not compare (a string and a date).
   */
  public static int compareValues(Object a, Object b) {
    return io.tidelake.format.predicate.internal.ValueOrder.compare(a, b);
  }

  public static Predicate between(String column, Object low, Object high) {
    return new Predicate.Between(Column.parse(column), Literal.of(low), Literal.of(high));
  }

  /** SQL LIKE: {@code %} any run, {@code _} one character, backslash escapes. */
  public static Predicate like(String column, String pattern) {
    return new Predicate.Like(Column.parse(column), pattern);
  }

  public static Predicate not(Predicate p) {
    return new Predicate.Not(p);
  }

  /** Conjunction; no operands is TRUE and one operand is itself. */
  public static Predicate and(Predicate... ps) {
    return and(Arrays.asList(ps));
  }

  public static Predicate and(List<Predicate> ps) {
    return ps.isEmpty() ? TRUE : ps.size() == 1 ? ps.get(0) : new Predicate.And(ps);
  }

  /** Disjunction; no operands is FALSE and one operand is itself. */
  public static Predicate or(Predicate... ps) {
    return or(Arrays.asList(ps));
  }

  public static Predicate or(List<Predicate> ps) {
    return ps.isEmpty() ? FALSE : ps.size() == 1 ? ps.get(0) : new Predicate.Or(ps);
  }

  /**
   * The top-level AND operands ({@code a AND (b AND c)} gives a, b, c), so a caller can split partition
   * filters from data filters.
   */
  public static List<Predicate> conjuncts(Predicate p) {
    List<Predicate> out = new ArrayList<>();
    addConjuncts(p, out);
    return out;
  }

  private static void addConjuncts(Predicate p, List<Predicate> out) {
    if (p instanceof Predicate.And a) {
      a.children().forEach(c -> addConjuncts(c, out));
    } else {
      out.add(p);
    }
  }
}
