package io.tidelake.quality;

import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How one column's values compare with a suite's literals: both are brought into one Java domain
 * (integral columns as Long, floating ones as Double, decimals as stripped BigDecimal, dates and times as
 * java.time) once for a literal at bind time and per row for a value, so that {@code 1}, {@code 1.0} and
 * {@code "1"} all match an integer 1, and comparisons need no per-row parsing.
 */
final class ValueDomain {
  enum Kind { INTEGRAL, FLOATING, DECIMAL, STRING, BOOLEAN, DATE, TIMESTAMP, TIMESTAMP_NTZ, BINARY, OTHER }

  final Kind kind;

  private ValueDomain(Kind kind) {
    this.kind = kind;
  }

  static ValueDomain of(DataType t) {
    if (t instanceof DecimalType) {
      return new ValueDomain(Kind.DECIMAL);
    }
    if (!(t instanceof PrimitiveType p)) {
      return new ValueDomain(Kind.OTHER);
    }
    return new ValueDomain(switch (p) {
      case BYTE, SHORT, INTEGER, LONG -> Kind.INTEGRAL;
      case FLOAT, DOUBLE -> Kind.FLOATING;
      case STRING -> Kind.STRING;
      case BOOLEAN -> Kind.BOOLEAN;
      case DATE -> Kind.DATE;
      case TIMESTAMP -> Kind.TIMESTAMP;
      case TIMESTAMP_NTZ -> Kind.TIMESTAMP_NTZ;
      case BINARY -> Kind.BINARY;
    });
  }

  boolean numeric() {
    return kind == Kind.INTEGRAL || kind == Kind.FLOATING || kind == Kind.DECIMAL;
  }

  boolean ordered() {
    return kind != Kind.BOOLEAN && kind != Kind.BINARY && kind != Kind.OTHER;
  }

  /** A row value in this domain (non-null). */
  Object norm(Object v) {
    switch (kind) {
      case INTEGRAL:
        return v instanceof Long ? v : (Object) ((Number) v).longValue(); // no new box for long columns
      case FLOATING:
        return v instanceof Double ? v : v instanceof Float f ? (Object) Double.parseDouble(f.toString())
            : (Object) ((Number) v).doubleValue();
      case DECIMAL:
        return ((BigDecimal) v).stripTrailingZeros();
      case BINARY:
        return ByteBuffer.wrap((byte[]) v);
      default:
        return v;
    }
  }

  /**
   * A suite literal in this domain; a BigDecimal for a non-integral literal on an integral column (it
   * compares, but equals no value). Throws IllegalArgumentException with a readable reason.
   */
  Object literal(Object v) {
    if (v == null) {
      throw new IllegalArgumentException("null is not a value to compare with");
    }
    switch (kind) {
      case INTEGRAL: {
        BigDecimal d = decimal(v);
        try {
          return d.longValueExact();
        } catch (ArithmeticException e) {
          return d.stripTrailingZeros();
        }
      }
      case FLOATING:
        return decimal(v).doubleValue();
      case DECIMAL:
        return decimal(v).stripTrailingZeros();
      case STRING:
        return v instanceof String s ? s : String.valueOf(v);
      case BOOLEAN:
        if (v instanceof Boolean b) {
          return b;
        }
        if ("true".equalsIgnoreCase(String.valueOf(v)) || "false".equalsIgnoreCase(String.valueOf(v))) {
          return Boolean.parseBoolean(String.valueOf(v));
        }
        throw new IllegalArgumentException("'" + v + "' is not a boolean");
      case DATE:
        return LocalDate.parse(text(v));
      case TIMESTAMP: {
        String s = text(v);
        try {
          return Instant.parse(s);
        } catch (RuntimeException e) {
          return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        }
      }
      case TIMESTAMP_NTZ:
        return LocalDateTime.parse(text(v).replace(' ', 'T'));
      default:
        throw new IllegalArgumentException("values of this column type cannot be compared with literals");
    }
  }

  private static String text(Object v) {
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("expected an ISO date/time string, got " + v);
    }
    return s;
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    try {
      return new BigDecimal(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a number");
    }
  }

  /** Compares a normalised row value with a normalised literal. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object value, Object literal) {
    if (value instanceof Long a && literal instanceof Long b) {
      return Long.compare(a, b);
    }
    if (value instanceof Double a && literal instanceof Double b) {
      return Double.compare(a, b);
    }
    if (value instanceof Long a && literal instanceof BigDecimal b) {
      return BigDecimal.valueOf(a).compareTo(b);
    }
    return ((Comparable) value).compareTo(literal);
  }
}
