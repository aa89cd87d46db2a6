package io.tidelake.format.predicate.internal;

import io.tidelake.format.predicate.Column;
import io.tidelake.format.predicate.CompareOp;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.stats.StatsView;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Data skipping with per-file min/max/null-count statistics. {@code canBeTrue(p, negated)} answers
 * "could some row make p (or NOT p) TRUE?" and says no only when the statistics prove it.
 *
 * <p>NOT is pushed down rather than computed as {@code !canBeTrue(p)}: "some row might match x = 5"
 * says nothing about whether some row might match {@code x != 5}. De Morgan turns NOT over AND/OR
 * into OR/AND of negations, and a negated comparison becomes the complementary operator, which is
 * exact for non-null values in the total order of {@link ValueOrder}; nulls never satisfy either.
 *
 * <p>Bounds are used as Delta defines them (see {@link StatsView}): timestamp maxima are truncated to
 * milliseconds, so every value is below max + 1 ms and that is the upper bound used here; string bounds
 * may be truncated but remain valid bounds; null counts are only used as "0" or "all rows", which stay
 * true with {@code tightBounds == false}. Floating-point bounds are read in Spark's total order, where
 * NaN is the largest value, so a file holding NaN must report NaN as its max. Nested columns and values
 * whose kinds do not compare never skip.
 */
public final class StatsSkipping {
  private StatsSkipping() {}

  public static boolean mightMatch(Predicate p, StatsView stats) {
    Long n = stats.numRecords();
    if (n != null && n == 0) {
      return false;
    }
    return canBeTrue(p, false, stats);
  }

  private static boolean canBeTrue(Predicate p, boolean negated, StatsView s) {
    if (p instanceof Predicate.And a) {
      // AND needs every child; NOT AND (= OR of NOTs) needs any.
      for (Predicate c : a.children()) {
        boolean can = canBeTrue(c, negated, s);
        if (negated == can) {
          return negated;
        }
      }
      return !negated;
    } else if (p instanceof Predicate.Or o) {
      for (Predicate c : o.children()) {
        boolean can = canBeTrue(c, negated, s);
        if (negated != can) {
          return !negated;
        }
      }
      return negated;
    } else if (p instanceof Predicate.Not n) {
      return canBeTrue(n.child(), !negated, s);
    } else if (p instanceof Predicate.Constant c) {
      return c.value() != negated;
    } else if (p instanceof Predicate.Expr) {
      return true; // an arbitrary expression says nothing about min/max

    } else if (p instanceof Predicate.ColumnComparison c) {
      Bounds a = Bounds.of(c.left(), s);
      Bounds b = Bounds.of(c.right(), s);
      return a == null || b == null || columns(a, negated ? c.op().negate() : c.op(), b);
    }
    Bounds b = Bounds.of(SqlText.leafColumn(p), s);
    if (b == null) {
      return true;
    }
    if (p instanceof Predicate.IsNull) {
      // IS NULL needs a null; IS NOT NULL needs a non-null value.
      return negated ? !b.allNull() : !b.noNulls();
    } else if (p instanceof Predicate.Comparison c) {
      return compare(b, negated ? c.op().negate() : c.op(), c.value().rawValue());
    } else if (p instanceof Predicate.In in) {
      return negated ? notIn(b, in) : in(b, in);
    } else if (p instanceof Predicate.Between bt) {
      Object lo = bt.low().rawValue();
      Object hi = bt.high().rawValue();
      if (negated) {
        return compare(b, CompareOp.LT, lo) || compare(b, CompareOp.GT, hi);
      }
      boolean emptyRange = lo != null && hi != null && less(hi, lo);
      return !emptyRange && compare(b, CompareOp.GE, lo) && compare(b, CompareOp.LE, hi);
    } else if (p instanceof Predicate.Like l) {
      return like(b, LikePattern.of(l.pattern()), negated);
    }
    throw new IllegalStateException("unknown predicate " + p);
  }

