package io.tidelake.format.expr.internal;

import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;

/**
 * Spark's type rules for mixing types: the wider type of two operands (byte &lt; short &lt; int &lt; long
 * &lt; float &lt; double, integers as decimal(3|5|10|20, 0) next to decimals, decimal with float/double
 * is double, date &lt; timestamp) and the result types of decimal arithmetic, with precision capped at
 * 38 by giving up scale down to 6 digits (Spark's allowPrecisionLoss default).
 */
final class Coercion {
  private Coercion() {}

  static boolean isNumeric(DataType t) {
    return t instanceof DecimalType || (t instanceof PrimitiveType p && p.isNumeric());
  }

  static boolean isIntegral(DataType t) {
    return t instanceof PrimitiveType p && p.isIntegral();
  }

  static boolean isFloating(DataType t) {
    return t == PrimitiveType.FLOAT || t == PrimitiveType.DOUBLE;
  }

  static boolean isTemporal(DataType t) {
    return t == PrimitiveType.DATE || t == PrimitiveType.TIMESTAMP || t == PrimitiveType.TIMESTAMP_NTZ;
  }

  /** Types whose values {@link io.tidelake.format.predicate.internal.ValueOrder} can order. */
  static boolean isOrderable(DataType t) {
    return t instanceof PrimitiveType || t instanceof DecimalType;
  }

  /** The decimal an integral type fits exactly in. */
  static DecimalType asDecimal(DataType t) {
    if (t instanceof DecimalType d) {
      return d;
    }
    switch ((PrimitiveType) t) {
      case BYTE: return new DecimalType(3, 0);
      case SHORT: return new DecimalType(5, 0);
      case INTEGER: return new DecimalType(10, 0);
      default: return new DecimalType(20, 0);
    }
  }

  private static int rank(DataType t) {
    switch ((PrimitiveType) t) {
      case BYTE: return 1;
      case SHORT: return 2;
      case INTEGER: return 3;
      case LONG: return 4;
      case FLOAT: return 5;
      default: return 6;
    }
  }

  /** The type both can be widened to without losing range, or null when there is none. */
  static DataType wider(DataType a, DataType b) {
    if (a.equals(b)) {
      return a;
    }
    if (isNumeric(a) && isNumeric(b)) {
      if (a instanceof DecimalType || b instanceof DecimalType) {
        if (isFloating(a) || isFloating(b)) {
          return PrimitiveType.DOUBLE;
        }
        DecimalType x = asDecimal(a);
        DecimalType y = asDecimal(b);
        int scale = Math.max(x.scale(), y.scale());
        int intDigits = Math.max(x.precision() - x.scale(), y.precision() - y.scale());
        return bounded(intDigits + scale, scale);
      }
      return rank(a) >= rank(b) ? a : b;
    }
    if (isTemporal(a) && isTemporal(b)) {
      if (a == PrimitiveType.TIMESTAMP || b == PrimitiveType.TIMESTAMP) {
        return PrimitiveType.TIMESTAMP;
      }
      return PrimitiveType.TIMESTAMP_NTZ;
    }
    return null;
  }

  /** Spark's DecimalType.bounded: precision and scale cut to 38. */
  static DecimalType bounded(int precision, int scale) {
    return new DecimalType(Math.min(precision, DecimalType.MAX_PRECISION), Math.min(scale, DecimalType.MAX_PRECISION));
  }

  /** The result type of {@code x op y} on two decimals (Spark's DecimalPrecision rules). */
  static DecimalType decimalResult(char op, DecimalType x, DecimalType y) {
    int p1 = x.precision();
    int s1 = x.scale();
    int p2 = y.precision();
    int s2 = y.scale();
    switch (op) {
      case '+':
      case '-': {
        int s = Math.max(s1, s2);
        return adjust(Math.max(p1 - s1, p2 - s2) + s + 1, s);
      }
      case '*':
        return adjust(p1 + p2 + 1, s1 + s2);
      case '/': {
        int s = Math.max(6, s1 + p2 + 1);
        return adjust(p1 - s1 + s2 + s, s);
      }
      default: {
        int s = Math.max(s1, s2);
        return adjust(Math.min(p1 - s1, p2 - s2) + s, s);
      }
    }
  }

  /** Over 38 digits, keep the integral digits and give up scale, but keep at least 6 (or all) of it. */
  private static DecimalType adjust(int precision, int scale) {
    if (precision <= DecimalType.MAX_PRECISION) {
      return new DecimalType(Math.max(precision, 1), scale);
    }
    int intDigits = precision - scale;
    int minScale = Math.min(scale, 6);
    int s = Math.max(DecimalType.MAX_PRECISION - intDigits, minScale);
    return new DecimalType(DecimalType.MAX_PRECISION, s);
  }
}
