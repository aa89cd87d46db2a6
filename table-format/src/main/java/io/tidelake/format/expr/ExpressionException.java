package io.tidelake.format.expr;

import io.tidelake.format.predicate.PredicateException;

/**
 * An expression that cannot be parsed or bound, raised before any row is read: a syntax error, an
 * unknown or ambiguous column, an operator or function applied to the wrong types, a value that cannot
 * be assigned to its column. It is a {@link PredicateException} because predicates and expressions
 * share one grammar; the message points at the spot (see {@link #position()}) and {@link #kind()}
 * tells the cases apart without parsing messages.
 */
public class ExpressionException extends PredicateException {
  /** What went wrong. */
  public enum Kind {
    SYNTAX,
    UNKNOWN_COLUMN,
    AMBIGUOUS_COLUMN,
    UNKNOWN_FUNCTION,
    TYPE_MISMATCH,
    NOT_ASSIGNABLE
  }

  private final Kind kind;

  /**
   * @param text the expression text, or null when not known
   * @param position 0-based offset into {@code text}, or -1
   */
  public ExpressionException(Kind kind, String problem, String text, int position) {
    super(problem, text, position);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
