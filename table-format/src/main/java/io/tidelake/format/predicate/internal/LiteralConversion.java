package io.tidelake.format.predicate.internal;

import io.tidelake.format.Values;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Turns a literal's value into a value of a column's type.
 *
 * <ul>
 *   <li>Quoted text is parsed by {@link Values#parse}, so {@code '2025-01-01'} is a date for a date
 *       column and {@code '10'} a number for a numeric one.
 *   <li>Numbers convert exactly: a whole number for an integral column (1e3 is fine, 1.5 and
 *       out-of-range values are errors); the nearest double for a double column; for a float column a
 *       Float when exact, otherwise the nearest Double, so that {@code f > 0.1} means what it says
 *       rather than {@code f > 0.1f}; for a decimal column the value rescaled to the column's scale when
 *       that is exact, otherwise kept as written (BigDecimal comparison is exact across scales).
 *   <li>DATE literals widen to timestamps at midnight UTC; TIMESTAMP literals (UTC) and TIMESTAMP_NTZ
 *       literals convert into each other at UTC.
 *   <li>Anything else (a number for a string column, a string for a struct) is an error.
 * </ul>
 */
final class LiteralConversion {
  private LiteralConversion() {}

  /** The message explains the mismatch; the binder adds where it is. */
  static final class Mismatch extends RuntimeException {
    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  static Object convert(Object v, DataType type, String column) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      if (type instanceof PrimitiveType p && p.isNumeric()) {
        // '10' and 10 must mean the same; only NaN/Infinity are left to Values.parse.
        BigDecimal number = parseDecimal(s);
        if (number != null) {
          return toNumber(number, p, column);
        }
      }
      return type == PrimitiveType.STRING ? s : Values.parse(type, s, column);
    }
    if (type instanceof DecimalType d) {
      return toDecimal(v, d, column);
    }
    PrimitiveType p = (PrimitiveType) type;
    if (v instanceof Number n) {
      return toNumber(n, p, column);
    }
    if (v instanceof Boolean && p == PrimitiveType.BOOLEAN) {
      return v;
    }
    if (v instanceof byte[] && p == PrimitiveType.BINARY) {
      return v;
    }
    if (v instanceof LocalDate d) {
      switch (p) {
        case DATE: return d;
        case TIMESTAMP: return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        case TIMESTAMP_NTZ: return d.atStartOfDay();
        default: break;
      }
    }
    if (v instanceof Instant t) {
      if (p == PrimitiveType.TIMESTAMP) {
        return t;
      }
      if (p == PrimitiveType.TIMESTAMP_NTZ) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
      }
    }
    if (v instanceof LocalDateTime t) {
      if (p == PrimitiveType.TIMESTAMP_NTZ) {
        return t;
      }
      if (p == PrimitiveType.TIMESTAMP) {
        return t.toInstant(ZoneOffset.UTC);
      }
    }
    throw mismatch(v, type, column);
  }

  private static Object toNumber(Number n, PrimitiveType p, String column) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        if (p == PrimitiveType.DOUBLE) {
          return d;
        }
        if (p == PrimitiveType.FLOAT) {
          return (float) d;
        }
        throw mismatch(n, p, column);
      }
    }
    if (!p.isNumeric()) {
      throw mismatch(n, p, column);
    }
    BigDecimal exact = toBigDecimal(n);
    switch (p) {
      case BYTE: return (byte) whole(exact, Byte.MIN_VALUE, Byte.MAX_VALUE, p, column);
      case SHORT: return (short) whole(exact, Short.MIN_VALUE, Short.MAX_VALUE, p, column);
      case INTEGER: return (int) whole(exact, Integer.MIN_VALUE, Integer.MAX_VALUE, p, column);
      case LONG: return whole(exact, Long.MIN_VALUE, Long.MAX_VALUE, p, column);
      case FLOAT: {
        if (n instanceof Float) {
          return n;
        }
        float f = Float.parseFloat(exact.toString());
        if (!Float.isInfinite(f) && new BigDecimal(f).compareTo(exact) == 0) {
          return f;
        }
        return finiteDouble(exact, p, column);
      }
      default:
        return n instanceof Double || n instanceof Float ? n.doubleValue() : finiteDouble(exact, p, column);
    }
  }

  private static long whole(BigDecimal v, long min, long max, PrimitiveType p, String column) {
    BigInteger i;
    try {
      i = v.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new Mismatch("The value " + v.toPlainString() + " is not a whole number, so it cannot be compared with "
          + p.simpleString() + " column " + column + "; use a whole number");
    }
    if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new Mismatch("The value " + v.toPlainString() + " is out of range for " + p.simpleString() + " column "
          + column + " (" + min + ".." + max + ")");
    }
    return i.longValue();
  }

  private static double finiteDouble(BigDecimal v, PrimitiveType p, String column) {
    // Double.parseDouble rounds correctly; BigDecimal.doubleValue is not guaranteed to on every JDK.
    double d = Double.parseDouble(v.toString());
    if (Double.isInfinite(d)) {
      throw new Mismatch("The value " + v + " is out of range for " + p.simpleString() + " column " + column);
    }
    return d;
  }

  private static BigDecimal toDecimal(Object v, DecimalType d, String column) {
    if (!(v instanceof Number n) || ((v instanceof Double || v instanceof Float)
        && (Double.isNaN(((Number) v).doubleValue()) || Double.isInfinite(((Number) v).doubleValue())))) {
      throw mismatch(v, d, column);
    }
    BigDecimal exact = toBigDecimal(n);
    try {
      return exact.setScale(d.scale());
    } catch (ArithmeticException needsRounding) {
      return exact;
    }
  }

  private static BigDecimal parseDecimal(String s) {
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Code-built doubles mean their short decimal form (0.1, not 0.1000000000000000055...). */
  static BigDecimal toBigDecimal(Number n) {
    if (n instanceof BigDecimal b) {
      return b;
    }
    if (n instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(n.toString());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  private static Mismatch mismatch(Object v, DataType type, String column) {
    String what = describe(v);
    String hint;
    if (type == PrimitiveType.STRING) {
      hint = "; quote the value to compare text: " + SqlText.quote(plain(v));
    } else if (type == PrimitiveType.DATE) {
      hint = "; write a date such as '2025-01-31' or DATE '2025-01-31'";
    } else if (type == PrimitiveType.TIMESTAMP || type == PrimitiveType.TIMESTAMP_NTZ) {
      hint = "; write a timestamp such as '2025-01-31 10:00:00' or TIMESTAMP '2025-01-31 10:00:00'";
    } else if (type == PrimitiveType.BOOLEAN) {
      hint = "; use TRUE or FALSE";
    } else if (type == PrimitiveType.BINARY) {
      hint = "; write bytes as X'CAFE' or as a quoted UTF-8 string";
    } else {
      hint = "";
    }
    return new Mismatch("Cannot compare " + type.simpleString() + " column " + column + " with " + what + hint);
  }

  private static String describe(Object v) {
    if (v instanceof Number) {
      return "the number " + plain(v);
    } else if (v instanceof Boolean) {
      return "the boolean " + v;
    } else if (v instanceof LocalDate) {
      return "the date " + v;
    } else if (v instanceof Instant || v instanceof LocalDateTime) {
      return "the timestamp " + v;
    } else if (v instanceof byte[] b) {
      return "a binary value of " + b.length + " bytes";
    }
    return "the value " + v;
  }

  private static String plain(Object v) {
    return v instanceof BigDecimal b ? b.toPlainString() : String.valueOf(v);
  }
}
