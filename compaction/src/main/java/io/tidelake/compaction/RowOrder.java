package io.tidelake.compaction;

import io.tidelake.format.Row;
import io.tidelake.table.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order OPTIMIZE writes a partition's rows in: a plain sort by columns, or a Z-order curve as Delta
 * builds it — each column's values become range ids (their rank among up to {@link #RANGE_IDS} boundaries
 * taken from a sample, null as 0), and the ids' bits are interleaved round-robin, most significant first,
 * so rows close in every column land close together and files get narrow min/max ranges on each.
 */
final class RowOrder {
  /** Delta's {@code spark.databricks.io.skipping.mdc.rangeId.max}. */
  static final int RANGE_IDS = 1000;
  private static final int BITS = 10; // enough for RANGE_IDS + 1 ids
  private static final int SAMPLE = 20_000;

  private final int[] ordinals;
  private final boolean zOrder;

  RowOrder(Snapshot snap, List<String> columns, boolean zOrder) {
    this.ordinals = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      String wanted = columns.get(i);
      for (String n : snap.schema().fieldNames()) {
        if (n.equalsIgnoreCase(wanted)) {
          ordinals[i] = snap.schema().indexOf(n);
        }
      }
    }
    this.zOrder = zOrder;
  }

  List<Row> sort(List<Row> rows) {
    List<Row> out = new ArrayList<>(rows);
    if (!zOrder) {
      out.sort((a, b) -> {
        for (int o : ordinals) {
          int c = compareValues(a.get(o), b.get(o));
          if (c != 0) {
            return c;
          }
        }
        return 0;
      });
      return out;
    }
    List<Object[]> bounds = new ArrayList<>();
    for (int o : ordinals) {
      bounds.add(boundaries(rows, o));
    }
    long[] keys = new long[rows.size()];
    Integer[] idx = new Integer[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      int[] ids = new int[ordinals.length];
      for (int c = 0; c < ordinals.length; c++) {
        ids[c] = rangeId(bounds.get(c), rows.get(r).get(ordinals[c]));
      }
      keys[r] = interleave(ids);
      idx[r] = r;
    }
    Arrays.sort(idx, Comparator.comparingLong(i -> keys[i]));
    out.clear();
    for (Integer i : idx) {
      out.add(rows.get(i));
    }
    return out;
  }

  /** Up to RANGE_IDS sorted boundaries from an even sample of the non-null values. */
  static Object[] boundaries(List<Row> rows, int ordinal) {
    List<Object> sample = new ArrayList<>();
    int step = Math.max(1, rows.size() / SAMPLE);
    for (int i = 0; i < rows.size(); i += step) {
      Object v = rows.get(i).get(ordinal);
      if (v != null) {
        sample.add(v);
      }
    }
    sample.sort(RowOrder::compareValues);
    int n = Math.min(RANGE_IDS, sample.size());
    Object[] b = new Object[n];
    for (int i = 0; i < n; i++) {
      b[i] = sample.get((int) ((long) i * sample.size() / n));
    }
    return b;
  }

  /** 0 for null, else 1 + the number of boundaries below the value. */
  static int rangeId(Object[] bounds, Object v) {
    if (v == null) {
      return 0;
    }
    int lo = 0;
    int hi = bounds.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compareValues(bounds[mid], v) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return 1 + lo;
  }

  /** Bits of the ids interleaved round-robin from the most significant bit (up to 6 columns fit a long). */
  static long interleave(int[] ids) {
    long z = 0;
    int cols = Math.min(ids.length, 63 / BITS);
    for (int bit = BITS - 1; bit >= 0; bit--) {
      for (int c = 0; c < cols; c++) {
        z = (z << 1) | ((ids[c] >>> bit) & 1);
      }
    }
    return z;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
      return ca.compareTo(b);
    }
    return a.toString().compareTo(b.toString());
  }
}
