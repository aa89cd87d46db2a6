package io.tidelake.format.parquet.internal;

import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * One writer object per column (and per nested field), built once per schema. Each knows its Parquet
 * field name and index and its Java value type, so writing a value is a cast and one RecordConsumer call,
 * plus a primitive compare for the leaves that collect statistics.
 */
final class ValueWriters {
  private ValueWriters() {}

  /** Writes one non-null value of a field (between startField and endField). */
  abstract static class ValueWriter {
    abstract void write(RecordConsumer rc, Object v);

    /** The value, or a struct enclosing it, is null in this row: count it for statistics. */
    void onNull() {}
  }

  /**
   * Builds the writer for a value of {@code type}. {@code stats} is the collector for this leaf, or null
   * when the leaf is not indexed (or lives inside an array or map, where Delta collects nothing).
   */
  static ValueWriter forType(DataType type, String path, ColumnStats stats) {
    if (type instanceof DecimalType d) {
      return new DecimalWriter(d, path, (ColumnStats.DecimalStats) stats);
    }
    if (type instanceof PrimitiveType p) {
      switch (p) {
        case BOOLEAN:
          return new BooleanWriter(stats);
        case BYTE:
          return new ByteWriter((ColumnStats.LongStats) stats);
        case SHORT:
          return new ShortWriter((ColumnStats.LongStats) stats);
        case INTEGER:
          return new IntWriter((ColumnStats.LongStats) stats);
        case LONG:
          return new LongWriter((ColumnStats.LongStats) stats);
        case FLOAT:
          return new FloatWriter((ColumnStats.DoubleStats) stats);
        case DOUBLE:
          return new DoubleWriter((ColumnStats.DoubleStats) stats);
        case STRING:
          return new StringWriter((ColumnStats.StringStats) stats);
        case BINARY:
          return new BinaryWriter(stats);
        case DATE:
          return new DateWriter((ColumnStats.LongStats) stats);
        case TIMESTAMP:
          return new TimestampWriter(path, (ColumnStats.LongStats) stats);
        case TIMESTAMP_NTZ:
          return new TimestampNtzWriter(path, (ColumnStats.LongStats) stats);
        default:
          throw new IllegalArgumentException(p.name());
      }
    }
    if (type instanceof ArrayType a) {
      return new NestedWriters.ArrayWriter(a, path, stats);
    }
    if (type instanceof MapType m) {
      return new NestedWriters.MapWriter(m, path, stats);
    }
    throw new IllegalArgumentException("Struct writers are built with NestedWriters.StructWriter: " + path);
  }

  static SchemaViolationException nullInRequired(String path) {
    return new SchemaViolationException(path, -1, "null value in a column declared NOT NULL. "
        + "Provide a value, or make the column nullable.");
  }

  /** Leaf writers that own a collector count the nulls; the others ignore them. */
  abstract static class LeafWriter extends ValueWriter {
    final ColumnStats stats;

    LeafWriter(ColumnStats stats) {
      this.stats = stats;
    }

    @Override
    final void onNull() {
      if (stats != null) {
        stats.addNull();
      }
    }
  }

  static final class BooleanWriter extends LeafWriter {
    BooleanWriter(ColumnStats stats) {
      super(stats);
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      rc.addBoolean((Boolean) v);
    }
  }

  static final class ByteWriter extends LeafWriter {
    private final ColumnStats.LongStats s;

    ByteWriter(ColumnStats.LongStats s) {
      super(s);
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      byte x = (Byte) v;
      rc.addInteger(x);
      if (s != null) {
        s.update(x);
      }
    }
  }

  static final class ShortWriter extends LeafWriter {
    private final ColumnStats.LongStats s;

    ShortWriter(ColumnStats.LongStats s) {
      super(s);
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      short x = (Short) v;
      rc.addInteger(x);
      if (s != null) {
        s.update(x);
      }
    }
  }

  static final class IntWriter extends LeafWriter {
    private final ColumnStats.LongStats s;

    IntWriter(ColumnStats.LongStats s) {
      super(s);
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      int x = (Integer) v;
      rc.addInteger(x);
      if (s != null) {
        s.update(x);
      }
    }
  }

  static final class LongWriter extends LeafWriter {
    private final ColumnStats.LongStats s;

    LongWriter(ColumnStats.LongStats s) {
      super(s);
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      long x = (Long) v;
      rc.addLong(x);
      if (s != null) {
        s.update(x);
      }
    }
  }

  static final class FloatWriter extends LeafWriter {
    private final ColumnStats.DoubleStats s;

