package io.tidelake.format.parquet.internal;

import io.tidelake.format.stats.StringBounds;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Per-leaf statistics gathered while values are written: a null count, and for skipping-eligible types
 * (numbers, decimal, date, timestamps, string) the min and max in primitive form. Comparisons use the
 * encoded form (long micros, epoch days, UTF-8 bytes), so per value it is one or two primitive compares.
 * {@link #min()}/{@link #max()} produce the final typed bounds (Delta's truncation applied).
 */
abstract class ColumnStats {
  long nullCount;

  final void addNull() {
    nullCount++;
  }

  /** The typed lower bound, or null when there is none (no non-null value, NaN seen, or not eligible). */
  abstract Object min();

  abstract Object max();

  /** Collector for {@code type}: min/max for eligible types, a null count only for the rest. */
  static ColumnStats forType(DataType type) {
    if (type instanceof io.tidelake.format.types.DecimalType) {
      return new DecimalStats();
    }
    if (!(type instanceof PrimitiveType p)) {
      return new NullCountOnly(); // struct leaves never get here; array and map: null count only (as Spark)
    }
    switch (p) {
      case BYTE:
      case SHORT:
      case INTEGER:
      case LONG:
      case DATE:
      case TIMESTAMP:
      case TIMESTAMP_NTZ:
        return new LongStats(p);
      case FLOAT:
      case DOUBLE:
        return new DoubleStats(p);
      case STRING:
        return new StringStats();
      default:
        return new NullCountOnly(); // boolean, binary: Delta collects no bounds for them
    }
  }

  static final class NullCountOnly extends ColumnStats {
    @Override
    Object min() {
      return null;
    }

    @Override
    Object max() {
      return null;
    }
  }

  /** Integral types, dates (epoch day) and timestamps (micros) all compare as longs. */
  static final class LongStats extends ColumnStats {
    private final PrimitiveType type;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private boolean seen;

    LongStats(PrimitiveType type) {
      this.type = type;
    }

    void update(long v) {
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
      seen = true;
    }

    @Override
    Object min() {
      return seen ? typed(min) : null;
    }

    @Override
    Object max() {
      return seen ? typed(max) : null;
    }

    private Object typed(long v) {
      switch (type) {
        case BYTE:
          return (byte) v;
        case SHORT:
          return (short) v;
        case INTEGER:
          return (int) v;
        case DATE:
          return LocalDate.ofEpochDay(v);
        case TIMESTAMP:
          // Stats hold milliseconds: both bounds are floored (readers treat max as max + 1 ms).
          return Instant.ofEpochMilli(Math.floorDiv(v, 1000L));
        case TIMESTAMP_NTZ:
          return LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
              (int) (Math.floorMod(v, 1_000_000L) / 1000) * 1_000_000, ZoneOffset.UTC);
        default:
          return v;
      }
    }
  }

  static final class DoubleStats extends ColumnStats {
    private final boolean isFloat;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean seen;
    private boolean nan;

    DoubleStats(PrimitiveType type) {
      this.isFloat = type == PrimitiveType.FLOAT;
    }

    void update(double v) {
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
      if (v != v) {
        nan = true; // NaN compares false above; a column with NaN gets no bounds at all
      }
      seen = true;
    }

    @Override
    Object min() {
      return seen && !nan ? typed(min) : null;
    }

    @Override
    Object max() {
      return seen && !nan ? typed(max) : null;
    }

    private Object typed(double v) {
      return isFloat ? (Object) (float) v : (Object) v;
    }
  }

  static final class DecimalStats extends ColumnStats {
    private BigDecimal min;
    private BigDecimal max;

    void update(BigDecimal v) {
      if (min == null || v.compareTo(min) < 0) {
        min = v;
      }
      if (max == null || v.compareTo(max) > 0) {
        max = v;
      }
    }

    @Override
    Object min() {
      return min;
    }

    @Override
    Object max() {
      return max;
    }
  }

  /** Strings compare by their UTF-8 bytes (unsigned), the order Parquet, Spark and Delta use. */
  static final class StringStats extends ColumnStats {
    private byte[] min;
    private byte[] max;

    void update(byte[] utf8) {
      if (min == null) {
        min = utf8;
        max = utf8;
        return;
      }
      if (Arrays.compareUnsigned(utf8, min) < 0) {
        min = utf8;
      } else if (Arrays.compareUnsigned(utf8, max) > 0) {
        max = utf8;
      }
    }

    @Override
    Object min() {
      return min == null ? null
          : StringBounds.truncateMin(new String(min, StandardCharsets.UTF_8), StringBounds.DEFAULT_PREFIX_LENGTH);
    }

    @Override
    Object max() {
      return max == null ? null
          : StringBounds.truncateMax(new String(max, StandardCharsets.UTF_8), StringBounds.DEFAULT_PREFIX_LENGTH);
    }
  }
}
