package io.tidelake.format.predicate;

/** The six comparison operators. {@code ==} parses as {@link #EQ} and {@code <>} as {@link #NE}. */
public enum CompareOp {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  CompareOp(String symbol) {
    this.symbol = symbol;
  }

  /** The canonical SQL spelling used when rendering. */
  public String symbol() {
    return symbol;
  }

  /** The operator with its operands swapped: {@code 5 < x} is {@code x > 5}. */
  public CompareOp flip() {
    switch (this) {
      case LT: return GT;
      case LE: return GE;
      case GT: return LT;
      case GE: return LE;
      default: return this;
    }
  }

  /**
   * The complement on non-null operands: {@code NOT (x < 5)} is {@code x >= 5}. Both sides are UNKNOWN
   * when x is null, so the rewrite is exact under three-valued logic.
   */
  public CompareOp negate() {
    switch (this) {
      case EQ: return NE;
      case NE: return EQ;
      case LT: return GE;
      case LE: return GT;
      case GT: return LE;
      default: return LT;
    }
  }

  /** Whether {@code cmp} (a compareTo result of column vs value) satisfies the operator. */
  public boolean test(int cmp) {
    switch (this) {
      case EQ: return cmp == 0;
      case NE: return cmp != 0;
      case LT: return cmp < 0;
      case LE: return cmp <= 0;
      case GT: return cmp > 0;
      default: return cmp >= 0;
    }
  }

  /** Parses =, ==, !=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=; null for anything else. */
  public static CompareOp fromSymbol(String s) {
    switch (s) {
      case "=": case "==": return EQ;
      case "!=": case "<>": return NE;
      case "<": return LT;
      case "<=": return LE;
      case ">": return GT;
      case ">=": return GE;
      default: return null;
    }
  }
}
