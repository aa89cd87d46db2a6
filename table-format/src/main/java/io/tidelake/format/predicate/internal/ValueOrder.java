package io.tidelake.format.predicate.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * The ordering every evaluator shares, so that row filtering, partition pruning and stats skipping
 * agree with each other.
 *
 * <ul>
 *   <li>Numbers compare by exact value across widths and kinds (a long against a double or a
 *       BigDecimal does not round). Floating point uses Spark's total order: -0.0 equals 0.0, NaN equals
 *       NaN and is above everything including infinity. A total order is what makes NOT (x &lt; 5)
 *       equal to x &gt;= 5, which stats skipping relies on.
 *   <li>Strings by Unicode code point, which is UTF-8 byte order (Parquet's and Delta's min/max order),
 *       not Java's UTF-16 order.
 *   <li>byte[] unsigned lexicographic; booleans false &lt; true; dates and timestamps chronologically.
 * </ul>
 */
public final class ValueOrder {
  /** Returned for values of kinds that do not compare (a String and a LocalDate). */
  public static final int INCOMPARABLE = Integer.MIN_VALUE;

  private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

  private ValueOrder() {}

  /** -1, 0 or 1, or {@link #INCOMPARABLE}. Both arguments must be non-null. */
  public static int compare(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return compareStrings(x, y);
    }
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y);
    }
    if (a instanceof LocalDate x && b instanceof LocalDate y) {
      return Integer.signum(x.compareTo(y));
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return Integer.signum(x.compareTo(y));
    }
    if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
      return Integer.signum(x.compareTo(y));
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Integer.signum(Arrays.compareUnsigned(x, y));
    }
    return INCOMPARABLE;
  }

  /** Code point order without decoding: only surrogates (D800-DFFF) sort differently in UTF-16. */
  public static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char c1 = a.charAt(i);
      char c2 = b.charAt(i);
      if (c1 != c2) {
        if (c1 >= 0xD800 && c2 >= 0xD800) {
          // Move surrogates above E000-FFFF, where the code points they encode (>= 0x10000) belong.
          c1 = fixup(c1);
          c2 = fixup(c2);
        }
        return c1 < c2 ? -1 : 1;
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static char fixup(char c) {
    return (char) (c >= 0xE000 ? c - 0x800 : c + 0x2000);
  }

  public static int compareNumbers(Number a, Number b) {
    boolean ia = isIntegral(a);
    boolean ib = isIntegral(b);
    if (ia && ib) {
      return Long.compare(a.longValue(), b.longValue());
    }
    boolean fa = a instanceof Double || a instanceof Float;
    boolean fb = b instanceof Double || b instanceof Float;
    if (fa && fb) {
      return compareDoubles(a.doubleValue(), b.doubleValue());
    }
    if (fa && !Double.isFinite(a.doubleValue())) {
      return Double.isNaN(a.doubleValue()) || a.doubleValue() > 0 ? 1 : -1;
    }
    if (fb && !Double.isFinite(b.doubleValue())) {
      return Double.isNaN(b.doubleValue()) || b.doubleValue() > 0 ? -1 : 1;
    }
    if (ia && fb && Math.abs(a.longValue()) <= EXACT_DOUBLE_LIMIT) {
      return compareDoubles(a.longValue(), b.doubleValue());
    }
    if (fa && ib && Math.abs(b.longValue()) <= EXACT_DOUBLE_LIMIT) {
      return compareDoubles(a.doubleValue(), b.longValue());
    }
    return toBigDecimal(a).compareTo(toBigDecimal(b));
  }

  /** Total order: -0.0 == 0.0, NaN == NaN, NaN above +Infinity. */
  public static int compareDoubles(double x, double y) {
    if (x < y) {
      return -1;
    }
    if (x > y) {
      return 1;
    }
    if (x == y) {
      return 0;
    }
    boolean nx = Double.isNaN(x);
    boolean ny = Double.isNaN(y);
    return nx && ny ? 0 : nx ? 1 : -1;
  }

  static boolean isIntegral(Object n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }

  /** Exact: a finite double's full binary value, not its short decimal form. */
  private static BigDecimal toBigDecimal(Number n) {
    if (n instanceof BigDecimal b) {
      return b;
    }
    if (isIntegral(n)) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(n.doubleValue());
    }
    if (n instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    return new BigDecimal(n.toString());
  }
}
