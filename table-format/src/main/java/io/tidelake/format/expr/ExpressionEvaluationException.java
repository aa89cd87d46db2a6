package io.tidelake.format.expr;

import io.tidelake.format.TidelakeException;

/**
 * A row on which an expression cannot be computed, in Spark's ANSI mode: {@code DIVIDE_BY_ZERO},
 * {@code ARITHMETIC_OVERFLOW} (integer or decimal results out of range; never silently wrapped),
 * {@code CAST_INVALID_INPUT} (text that is not a value of the target type) and {@code CAST_OVERFLOW}.
 * The message names the failing sub-expression and the operand values of that row.
 */
public class ExpressionEvaluationException extends TidelakeException {
  private final String errorClass;
  private final String expression;

  public ExpressionEvaluationException(String errorClass, String expression, String detail) {
    super("[" + errorClass + "] " + detail + " in " + expression);
    this.errorClass = errorClass;
    this.expression = expression;
  }

  /** Spark's error class name, e.g. {@code DIVIDE_BY_ZERO}. */
  public String errorClass() {
    return errorClass;
  }

  /** The SQL text of the sub-expression that failed. */
  public String expression() {
    return expression;
  }
}
