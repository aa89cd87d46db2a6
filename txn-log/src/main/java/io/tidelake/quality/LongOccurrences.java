package io.tidelake.quality;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link Occurrences} of long keys (integral columns), without a hash table: keys and their rows are
 * appended to two arrays (sequential writes, 16 bytes a key) and sorted once at the end by a stable radix
 * sort, so equal keys end up adjacent with their rows ascending. Keys that arrive strictly ascending (ids,
 * sequence numbers: the usual case for a column expected to be unique) need no sort at all. Beyond the
 * budget (32 bytes a key: the arrays and the sort's scratch copies) the arrays are spilled as a sorted run.
 */
final class LongOccurrences extends Occurrences {
  private static final int MIN_CAPACITY = 1 << 12;
  private final int maxKeys;
  private long[] keys = new long[MIN_CAPACITY];
  private long[] rows = new long[MIN_CAPACITY];
  private int size;
  private boolean ascending = true;

  LongOccurrences(long budget, Path spillDir) {
    super(budget, spillDir);
    this.maxKeys = (int) Math.max(16, Math.min(Integer.MAX_VALUE - 8, budget / 32));
  }

  @Override
  void add(Object key, long row) {
    addLong(((Number) key).longValue(), row);
  }

  void addLong(long key, long row) {
    if (size == keys.length) {
      makeRoom();
    }
    if (size > 0 && key <= keys[size - 1]) {
      ascending = false;
    }
    keys[size] = key;
    rows[size] = row;
    size++;
  }

  private void makeRoom() {
    if (keys.length < maxKeys) {
      int n = (int) Math.min(maxKeys, 2L * keys.length);
      keys = Arrays.copyOf(keys, n);
      rows = Arrays.copyOf(rows, n);
      return;
    }
    try {
      spill();
    } catch (IOException e) {
      throw spillFailed(e);
    }
  }

  /** Writes the keys in memory as one sorted run and empties the arrays. */
  private void spill() throws IOException {
    try (SpillRuns.Writer w = new SpillRuns.Writer(newRun())) {
      sortAndGroup((key, count, first) -> w.write(encode(key), count, first));
    }
    size = 0;
    ascending = true;
  }

  /** Receives one group of equal keys. */
  private interface Group {
    void accept(long key, long count, long firstRow) throws IOException;
  }

  private void sortAndGroup(Group g) throws IOException {
    if (!ascending) {
      sortPairs(keys, rows, size);
    }
    int i = 0;
    while (i < size) {
      int j = i + 1;
      while (j < size && keys[j] == keys[i]) {
        j++;
      }
      g.accept(keys[i], j - i, rows[i]);
      i = j;
    }
  }

  @Override
  void summarise(Tally t) throws IOException {
    if (runs.isEmpty()) {
      if (ascending) {
        t.addSingles(size); // strictly ascending: every key distinct
      } else {
        sortAndGroup((key, count, first) -> t.add(count, first, () -> key));
      }
      return;
    }
    if (size > 0) {
      spill();
    }
    SpillRuns.merge(runs, this::newRun, (key, count, first) -> t.add(count, first, () -> decode(key)));
  }

  /** Big-endian with the sign bit flipped: unsigned byte order is the keys' numeric order. */
  static byte[] encode(long key) {
    long k = key ^ Long.MIN_VALUE;
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) k;
      k >>>= 8;
    }
    return b;
  }

  static long decode(byte[] b) {
    long k = 0;
    for (int i = 0; i < 8; i++) {
      k = (k << 8) | (b[i] & 0xFF);
    }
    return k ^ Long.MIN_VALUE;
  }

  /**
   * Sorts {@code keys[0, n)} ascending, moving {@code rows} along; stable (LSD radix, a byte a pass), so
   * equal keys keep their rows in arrival order. Passes over a byte that every key shares are skipped.
   */
  static void sortPairs(long[] keys, long[] rows, int n) {
    int[][] counts = new int[8][257];
    for (int i = 0; i < n; i++) {
      long k = keys[i] ^ Long.MIN_VALUE;
      for (int p = 0; p < 8; p++) {
        counts[p][(int) ((k >>> (8 * p)) & 0xFF) + 1]++;
      }
    }
    long[] k1 = keys;
    long[] r1 = rows;
    long[] k2 = null;
    long[] r2 = null;
    for (int p = 0; p < 8; p++) {
      int[] c = counts[p];
      boolean trivial = false;
      for (int b = 1; b <= 256; b++) {
        if (c[b] == n) {
          trivial = true;
          break;
        }
      }
      if (trivial) {
        continue;
      }
      if (k2 == null) {
        k2 = new long[n];
        r2 = new long[n];
      }
      for (int b = 0; b < 256; b++) {
        c[b + 1] += c[b];
      }
      int shift = 8 * p;
      for (int i = 0; i < n; i++) {
        int at = c[(int) (((k1[i] ^ Long.MIN_VALUE) >>> shift) & 0xFF)]++;
        k2[at] = k1[i];
        r2[at] = r1[i];
      }
      long[] t = k1;
      k1 = k2;
      k2 = t;
      t = r1;
      r1 = r2;
      r2 = t;
    }
    if (k1 != keys) {
      System.arraycopy(k1, 0, keys, 0, n);
      System.arraycopy(r1, 0, rows, 0, n);
    }
  }
}
