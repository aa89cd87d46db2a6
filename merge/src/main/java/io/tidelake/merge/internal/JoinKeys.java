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

  /** The key of a row for the given column positions, or null when a key value is NULL (never matches). */
  static Object key(Object[] row, int[] columns) {
    if (columns.length == 1) {
      Object v = row[columns[0]];
      return v == null ? null : normalize(v);
    }
    Object[] k = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Object v = row[columns[i]];
      if (v == null) {
        return null;
      }
      k[i] = normalize(v);
    }
    return List.of(k);
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