    FloatWriter(ColumnStats.DoubleStats s) {
      super(s);
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      float x = (Float) v;
      rc.addFloat(x);
      if (s != null) {
        s.update(x);
      }
    }
  }

  static final class DoubleWriter extends LeafWriter {
    private final ColumnStats.DoubleStats s;

    DoubleWriter(ColumnStats.DoubleStats s) {
      super(s);
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      double x = (Double) v;
      rc.addDouble(x);
      if (s != null) {
        s.update(x);
      }
    }
  }

  static final class StringWriter extends LeafWriter {
    private final ColumnStats.StringStats s;

    StringWriter(ColumnStats.StringStats s) {
      super(s);
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
      // The array is fresh and never changed again, so Parquet may keep it (dictionary) without copying.
      rc.addBinary(Binary.fromConstantByteArray(utf8));
      if (s != null) {
        s.update(utf8);
      }
    }
  }

  static final class BinaryWriter extends LeafWriter {
    BinaryWriter(ColumnStats stats) {
      super(stats);
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      // "Reused": the caller owns the array; Parquet copies it if it needs to keep it (dictionary).
      rc.addBinary(Binary.fromReusedByteArray((byte[]) v));
    }
  }

  static final class DateWriter extends LeafWriter {
    private final ColumnStats.LongStats s;

    DateWriter(ColumnStats.LongStats s) {
      super(s);
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      int day = Math.toIntExact(((LocalDate) v).toEpochDay());
      rc.addInteger(day);
      if (s != null) {
        s.update(day);
      }
    }
  }

  static final class TimestampWriter extends LeafWriter {
    private final String path;
    private final ColumnStats.LongStats s;

    TimestampWriter(String path, ColumnStats.LongStats s) {
      super(s);
      this.path = path;
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      Instant t = (Instant) v;
      long micros;
      try {
        micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
      } catch (ArithmeticException e) {
        throw new SchemaViolationException(path, -1, "timestamp " + t + " is outside the microsecond range.");
      }
      rc.addLong(micros);
      if (s != null) {
        s.update(micros);
      }
    }
  }

  static final class TimestampNtzWriter extends LeafWriter {
    private final String path;
    private final ColumnStats.LongStats s;

    TimestampNtzWriter(String path, ColumnStats.LongStats s) {
      super(s);
      this.path = path;
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      LocalDateTime t = (LocalDateTime) v;
      long micros;
      try {
        micros = Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
      } catch (ArithmeticException e) {
        throw new SchemaViolationException(path, -1, "timestamp_ntz " + t + " is outside the microsecond range.");
      }
      rc.addLong(micros);
      if (s != null) {
        s.update(micros);
      }
    }
  }

  /** Decimals as INT32, INT64 or big-endian two's complement FIXED_LEN_BYTE_ARRAY, by precision. */
  static final class DecimalWriter extends LeafWriter {
    private final int precision;
    private final int scale;
    private final int fixedBytes; // 0 for INT32/INT64
    private final String path;
    private final ColumnStats.DecimalStats s;

    DecimalWriter(DecimalType type, String path, ColumnStats.DecimalStats s) {
      super(s);
      this.precision = type.precision();
      this.scale = type.scale();
      this.fixedBytes = type.precision() > 18 ? ParquetSchemas.decimalBytes(type.precision()) : 0;
      this.path = path;
      this.s = s;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      BigDecimal d = (BigDecimal) v;
      if (d.scale() != scale) {
        try {
          d = d.setScale(scale);
        } catch (ArithmeticException e) {
          throw new SchemaViolationException(path, -1, "value " + d.toPlainString() + " has more than " + scale
              + " fractional digits for decimal(" + precision + "," + scale + ").");
        }
      }
      if (d.precision() > precision) {
        throw new SchemaViolationException(path, -1, "value " + d.toPlainString() + " does not fit decimal("
            + precision + "," + scale + ").");
      }
      BigInteger unscaled = d.unscaledValue();
      if (precision <= 9) {
        rc.addInteger(unscaled.intValue());
      } else if (precision <= 18) {
        rc.addLong(unscaled.longValue());
      } else {
        rc.addBinary(Binary.fromConstantByteArray(fixed(unscaled)));
      }
      if (s != null) {
        s.update(d);
      }
    }

    private byte[] fixed(BigInteger unscaled) {
      byte[] raw = unscaled.toByteArray();
      if (raw.length == fixedBytes) {
        return raw;
      }
      byte[] out = new byte[fixedBytes];
      byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
      int lead = fixedBytes - raw.length;
      java.util.Arrays.fill(out, 0, lead, pad);
      System.arraycopy(raw, 0, out, lead, raw.length);
      return out;
    }
  }
}
