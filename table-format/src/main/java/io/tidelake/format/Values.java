package io.tidelake.format;

import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversion of user values to the Java type a column holds. Only lossless conversions are made (an
 * Integer into a long column, a Long that fits into an int column, a decimal whose scale can be raised);
 * anything else is a {@link SchemaViolationException} naming the column. {@link #parse} turns text
 * (CSV cells, predicate literals, partition values) into typed values.
 */
public final class Values {
  private Values() {}

  public static Object convert(DataType type, Object v, String column) {
    if (v == null) {
      return null;
    }
    if (type instanceof PrimitiveType p) {
      return convertPrimitive(p, v, column);
    }
    if (type instanceof DecimalType d) {
      return convertDecimal(d, v, column);
    }
    if (type instanceof StructType s) {
      if (v instanceof Row r) {
        if (r.schema().equals(s) && r instanceof GenericRow g && g.isTypeChecked()) {
          return r;
        }
        RowBuilder b = Row.builder(s);
        for (int i = 0; i < r.size(); i++) {
          String name = r.schema().field(i).name();
          if (s.indexOf(name) < 0) {
            throw mismatch(column + "." + name, "a field the struct does not have", v);
          }
          b.set(name, r.get(i));
        }
        return b.build();
      }
      if (v instanceof Map<?, ?> m) {
        RowBuilder b = Row.builder(s);
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String name = String.valueOf(e.getKey());
          if (s.indexOf(name) < 0) {
            throw new SchemaViolationException(column + "." + name, -1, "unknown struct field; the struct has "
                + s.fieldNames() + ".");
          }
          b.set(name, e.getValue());
        }
        return b.build();
      }
      throw mismatch(column, "a Row or Map for " + s.simpleString(), v);
    }
    if (type instanceof ArrayType a) {
      List<?> in;
      if (v instanceof List<?> l) {
        in = l;
      } else if (v instanceof Object[] arr) {
        in = java.util.Arrays.asList(arr);
      } else {
        throw mismatch(column, "a List for " + a.simpleString(), v);
      }
      List<Object> out = new ArrayList<>(in.size());
      for (Object e : in) {
        out.add(convert(a.elementType(), e, column + "[]"));
      }
      return java.util.Collections.unmodifiableList(out);
    }
    if (type instanceof MapType m) {
      if (!(v instanceof Map<?, ?> in)) {
        throw mismatch(column, "a Map for " + m.simpleString(), v);
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : in.entrySet()) {
        if (e.getKey() == null) {
          throw new SchemaViolationException(column, -1, "map keys must not be null.");
        }
        out.put(convert(m.keyType(), e.getKey(), column + ".key"), convert(m.valueType(), e.getValue(), column + ".value"));
      }
      return java.util.Collections.unmodifiableMap(out);
    }
    throw new IllegalStateException("unknown type " + type);
  }

  private static Object convertPrimitive(PrimitiveType p, Object v, String column) {
    switch (p) {
      case BOOLEAN:
        if (v instanceof Boolean) {
          return v;
        }
        break;
      case BYTE:
        if (v instanceof Byte) {
          return v;
        }
        if (isIntegral(v) && fits(v, Byte.MIN_VALUE, Byte.MAX_VALUE)) {
          return ((Number) v).byteValue();
        }
        break;
      case SHORT:
        if (v instanceof Short) {
          return v;
        }
        if (isIntegral(v) && fits(v, Short.MIN_VALUE, Short.MAX_VALUE)) {
          return ((Number) v).shortValue();
        }
        break;
      case INTEGER:
        if (v instanceof Integer) {
          return v;
        }
        if (isIntegral(v) && fits(v, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
          return ((Number) v).intValue();
        }
        break;
      case LONG:
        if (v instanceof Long) {
          return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
          return b.longValue();
        }
        break;
      case FLOAT:
        if (v instanceof Float) {
          return v;
        }
        if (v instanceof Short || v instanceof Byte) {
          return ((Number) v).floatValue();
        }
        break;
      case DOUBLE:
        if (v instanceof Double) {
          return v;
        }
        if (v instanceof Float || v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).doubleValue();
        }
        break;
      case STRING:
        if (v instanceof String) {
          return v;
        }
        if (v instanceof CharSequence cs) {
          return cs.toString();
        }
        break;
      case BINARY:
        if (v instanceof byte[]) {
          return v;
        }
        if (v instanceof ByteBuffer bb) {
          byte[] out = new byte[bb.remaining()];
          bb.duplicate().get(out);
          return out;
        }
        break;
      case DATE:
        if (v instanceof LocalDate) {
          return v;
        }
        break;
      case TIMESTAMP:
        if (v instanceof Instant i) {
          return inMicrosRange(i, column);
        }
        if (v instanceof OffsetDateTime o) {
          return inMicrosRange(o.toInstant(), column);
        }
        if (v instanceof ZonedDateTime z) {
          return inMicrosRange(z.toInstant(), column);
        }
        break;
      case TIMESTAMP_NTZ:
        if (v instanceof LocalDateTime l) {
          inMicrosRange(l.toInstant(ZoneOffset.UTC), column);
          return l;
        }
        break;
      default:
        break;
    }
    throw mismatch(column, p.simpleString() + " (Java " + p.javaClass().getSimpleName() + ")", v);
  }

  // Delta timestamps are int64 microseconds since the epoch: about ±292,000 years
  private static final Instant MIN_MICROS = Instant.EPOCH.plus(Long.MIN_VALUE / 1000 + 1, java.time.temporal.ChronoUnit.MILLIS);
  private static final Instant MAX_MICROS = Instant.EPOCH.plus(Long.MAX_VALUE / 1000 - 1, java.time.temporal.ChronoUnit.MILLIS);

  private static Instant inMicrosRange(Instant i, String column) {
    if (i.isBefore(MIN_MICROS) || i.isAfter(MAX_MICROS)) {
      throw new SchemaViolationException(column, -1, "timestamp " + i + " is outside the range Delta can store "
          + "(int64 microseconds since 1970, about 292,000 years either way).");
    }
    return i;
  }

  private static BigDecimal convertDecimal(DecimalType d, Object v, String column) {
    BigDecimal b;
    if (v instanceof BigDecimal x) {
      b = x;
    } else if (v instanceof BigInteger x) {
      b = new BigDecimal(x);
    } else if (isIntegral(v)) {
      b = BigDecimal.valueOf(((Number) v).longValue());
    } else {
      throw mismatch(column, d.simpleString() + " (Java BigDecimal)", v);
    }
    BigDecimal scaled;
    try {
      scaled = b.setScale(d.scale());
    } catch (ArithmeticException e) {
      throw new SchemaViolationException(column, -1, "value " + b.toPlainString() + " has more than " + d.scale()
          + " fractional digits for " + d.simpleString() + "; round it before writing.");
    }
    if (scaled.precision() > d.precision()) {
      throw new SchemaViolationException(column, -1, "value " + b.toPlainString() + " does not fit "
          + d.simpleString() + " (needs precision " + scaled.precision() + ").");
    }
    return scaled;
  }

  private static boolean isIntegral(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }

  private static boolean fits(Object v, long min, long max) {
    long l = ((Number) v).longValue();
    return l >= min && l <= max;
  }

  private static SchemaViolationException mismatch(String column, String expected, Object v) {
    return new SchemaViolationException(column, -1, "expected " + expected + " but got "
        + v.getClass().getSimpleName() + " value " + abbreviate(v) + ".");
  }

  private static String abbreviate(Object v) {
    String s = v instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(v);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /**
   * Parses text into a value of {@code type}: numbers, true/false, decimals, ISO dates
   * ({@code 2025-01-31}), timestamps ({@code 2025-01-31T10:00:00Z}, {@code 2025-01-31 10:00:00} read as
   * UTC, or a bare date meaning midnight UTC), timestamp_ntz without zone. Binary text is taken as UTF-8.
   *
   * @throws SchemaViolationException when the text is not a value of that type
   */
  public static Object parse(DataType type, String text, String column) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    try {
      if (type instanceof DecimalType d) {
        return convertDecimal(d, new BigDecimal(t), column);
      }
      if (!(type instanceof PrimitiveType p)) {
        throw new SchemaViolationException(column, -1, "cannot parse text into " + type.simpleString() + ".");
      }
      switch (p) {
        case BOOLEAN:
          if (t.equalsIgnoreCase("true")) {
            return true;
          }
          if (t.equalsIgnoreCase("false")) {
            return false;
          }
          throw new NumberFormatException("not a boolean");
        case BYTE:
          return Byte.parseByte(t);
        case SHORT:
          return Short.parseShort(t);
        case INTEGER:
          return Integer.parseInt(t);
        case LONG:
          return Long.parseLong(t);
        case FLOAT:
          return Float.parseFloat(t);
        case DOUBLE:
          return Double.parseDouble(t);
        case STRING:
          return text;
        case BINARY:
          return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        case DATE:
          return LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t);
        case TIMESTAMP:
          return parseTimestamp(t);
        case TIMESTAMP_NTZ:
          return t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t.replace(' ', 'T'));
        default:
          throw new IllegalStateException(p.name());
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new SchemaViolationException(column, -1, "'" + abbreviate(text) + "' is not a valid "
          + type.simpleString() + " value.");
    }
  }

  /** Instants from ISO-8601 with an offset or 'Z', zone-less "yyyy-MM-dd[ T]HH:mm:ss[.f]" (UTC), or a date (midnight UTC). */
  public static Instant parseTimestamp(String t) {
    if (t.length() == 10) {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    String iso = t.replace(' ', 'T');
    char last = iso.charAt(iso.length() - 1);
    boolean hasZone = last == 'Z' || last == 'z' || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10;
    if (hasZone) {
      return OffsetDateTime.parse(iso.toUpperCase(java.util.Locale.ROOT)).toInstant();
    }
    return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
  }
}