  /** Could some row have {@code column op v} TRUE? */
  private static boolean compare(Bounds b, CompareOp op, Object v) {
    if (v == null || b.allNull()) {
      return false;
    }
    switch (op) {
      case EQ: return !less(v, b.min) && !less(b.max, v);
      case NE: return !(equal(b.min, v) && equal(b.max, v));
      case LT: return !lessOrEqual(v, b.min);
      case LE: return !less(v, b.min);
      case GT: return !lessOrEqual(b.max, v);
      default: return !less(b.max, v);
    }
  }

  private static boolean in(Bounds b, Predicate.In in) {
    for (Literal l : in.values()) {
      if (compare(b, CompareOp.EQ, l.rawValue())) {
        return true;
      }
    }
    return false;
  }

  /** x NOT IN (a, b) is x != a AND x != b; a NULL in the list makes it never TRUE. */
  private static boolean notIn(Bounds b, Predicate.In in) {
    for (Literal l : in.values()) {
      if (!compare(b, CompareOp.NE, l.rawValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean like(Bounds b, LikePattern p, boolean negated) {
    if (p.isExact()) {
      return compare(b, negated ? CompareOp.NE : CompareOp.EQ, p.prefix());
    }
    if (b.allNull()) {
      return false;
    }
    String prefix = p.prefix();
    String min = b.min instanceof String s ? s : null;
    String max = b.max instanceof String s ? s : null;
    if (negated) {
      // NOT LIKE 'abc%' fails for every row only when all values start with abc; strings starting with
      // a prefix form one interval, so it is enough that both bounds do.
      return !(p.isPrefixOnly() && min != null && max != null && min.startsWith(prefix) && max.startsWith(prefix));
    }
    if (prefix.isEmpty()) {
      return true;
    }
    // Matches start with the prefix: none exist if every value sorts below it, or above all strings
    // that start with it (min above the prefix without starting with it).
    boolean allBelow = max != null && ValueOrder.compareStrings(max, prefix) < 0;
    boolean allAbove = min != null && ValueOrder.compareStrings(min, prefix) > 0 && !min.startsWith(prefix);
    return !allBelow && !allAbove;
  }

  /** Could some row have {@code a op b} TRUE, for two columns? */
  private static boolean columns(Bounds a, CompareOp op, Bounds b) {
    if (a.allNull() || b.allNull()) {
      return false;
    }
    switch (op) {
      case EQ: return !less(a.max, b.min) && !less(b.max, a.min);
      case NE: return !(equal(a.min, a.max) && equal(a.max, b.min) && equal(b.min, b.max));
      case LT: return !lessOrEqual(b.max, a.min);
      case LE: return !less(b.max, a.min);
      case GT: return !lessOrEqual(a.max, b.min);
      default: return !less(a.max, b.min);
    }
  }

  /** Proven x &lt; y; false when either is unknown or they do not compare. */
  private static boolean less(Object x, Object y) {
    return order(x, y) == -1;
  }

  private static boolean lessOrEqual(Object x, Object y) {
    int c = order(x, y);
    return c == -1 || c == 0;
  }

  private static boolean equal(Object x, Object y) {
    return order(x, y) == 0;
  }

  /** Like {@link ValueOrder#compare} but INCOMPARABLE (never proving anything) when a side is null. */
  private static int order(Object x, Object y) {
    return x == null || y == null ? ValueOrder.INCOMPARABLE : ValueOrder.compare(x, y);
  }

  /** One column's usable statistics. */
  private record Bounds(Object min, Object max, Long nullCount, Long numRecords) {
    /** Null for nested columns, which StatsView does not describe. */
    static Bounds of(Column c, StatsView s) {
      if (c == null || c.isNested()) {
        return null;
      }
      return new Bounds(s.min(c.name()), widenMax(s.max(c.name())), s.nullCount(c.name()), s.numRecords());
    }

    /** Timestamp stats are truncated to milliseconds: the true max is below max + 1 ms. */
    private static Object widenMax(Object max) {
      if (max instanceof Instant t) {
        return t.plusMillis(1);
      }
      if (max instanceof LocalDateTime t) {
        return t.plus(1, ChronoUnit.MILLIS);
      }
      return max;
    }

    boolean allNull() {
      return nullCount != null && numRecords != null && nullCount.longValue() == numRecords.longValue();
    }

    boolean noNulls() {
      return nullCount != null && nullCount == 0;
    }
  }
}
