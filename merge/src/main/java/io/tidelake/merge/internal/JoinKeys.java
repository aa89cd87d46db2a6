package io.tidelake.merge.internal;

import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Hash keys of the ON condition's equalities {@code t.a = s.b}: values normalized so that two values SQL
 * equality calls equal have equal keys (an int and a long, 1.50 and 1.5 as decimals, -0.0 and 0.0). Only
 * pairs whose types fall in one family are hashed; the ON condition itself still decides every pair the
 * hash proposes, so the hash only has to never separate equal values.
 */
final class JoinKeys {
  private JoinKeys() {}

  /** Whether values of these two types can be compared through {@link #normalize}. */
  static boolean hashable(DataType a, DataType b) {
    if (a instanceof PrimitiveType pa && b instanceof PrimitiveType pb) {
      if (pa.isIntegral() && pb.isIntegral()) {
        return true;
      }
      if ((pa == PrimitiveType.FLOAT || pa == PrimitiveType.DOUBLE) && (pb == PrimitiveType.FLOAT || pb == PrimitiveType.DOUBLE)) {
        return true;
      }
      return pa == pb && pa != PrimitiveType.BOOLEAN;
    }
    return a instanceof DecimalType && b instanceof DecimalType;
  }

  static Object normalize(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return normalize(Double.valueOf(f.doubleValue()));
    }
    if (v instanceof Double d) {
      return d == 0.0 ? Double.valueOf(0.0) : d;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (v instanceof byte[] b) {
      return ByteBuffer.wrap(b);
    }
    return v;
  }

  /** Whether a key value of the row is NULL (such a row never matches). */
  static boolean hasNull(Object[] row, int[] columns) {
    for (int c : columns) {
      if (row[c] == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * A 64-bit hash of the row's key (no NULL values), equal for keys {@link #equal} calls equal, computed
   * without allocating for the common key types: the hash join probes it once per target row.
   */
  static long hash(Object[] row, int[] columns) {
    long h = 0x2545F4914F6CDD1DL;
    for (int c : columns) {
      h = (h ^ valueHash(row[c])) * 0x9E3779B97F4A7C15L;
    }
    // murmur3's finalizer: the table uses the low bits, spill partitions the high ones
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  private static long valueHash(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
    }
    if (v instanceof java.time.LocalDate d) {
      return d.toEpochDay();
    }
    return normalize(v).hashCode();
  }

  /** Whether two rows' keys are equal as SQL equality says (no NULL values). */
  static boolean equal(Object[] a, int[] aColumns, Object[] b, int[] bColumns) {
    for (int i = 0; i < aColumns.length; i++) {
      Object x = a[aColumns[i]];
      Object y = b[bColumns[i]];
      if (x instanceof Long lx && y instanceof Long ly) {
        if (lx.longValue() != ly.longValue()) {
          return false;
        }
      } else if (!normalize(x).equals(normalize(y))) {
        return false;
      }
    }
    return true;
  }

  /** A key as text for messages. */
  static String describe(Object[] row, int[] columns, List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      Object v = row[columns[i]];
      sb.append(i == 0 ? "" : ", ").append(names.get(i)).append('=')
          .append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v));
    }
    return sb.toString();
  }
}
