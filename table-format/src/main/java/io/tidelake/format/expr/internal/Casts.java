package io.tidelake.format.expr.internal;

import io.tidelake.format.Row;
import io.tidelake.format.Values;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * CAST between primitive and decimal types with Spark's ANSI behaviour: text that is not a value of the
 * target type is CAST_INVALID_INPUT, a number out of the target's range is CAST_OVERFLOW (never wrapped
 * or saturated), fractions are truncated toward zero when cast to an integral type, decimals are rounded
 * HALF_UP to the target scale. The session time zone is UTC (as for predicate literals).
 */
final class Casts {
  private static final DateTimeFormatter TS = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd()
      .toFormatter(Locale.ROOT);

  private Casts() {}

  /** Why a value did not convert; the caller adds the expression and row. */
  static final class Failure extends RuntimeException {
    final String errorClass;

    Failure(String errorClass, String message) {
      super(message, null, false, false);
      this.errorClass = errorClass;
    }
  }

  record Cast(Node child, DataType type, String sql) implements Node {
    @Override
    public Object eval(Row row) {
      Object v = child.eval(row);
      try {
        return convert(v, child.type(), type);
      } catch (Failure f) {
        throw Errors.of(f.errorClass, f.getMessage(), sql, this, row);
      }
    }

    @Override
    public List<Node> children() {
      return List.of(child);
    }
  }

  static boolean isNumeric(DataType t) {
    return t instanceof DecimalType || (t instanceof PrimitiveType p && p.isNumeric());
  }

  /** Whether CAST(from AS to) is allowed at all. */
  static boolean canCast(DataType from, DataType to) {
    if (from.equals(to) || to == PrimitiveType.STRING) {
      return from instanceof PrimitiveType || from instanceof DecimalType;
    }
    if (from == PrimitiveType.STRING) {
      return to instanceof PrimitiveType || to instanceof DecimalType;
    }
    boolean fromNum = isNumeric(from) || from == PrimitiveType.BOOLEAN;
    boolean toNum = isNumeric(to) || to == PrimitiveType.BOOLEAN;
    if (fromNum && toNum) {
      return true;
    }
    boolean fromTime = from == PrimitiveType.DATE || from == PrimitiveType.TIMESTAMP || from == PrimitiveType.TIMESTAMP_NTZ;
    boolean toTime = to == PrimitiveType.DATE || to == PrimitiveType.TIMESTAMP || to == PrimitiveType.TIMESTAMP_NTZ;
    return fromTime && toTime;
  }

  static Object convert(Object v, DataType from, DataType to) {
    if (v == null || from.equals(to)) {
      return v;
    }
    if (to == PrimitiveType.STRING) {
      return toText(v);
    }
    if (v instanceof String s) {
      return fromText(s, to);
    }
    if (v instanceof Boolean b) {
      return toNumber(BigDecimal.valueOf(b ? 1 : 0), to);
    }
    if (v instanceof Number n) {
      if (to == PrimitiveType.BOOLEAN) {
        return n instanceof BigDecimal d ? d.signum() != 0 : n.doubleValue() != 0;
      }
      if (to == PrimitiveType.DOUBLE) {
        return n.doubleValue();
      }
      if (to == PrimitiveType.FLOAT) {
        return n.floatValue();
      }
      if (n instanceof Double || n instanceof Float) {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new Failure("CAST_OVERFLOW", "The value " + d + " cannot be cast to " + to.simpleString());
        }
        return toNumber(new BigDecimal(Double.toString(d)), to);
      }
      return toNumber(n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue()), to);
    }
    PrimitiveType p = (PrimitiveType) to;
    if (v instanceof LocalDate d) {
      return p == PrimitiveType.TIMESTAMP ? d.atStartOfDay().toInstant(ZoneOffset.UTC) : d.atStartOfDay();
    }
    if (v instanceof Instant t) {
      LocalDateTime l = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
      return p == PrimitiveType.DATE ? l.toLocalDate() : l;
    }
    if (v instanceof LocalDateTime l) {
      return p == PrimitiveType.DATE ? l.toLocalDate() : l.toInstant(ZoneOffset.UTC);
    }
    if (v instanceof byte[] b && p == PrimitiveType.STRING) {
      return new String(b, StandardCharsets.UTF_8);
    }
    throw new Failure("CAST_INVALID_INPUT", "Cannot cast " + from.simpleString() + " to " + to.simpleString());
  }

  /** Exact numbers into an integral (truncating toward zero) or decimal (HALF_UP) type, range-checked. */
  private static Object toNumber(BigDecimal d, DataType to) {
    if (to instanceof DecimalType dt) {
      BigDecimal scaled = d.setScale(dt.scale(), RoundingMode.HALF_UP);
      if (scaled.precision() - scaled.scale() > dt.precision() - dt.scale()) {
        throw new Failure("CAST_OVERFLOW", "The value " + d.toPlainString() + " does not fit " + dt.simpleString());
      }
      return scaled;
    }
    PrimitiveType p = (PrimitiveType) to;
    if (p == PrimitiveType.DOUBLE) {
      return d.doubleValue();
    }
    if (p == PrimitiveType.FLOAT) {
      return d.floatValue();
    }
    if (p == PrimitiveType.BOOLEAN) {
      return d.signum() != 0;
    }
    BigDecimal whole = d.setScale(0, RoundingMode.DOWN);
    long min = p == PrimitiveType.BYTE ? Byte.MIN_VALUE : p == PrimitiveType.SHORT ? Short.MIN_VALUE
        : p == PrimitiveType.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE;
    long max = p == PrimitiveType.BYTE ? Byte.MAX_VALUE : p == PrimitiveType.SHORT ? Short.MAX_VALUE
        : p == PrimitiveType.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
    if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new Failure("CAST_OVERFLOW", "The value " + d.toPlainString() + " is out of range for " + p.simpleString());
    }
    long l = whole.longValueExact();
    switch (p) {
      case BYTE: return (byte) l;
      case SHORT: return (short) l;
      case INTEGER: return (int) l;
      default: return l;
    }
  }

  private static Object fromText(String s, DataType to) {
    String t = s.trim();
    try {
      if (isNumeric(to) && !(to == PrimitiveType.DOUBLE || to == PrimitiveType.FLOAT)) {
        return toNumber(new BigDecimal(t), to);
      }
      if (to == PrimitiveType.BOOLEAN) {
        switch (t.toLowerCase(Locale.ROOT)) {
          case "true": case "t": case "yes": case "y": case "1": return true;
          case "false": case "f": case "no": case "n": case "0": return false;
          default: throw new NumberFormatException();
        }
      }
      if (to == PrimitiveType.BINARY) {
        return s.getBytes(StandardCharsets.UTF_8);
      }
      return Values.parse(to, t, "CAST");
    } catch (Failure f) {
      throw f;
    } catch (RuntimeException e) {
      throw new Failure("CAST_INVALID_INPUT", "The value '" + s + "' cannot be cast to " + to.simpleString());
    }
  }

  /** Spark's text forms: plain decimals, ISO dates, "yyyy-MM-dd HH:mm:ss[.ffffff]" timestamps in UTC. */
  static String toText(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Instant t) {
      return TS.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }
    if (v instanceof LocalDateTime l) {
      return TS.format(l);
    }
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    return String.valueOf(v);
  }
}
