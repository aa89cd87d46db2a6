package io.tidelake.format.parquet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

/**
 * Sorted, disjoint, inclusive ranges of row indexes within one row group: the rows whose pages may hold
 * a match, as the page indexes tell. Rows outside them are skipped without being decoded.
 */
final class RowRanges {
  private final long[] from;
  private final long[] to;

  private RowRanges(long[] from, long[] to) {
    this.from = from;
    this.to = to;
  }

  static RowRanges all(long rowCount) {
    return rowCount == 0 ? new RowRanges(new long[0], new long[0]) : new RowRanges(new long[] {0}, new long[] {rowCount - 1});
  }

  /** Builds from ranges added in ascending order; touching or overlapping ranges are merged. */
  static final class Builder {
    private final List<long[]> ranges = new ArrayList<>();

    void add(long first, long last) {
      if (last < first) {
        return;
      }
      if (!ranges.isEmpty()) {
        long[] prev = ranges.get(ranges.size() - 1);
        if (first < prev[0]) {
          throw new IllegalArgumentException("ranges must be added in ascending order");
        }
        if (first <= prev[1] + 1) {
          prev[1] = Math.max(prev[1], last);
          return;
        }
      }
      ranges.add(new long[] {first, last});
    }

    RowRanges build() {
      long[] f = new long[ranges.size()];
      long[] t = new long[ranges.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = ranges.get(i)[0];
        t[i] = ranges.get(i)[1];
      }
      return new RowRanges(f, t);
    }
  }

  RowRanges intersect(RowRanges o) {
    Builder b = new Builder();
    int i = 0;
    int j = 0;
    while (i < from.length && j < o.from.length) {
      long lo = Math.max(from[i], o.from[j]);
      long hi = Math.min(to[i], o.to[j]);
      b.add(lo, hi);
      if (to[i] < o.to[j]) {
        i++;
      } else {
        j++;
      }
    }
    return b.build();
  }

  long rowCount() {
    long n = 0;
    for (int i = 0; i < from.length; i++) {
      n += to[i] - from[i] + 1;
    }
    return n;
  }

  /** Whether any row in {@code [first, last]} is in these ranges. */
  boolean overlaps(long first, long last) {
    for (int i = 0; i < from.length; i++) {
      if (from[i] <= last && to[i] >= first) {
        return true;
      }
      if (from[i] > last) {
        return false;
      }
    }
    return false;
  }

  /** The row indexes, ascending; a new iterator on each call. */
  PrimitiveIterator.OfLong iterator() {
    return new PrimitiveIterator.OfLong() {
      private int range;
      private long next = from.length == 0 ? 0 : from[0];

      @Override
      public boolean hasNext() {
        return range < from.length;
      }

      @Override
      public long nextLong() {
        if (range >= from.length) {
          throw new NoSuchElementException();
        }
        long r = next;
        if (next == to[range]) {
          range++;
          if (range < from.length) {
            next = from[range];
          }
        } else {
          next++;
        }
        return r;
      }
    };
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < from.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(from[i]).append("..").append(to[i]);
    }
    return sb.append(']').toString();
  }
}
