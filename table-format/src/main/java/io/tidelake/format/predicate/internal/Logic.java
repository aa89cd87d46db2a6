package io.tidelake.format.predicate.internal;

import io.tidelake.format.predicate.CompareOp;
import io.tidelake.format.predicate.PredicateException;
import io.tidelake.format.predicate.TriState;

/**
 * Three-valued logic on small ints (no allocation, no enum loads on the per-row path) and the meaning
 * of each leaf on concrete values, shared by the row and partition evaluators so they cannot disagree.
 */
public final class Logic {
  public static final int FALSE = 0;
  public static final int TRUE = 1;
  public static final int UNKNOWN = 2;

  private Logic() {}

  public static int of(boolean b) {
    return b ? TRUE : FALSE;
  }

  public static int not(int v) {
    return v == UNKNOWN ? UNKNOWN : 1 - v;
  }

  public static int and(int a, int b) {
    if (a == FALSE || b == FALSE) {
      return FALSE;
    }
    return a == TRUE && b == TRUE ? TRUE : UNKNOWN;
  }

  public static int or(int a, int b) {
    if (a == TRUE || b == TRUE) {
      return TRUE;
    }
    return a == FALSE && b == FALSE ? FALSE : UNKNOWN;
  }

  public static TriState toTriState(int v) {
    return v == TRUE ? TriState.TRUE : v == FALSE ? TriState.FALSE : TriState.UNKNOWN;
  }

  /** {@code value op literal}: UNKNOWN when either is NULL. */
  public static int compare(Object value, CompareOp op, Object literal, String column) {
    if (value == null || literal == null) {
      return UNKNOWN;
    }
    return of(op.test(order(value, literal, column)));
  }

  /** TRUE on a match; otherwise UNKNOWN if the value or any list element is NULL, else FALSE. */
  public static int in(Object value, Object[] values, String column) {
    if (value == null) {
      return UNKNOWN;
    }
    boolean sawNull = false;
    for (Object v : values) {
      if (v == null) {
        sawNull = true;
      } else if (order(value, v, column) == 0) {
        return TRUE;
      }
    }
    return sawNull ? UNKNOWN : FALSE;
  }

  /** {@code value >= low AND value <= high} in three-valued logic. */
  public static int between(Object value, Object low, Object high, String column) {
    return and(compare(value, CompareOp.GE, low, column), compare(value, CompareOp.LE, high, column));
  }

  public static int like(Object value, LikePattern pattern) {
    return value == null ? UNKNOWN : of(pattern.matches((String) value));
  }

  public static int isNull(Object value) {
    return of(value == null);
  }

  /** The comparison result, failing loudly when the kinds differ (which binding normally prevents). */
  public static int order(Object value, Object literal, String column) {
    int c = ValueOrder.compare(value, literal);
    if (c == ValueOrder.INCOMPARABLE) {
      throw new PredicateException("Cannot compare the " + value.getClass().getSimpleName() + " value of column "
          + column + " with the " + literal.getClass().getSimpleName() + " " + literal
          + "; bind the predicate to the schema of the data and pass values of the column types");
    }
    return c;
  }
}
