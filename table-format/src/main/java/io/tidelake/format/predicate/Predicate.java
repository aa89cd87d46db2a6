package io.tidelake.format.predicate;

import io.tidelake.format.Row;
import io.tidelake.format.predicate.internal.Binder;
import io.tidelake.format.predicate.internal.PartitionEvaluation;
import io.tidelake.format.predicate.internal.SqlText;
import io.tidelake.format.predicate.internal.StatsSkipping;
import io.tidelake.format.stats.StatsView;
import io.tidelake.format.types.StructType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A row filter in Tidelake's small SQL predicate language, e.g.
 * {@code date >= '2025-01-01' AND country IN ('DE', 'FR') AND amount IS NOT NULL}.
 *
 * <p>The tree is immutable records. Parse text with {@link Predicates#parse(String, StructType)} (which
 * also binds) or build in code with the {@link Predicates} factories and {@link #bind(StructType)}.
 * Binding checks every column against the schema and converts literals to the column types; the
 * skipping methods need a bound predicate, {@link #test(Row)} and {@link #evaluator} bind on their own.
 *
 * <p>{@link #toSql()} renders text that parses back to an equal tree; Delta's commitInfo stores
 * predicates as such strings, so the rendering is stable (canonical operators, minimal parentheses).
 * Negated forms have no node of their own: {@code x NOT IN (..)} is {@code Not(In)} and renders back as
 * {@code x NOT IN (..)}.
 */
public sealed interface Predicate
    permits Predicate.And, Predicate.Or, Predicate.Not, Predicate.Comparison, Predicate.ColumnComparison,
        Predicate.In, Predicate.IsNull, Predicate.Between, Predicate.Like, Predicate.Constant, Predicate.Expr {

  /** Checks columns against {@code schema} and converts literals to their column types. */
  default Predicate bind(StructType schema) {
    return Binder.bind(this, schema);
  }

  /** Whether every literal has been converted to its column's type (see {@link #bind}). */
  default boolean isBound() {
    return Binder.isBound(this);
  }

  /** Parseable SQL text; {@code Predicates.parseUnbound(p.toSql())} equals {@code p}. */
  default String toSql() {
    return SqlText.render(this);
  }

  /** The top-level columns this predicate reads, in order of first mention. */
  default Set<String> referencedColumns() {
    Set<String> out = new LinkedHashSet<>();
    SqlText.collectColumns(this, out);
    return out;
  }

  /** Whether every column read is in {@code columns} (compared ignoring case, as Delta names are). */
  default boolean onlyReferences(Set<String> columns) {
    Set<String> folded = new java.util.HashSet<>();
    for (String c : columns) {
      folded.add(c.toLowerCase(Locale.ROOT));
    }
    for (String c : referencedColumns()) {
      if (!folded.contains(c.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a WHERE clause with this predicate keeps {@code row} (only TRUE does). Binds to the row's
   * schema on every call: for many rows, use {@link #evaluator(StructType)} once.
   */
  default boolean test(Row row) {
    return evaluator(row.schema()).test(row);
  }

  /** Binds to {@code rowSchema} and compiles an evaluator with resolved column ordinals. */
  default BoundEvaluator evaluator(StructType rowSchema) {
    return BoundEvaluator.compile(this, rowSchema);
  }

  /**
   * Evaluates with only some top-level columns known (partition pruning). {@code knownValues} gives the
   * typed value of a known column (null for SQL NULL); a leaf touching any other column is UNKNOWN.
   * FALSE means no row with these values can be selected, so the file can be skipped.
   *
   * @throws IllegalStateException when the predicate is not bound
   */
  default TriState evaluate(Function<String, Object> knownValues, Set<String> knownColumns) {
    requireBound(this, "evaluate");
    return PartitionEvaluation.evaluate(this, knownValues, knownColumns);
  }

  /** {@link #evaluate(Function, Set)} with the map's keys as the known columns. */
  default TriState evaluate(Map<String, ?> knownValues) {
    return evaluate(knownValues::get, knownValues.keySet());
  }

  /**
   * False only when the statistics prove that no row of the file can satisfy the predicate, so the file
   * can be skipped. Missing statistics never skip.
   *
   * @throws IllegalStateException when the predicate is not bound
   */
  default boolean mightMatch(StatsView stats) {
    requireBound(this, "mightMatch");
    return StatsSkipping.mightMatch(this, stats);
  }

  default Predicate and(Predicate other) {
    return Predicates.and(this, other);
  }

  default Predicate or(Predicate other) {
    return Predicates.or(this, other);
  }

  default Predicate negate() {
    return new Not(this);
  }

  private static void requireBound(Predicate p, String what) {
    if (!p.isBound()) {
      throw new IllegalStateException("Predicate '" + p.toSql() + "' is not bound; call bind(schema) before "
          + what + " so its literals have the column types.");
    }
  }

  /** All children TRUE. Parsing flattens {@code a AND b AND c} into one node. */
  record And(List<Predicate> children) implements Predicate {
    public And {
      children = List.copyOf(children);
      if (children.size() < 2) {
        throw new IllegalArgumentException("AND needs at least two operands; use Predicates.and(...)");
      }
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  /** Any child TRUE. Parsing flattens {@code a OR b OR c} into one node. */
  record Or(List<Predicate> children) implements Predicate {
    public Or {
      children = List.copyOf(children);
      if (children.size() < 2) {
        throw new IllegalArgumentException("OR needs at least two operands; use Predicates.or(...)");
      }
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  record Not(Predicate child) implements Predicate {
    public Not {
      Objects.requireNonNull(child, "child");
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  /** {@code column op value}; text with the value first is flipped into this shape. */
  record Comparison(Column column, CompareOp op, Literal value) implements Predicate {
    public Comparison {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  /** {@code left op right} between two columns. */
  record ColumnComparison(Column left, CompareOp op, Column right) implements Predicate {
    public ColumnComparison {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  /** {@code column IN (v1, v2, ...)}: TRUE on a match, else UNKNOWN if the column or a value is NULL. */
  record In(Column column, List<Literal> values) implements Predicate {
    public In {
      Objects.requireNonNull(column, "column");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value");
      }
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  record IsNull(Column column) implements Predicate {
    public IsNull {
      Objects.requireNonNull(column, "column");
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  /** {@code column BETWEEN low AND high}, both ends inclusive. */
  record Between(Column column, Literal low, Literal high) implements Predicate {
    public Between {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  /**
   * {@code column LIKE 'pattern'}: {@code %} matches any run of characters, {@code _} exactly one, and
   * a backslash makes the next character literal (Spark's default escape).
   */
  record Like(Column column, String pattern) implements Predicate {
    public Like {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  /**
   * Any other boolean expression of the shared grammar ({@code lower(country) = 'de'},
   * {@code amount * 1.1 > 100}, {@code a = b + 1}). It is evaluated row by row; partition evaluation
   * computes it when every column it reads is known (else UNKNOWN), and stats skipping never skips on
   * it. Unbound (from {@link Predicates#parseUnbound}) the expression only renders; binding the predicate
   * binds it and checks that it is boolean.
   */
  record Expr(io.tidelake.format.expr.Expression expression) implements Predicate {
    public Expr {
      Objects.requireNonNull(expression, "expression");
    }

    @Override
    public String toString() {
      return toSql();
    }
  }

  /** TRUE or FALSE. */
  record Constant(boolean value) implements Predicate {
    @Override
    public String toString() {
      return toSql();
    }
  }
}
