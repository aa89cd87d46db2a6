package io.tidelake.format.expr;

import io.tidelake.format.Row;
import io.tidelake.format.types.DataType;
import java.util.Set;

/**
 * An immutable, bound expression of Tidelake's SQL expression language (the same grammar as
 * predicates), e.g. {@code amount * 1.1}, {@code lower(country) = 'de'}, {@code CASE WHEN t.qty > 0 THEN
 * s.price END}. Get one from {@link Expressions}; columns are resolved to row positions once, so
 * {@link #eval} does no lookups by name and can be called per row. Thread-safe.
 *
 * <p>Values in and out are the Row Java types (see {@link io.tidelake.format.Row}): Integer for
 * integer, Long for long, BigDecimal for decimal, LocalDate for date, Instant for timestamp, ... and
 * null for SQL NULL. Evaluation follows Spark SQL in ANSI mode (see {@link ExpressionEvaluationException}).
 */
public interface Expression {
  /** The result type after binding. */
  DataType type();

  /** Canonical text that {@link Expressions#parse} reads back into an equal expression. */
  String toSql();

  /** The top-level columns read, in order of first mention; alias-qualified ({@code s.x}) in a scope. */
  Set<String> referencedColumns();

  /** False when the value depends on when it is evaluated ({@code current_date}, {@code current_timestamp}). */
  boolean isDeterministic();

  /**
   * The value for one row, laid out as the schema (or the scope's {@link Scope#rowSchema()}) it was
   * bound to; the layout is not re-checked per row.
   *
   * @throws ExpressionEvaluationException on division by zero, overflow or an invalid cast
   */
  Object eval(Row row);
}
