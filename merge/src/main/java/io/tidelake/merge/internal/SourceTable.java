package io.tidelake.merge.internal;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.RowConformer;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructType;
import io.tidelake.merge.MergeMemoryException;
import io.tidelake.merge.MergeSource;
import io.tidelake.merge.MergeSourceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MERGE source held in memory as the build side of the hash join: its rows (read exactly once, each
 * checked against the source schema), a chained hash index on the ON equalities' source columns (rows
 * with a NULL key are left out: they never match), which rows found a match, and the key ranges that
 * prune target files. Its size is estimated while reading; once the estimate passes the budget the rows
 * move to a {@link SourceSpill} (or, with spilling off, reading stops with a typed error). A table loaded
 * from a spill holds a batch of partitions and remembers each row's position in the source.
 */
final class SourceTable {
  private static final int MAX_DISTINCT = 1000;

  final List<Object[]> rows = new ArrayList<>();
  final BitSet matched = new BitSet();
  private final Map<Object, Integer> heads = new HashMap<>();
  private int[] next;
  private final BoundMerge m;
  private long estimatedBytes;
  /** Source positions of the rows when loaded from a spill; null when {@code rows} is the whole source in order. */
  private long[] ordinals;
  private long count;

  SourceTable(BoundMerge m) {
    this.m = m;
  }

