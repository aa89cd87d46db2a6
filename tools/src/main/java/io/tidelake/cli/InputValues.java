package io.tidelake.cli;

import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.Values;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Text from an input file (a csv cell, a JSON string or number) as a column value, refusing what
 * {@link Values#parse} would silently change: a float or double that overflows to Infinity or underflows
 * to 0, a timestamp cut down to a date. Integer overflow is refused by Values.parse already; this keeps
 * the floating types to the same rule. Messages name the column; RowInput adds the file and line.
 */
final class InputValues {
  private InputValues() {}

  static Object parse(DataType type, String text, String column) {
    if (text == null) {
      return null;
    }
    if (type == PrimitiveType.FLOAT || type == PrimitiveType.DOUBLE) {
      return floating((PrimitiveType) type, text.strip(), column);
    }
    if (type == PrimitiveType.DATE && text.strip().length() > 10) {
      // Values.parse keeps the first 10 characters, so '2025-01-31T23:30:00-05:00' would become the 31st
      throw new SchemaViolationException(column, -1, "'" + JsonValues.abbreviate(text.strip()) + "' is a "
          + "timestamp, not a date; write the date alone (yyyy-MM-dd), or make the column a timestamp.");
    }
    if (type instanceof PrimitiveType p && p.isIntegral()) {
      return integral(p, text, column);
    }
    return Values.parse(type, text, column);
  }

  /** A float or double exactly as written, with -0.0 kept; out of range is an error, never Infinity or 0. */
  static Object floating(PrimitiveType p, String t, String column) {
    double d;
    float f = 0;
    try {
      if (p == PrimitiveType.FLOAT) {
        f = Float.parseFloat(t);
        d = f;
      } else {
        d = Double.parseDouble(t);
      }
    } catch (NumberFormatException e) {
      throw new SchemaViolationException(column, -1, "'" + JsonValues.abbreviate(t) + "' is not a valid "
          + p.simpleString() + " value.");
    }
    String name = p.simpleString();
    if (Double.isInfinite(d) && !t.toLowerCase(Locale.ROOT).contains("infinity")) {
      throw new SchemaViolationException(column, -1, t + " is out of range for " + name + " (largest "
          + (p == PrimitiveType.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE) + "); it would be stored as "
          + "Infinity" + (p == PrimitiveType.FLOAT ? ". Use a double column" : ". Use a decimal column") + ".");
    }
    if (d == 0 && nonZero(t)) {
      throw new SchemaViolationException(column, -1, t + " is too small for " + name + " (smallest "
          + (p == PrimitiveType.FLOAT ? Float.MIN_VALUE : Double.MIN_VALUE) + "); it would be stored as 0.");
    }
    return p == PrimitiveType.FLOAT ? (Object) f : (Object) d;
  }

  private static boolean nonZero(String t) {
    try {
      return new BigDecimal(t).signum() != 0;
    } catch (NumberFormatException e) {
      return false; // hex floats and the like: Java parsed them, trust the result
    }
  }

  private static Object integral(PrimitiveType p, String text, String column) {
    try {
      return Values.parse(p, text, column);
    } catch (SchemaViolationException e) {
      BigDecimal b;
      try {
        b = new BigDecimal(text.strip());
      } catch (NumberFormatException notANumber) {
        throw e;
      }
      throw notWhole(p, b, text, column);
    }
  }

  /** The plain message for a number that an integer column cannot take: a fraction, out of range, or 1.0/1e3. */
  static SchemaViolationException notWhole(PrimitiveType p, BigDecimal b, String text, String column) {
    String name = p.simpleString();
    String t = text.strip();
    if (b.stripTrailingZeros().scale() > 0) {
      return new SchemaViolationException(column, -1, t + " has a fraction; " + name + " columns take whole numbers.");
    }
    BigInteger whole = b.toBigIntegerExact();
    if (whole.compareTo(BigInteger.valueOf(min(p))) < 0 || whole.compareTo(BigInteger.valueOf(max(p))) > 0) {
      return new SchemaViolationException(column, -1, t + " is out of range for " + name + ".");
    }
    return new SchemaViolationException(column, -1, t + " is not written as a plain whole number; " + name
        + " columns take whole numbers without a decimal point or exponent (write " + whole + ").");
  }

  private static long min(PrimitiveType p) {
    return switch (p) {
      case BYTE -> Byte.MIN_VALUE;
      case SHORT -> Short.MIN_VALUE;
      case INTEGER -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
  }

  private static long max(PrimitiveType p) {
    return switch (p) {
      case BYTE -> Byte.MAX_VALUE;
      case SHORT -> Short.MAX_VALUE;
      case INTEGER -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }
}
