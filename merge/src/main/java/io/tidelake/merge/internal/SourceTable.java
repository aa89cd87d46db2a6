package io.tidelake.merge.internal;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.RowConformer;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.types.StructType;
import io.tidelake.merge.MergeMemoryException;
import io.tidelake.merge.MergeSource;
import io.tidelake.merge.MergeSourceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The MERGE source held in memory as the build side of the hash join: its rows (read exactly once, each
 * checked against the source schema), a chained hash index on the ON equalities' source columns (rows
 * with a NULL key are left out: they never match) and which rows found a match. Its size is estimated while reading; once the estimate passes the budget the rows
 * move to a {@link SourceSpill} (or, with spilling off, reading stops with a typed error). A table loaded
 * from a spill holds a batch of partitions and remembers each row's position in the source.
 */
final class SourceTable {
  final List<Object[]> rows = new ArrayList<>();
  final BitSet matched = new BitSet();
  /**
   * The hash index, open addressing: slot i is {@code slots[2i]}, a key hash ({@link JoinKeys#hash}), and
   * {@code slots[2i+1]}, the first row (in source order) of the chain of rows with that hash, -1 when empty
   * (side by side, so a probe costs one cache miss, not two); {@code next} continues each chain.
   */
  private long[] slots;
  private int[] next;
  /**
   * A blocked Bloom filter over the key hashes, 8 bits per row, two bits set per key in one 64-bit word:
   * most target rows of a MERGE match no source row, and this answers "no" for ~95 % of them from a
   * table an eighth of the index's size (cache-resident where the index is not).
   */
  private long[] filter;
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
  SourceSpill load(MergeSource src, long budgetBytes, java.nio.file.Path spillDir, KeyRanges ranges) {
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
        ranges.add(v);
        if (spill != null) {
          spill.add(i, v, partition(v), size);
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
              spill.add(j, row, partition(row), estimate(row));
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
  }

  /** The position in the source of held row {@code row}. */
  long position(int row) {
    return ordinals == null ? row : ordinals[row];
  }

  /** How many rows the source had (all of them, also when spilled). */
  long count() {
    return count;
  }

  /** The spill partition of a source row: by its key's hash; rows with a NULL key (never matched) in 0. */
  private int partition(Object[] row) {
    return JoinKeys.hasNull(row, m.sourceKeys) ? 0 : SourceSpill.partitionOf(JoinKeys.hash(row, m.sourceKeys));
  }

  void index() {
    int n = rows.size();
    int capacity = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1; // at most half full
    slots = new long[2 * capacity];
    for (int i = 1; i < slots.length; i += 2) {
      slots[i] = -1;
    }
    filter = new long[Integer.highestOneBit(Math.max(1, n / 8) * 2 - 1)];
    next = new int[n];
    Arrays.fill(next, -1);
    int mask = capacity - 1;
    for (int i = n - 1; i >= 0; i--) { // backwards: each chain is in source order
      Object[] row = rows.get(i);
      if (JoinKeys.hasNull(row, m.sourceKeys)) {
        continue;
      }
      long h = JoinKeys.hash(row, m.sourceKeys);
      filter[filterWord(h)] |= filterBits(h);
      int slot = (int) h & mask;
      while (slots[2 * slot + 1] >= 0 && slots[2 * slot] != h) {
        slot = (slot + 1) & mask;
      }
      next[i] = (int) slots[2 * slot + 1];
      slots[2 * slot] = h;
      slots[2 * slot + 1] = i;
    }
  }

  /**
   * The filter word of a hash: bits from 24 up, clear of the low bits the index uses and of the high
   * bits that choose the spill partition (all rows of a spill batch share those).
   */
  private int filterWord(long hash) {
    return (int) (hash >>> 24) & (filter.length - 1);
  }

  private static long filterBits(long hash) {
    return (1L << hash) | (1L << (hash >>> 6)); // shifts use the low 6 bits of the distance
  }

  /**
   * The first source row (in source order) whose key hash is {@code hash}, then follow {@link #next}; -1
   * if none. Rows of a chain share the hash, not necessarily the key: callers compare keys with
   * {@link JoinKeys#equal}.
   */
  int first(long hash) {
    long bits = filterBits(hash);
    if ((filter[filterWord(hash)] & bits) != bits) {
      return -1;
    }
    int mask = (slots.length >> 1) - 1;
    int slot = (int) hash & mask;
    long head;
    while ((head = slots[2 * slot + 1]) >= 0) {
      if (slots[2 * slot] == hash) {
        return (int) head;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  int next(int row) {
    return next[row];
  }


  /** Rough heap size of one held row: array, boxes, string and binary payloads, and the index entry. */
  private static long estimate(Object[] v) {
    long n = 16 + 8L * v.length + 64; // + the index: two slots of 16 bytes at most half full, chain, filter
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
