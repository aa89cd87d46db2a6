package io.tidelake.format.predicate;

/**
 * SQL's three truth values. A WHERE clause keeps a row only when its predicate is {@link #TRUE}; a
 * comparison with NULL is {@link #UNKNOWN}, and so is its negation.
 *
 * <p>When a predicate is evaluated with only some columns known (partition pruning), {@link #FALSE}
 * means "no row can be selected whatever the unknown columns hold", {@link #TRUE} "every row is
 * selected" and {@link #UNKNOWN} "it depends on the other columns".
 */
public enum TriState {
  TRUE,
  FALSE,
  UNKNOWN;

  public static TriState of(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** Kleene AND: FALSE wins over UNKNOWN. */
  public TriState and(TriState other) {
    if (this == FALSE || other == FALSE) {
      return FALSE;
    }
    return this == TRUE && other == TRUE ? TRUE : UNKNOWN;
  }

  /** Kleene OR: TRUE wins over UNKNOWN. */
  public TriState or(TriState other) {
    if (this == TRUE || other == TRUE) {
      return TRUE;
    }
    return this == FALSE && other == FALSE ? FALSE : UNKNOWN;
  }

  /** NOT UNKNOWN is UNKNOWN. */
  public TriState not() {
    return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
  }

  /** Whether a WHERE clause keeps the row. */
  public boolean isTrue() {
    return this == TRUE;
  }
}