  /**
   * Reads the whole source; wraps a failing iterator or a bad row into a {@link MergeSourceException}.
   * Returns null when it fits the budget, else the spill holding every row (this table is then empty);
   * {@code spillDir} null means fail instead of spilling.
   */
  SourceSpill load(MergeSource src, long budgetBytes, java.nio.file.Path spillDir) {
    SourceSpill spill = null;
    RowConformer conformer = new RowConformer(m.source);
    long i = 0;
    try (CloseableIterator<? extends Row> it = src.open()) {
      while (true) {
        Row r;
        try {
          if (!it.hasNext()) {
            break;
          }
          r = conformer.conform(it.next(), i);
        } catch (TidelakeException e) {
          throw new MergeSourceException(src.describe(), i, e.getMessage(), e);
        } catch (RuntimeException e) {
          // an input reader's own message (e.g. a missing file) says it best; a bare exception needs its type
          throw new MergeSourceException(src.describe(), i, e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
        Object[] v = new Object[m.source.size()];
        for (int c = 0; c < v.length; c++) {
          v[c] = r.get(c);
        }
        long size = estimate(v);
        if (spill != null) {
          spill.add(i, v, JoinKeys.key(v, m.sourceKeys), size);
        } else {
          rows.add(v);
          estimatedBytes += size;
          if (((i & 1023) == 0 || estimatedBytes > budgetBytes) && estimatedBytes > budgetBytes) {
            if (spillDir == null) {
              throw new MergeMemoryException(i + 1, estimatedBytes, budgetBytes);
            }
            spill = new SourceSpill(spillDir, m.source);
            for (int j = 0; j < rows.size(); j++) {
              Object[] row = rows.get(j);
              spill.add(j, row, JoinKeys.key(row, m.sourceKeys), estimate(row));
            }
            rows.clear();
            estimatedBytes = 0;
          }
        }
        i++;
      }
      if (spill != null) {
        spill.finish();
      }
    } catch (MergeSourceException | MergeMemoryException e) {
      closeQuietly(spill);
      throw e;
    } catch (io.tidelake.merge.MergeException e) {
      closeQuietly(spill); // the spill itself failed
      throw e;
    } catch (RuntimeException e) {
      closeQuietly(spill);
      throw new MergeSourceException(src.describe(), i, e.toString(), e); // e.g. closing the source failed
    }
    count = i;
    if (spill == null) {
      index();
    }
    return spill;
  }

  private static void closeQuietly(SourceSpill spill) {
    if (spill != null) {
      try {
        spill.close();
      } catch (RuntimeException ignored) {
        // the original failure is the one to report
      }
    }
  }

  /** Adds a row read back from a spill, with its position in the source. */
  void addSpilled(long ordinal, Object[] row) {
    if (ordinals == null) {
      ordinals = new long[16];
    } else if (rows.size() == ordinals.length) {
      ordinals = Arrays.copyOf(ordinals, ordinals.length * 2);
    }
    ordinals[rows.size()] = ordinal;
    rows.add(row);
    estimatedBytes += estimate(row);
  }

  /** The position in the source of held row {@code row}. */
  long position(int row) {
    return ordinals == null ? row : ordinals[row];
  }

  /** How many rows the source had (all of them, also when spilled). */
  long count() {
    return count;
  }

  void index() {
    next = new int[rows.size()];
    Arrays.fill(next, -1);
    for (int i = rows.size() - 1; i >= 0; i--) { // backwards: each chain is in source order
      Object k = JoinKeys.key(rows.get(i), m.sourceKeys);
      if (k != null) {
        Integer head = heads.put(k, i);
        next[i] = head == null ? -1 : head;
      }
    }
  }

  /** The first source row whose key equals {@code key} (then follow {@link #next}); -1 if none. */
  int first(Object key) {
    Integer h = heads.get(key);
    return h == null ? -1 : h;
  }

  int next(int row) {
    return next[row];
  }

  boolean hasKeyedRows() {
    return !heads.isEmpty();
  }

  long estimatedBytes() {
    return estimatedBytes;
  }

  /**
   * A predicate on the target that every target row some source row can match satisfies: per hashed
   * equality on a column of the same type, {@code t.k IN (distinct values)} for a partition column with
   * few values, else {@code t.k BETWEEN min AND max}. TRUE when nothing is known; FALSE when no source
   * row has a non-NULL key (nothing can match).
   */
  Predicate keyRanges(List<String> partitionColumns) {
    if (m.targetKeys.length > 0 && !hasKeyedRows()) {
      return Predicates.alwaysFalse();
    }
    List<Predicate> parts = new ArrayList<>();
    for (int k = 0; k < m.targetKeys.length; k++) {
      int t = m.targetKeys[k];
      int s = m.sourceKeys[k];
      if (!m.target.field(t).type().equals(m.source.field(s).type()) || !rangeable(m.source.field(s).type())) {
        continue;
      }
      String name = m.target.field(t).name();
      boolean partition = partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(name));
      Set<Object> distinct = partition ? new LinkedHashSet<>() : null;
      Object min = null;
      Object max = null;
      for (Object[] r : rows) {
        Object v = r[s];
        if (v == null) {
          continue;
        }
        if (distinct != null && distinct.size() <= MAX_DISTINCT) {
          distinct.add(v);
        }
        if (min == null || compare(v, min) < 0) {
          min = v;
        }
        if (max == null || compare(v, max) > 0) {
          max = v;
        }
      }
      if (min == null) {
        continue;
      }
      if (distinct != null && distinct.size() <= MAX_DISTINCT) {
        parts.add(Predicates.in(name, distinct));
      } else {
        parts.add(Predicates.between(name, min, max));
      }
    }
    return parts.isEmpty() ? Predicates.alwaysTrue() : Predicates.and(parts);
  }

  private static boolean rangeable(io.tidelake.format.types.DataType t) {
    if (t instanceof PrimitiveType p) {
      return p.isIntegral() || p == PrimitiveType.STRING || p == PrimitiveType.DATE || p == PrimitiveType.TIMESTAMP
          || p == PrimitiveType.TIMESTAMP_NTZ;
    }
    return t instanceof io.tidelake.format.types.DecimalType;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  /** Rough heap size of one held row: array, boxes, string and binary payloads, and the index entry. */
  private static long estimate(Object[] v) {
    long n = 16 + 8L * v.length + 48;
    for (Object o : v) {
      if (o == null) {
        continue;
      }
      if (o instanceof String s) {
        n += 48 + 2L * s.length();
      } else if (o instanceof byte[] b) {
        n += 16 + b.length;
      } else if (o instanceof BigDecimal) {
        n += 64;
      } else if (o instanceof Row || o instanceof List || o instanceof Map) {
        n += 256;
      } else {
        n += 24;
      }
    }
    return n;
  }

  StructType schema() {
    return m.source;
  }
}
