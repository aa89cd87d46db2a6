package io.tidelake.quality;


/**
 * Occurrence counts of long values (open addressing, linear probing): what uniqueness of an integral
 * column needs, at 16 bytes per distinct value instead of a boxed key, a map entry and a counter object.
 * Also remembers each value's first row index, to list repeated values in order of first occurrence.
 */
final class LongCounts {
  private long[] keys = new long[1 << 12];
  private int[] counts = new int[1 << 12];
  private long[] firstRows = new long[1 << 12];
  private int size;

  /** Counts one occurrence of {@code key} at row {@code row}. */
  void add(long key, long row) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int i = slot(key, keys, counts);
    if (counts[i] == 0) {
      keys[i] = key;
      firstRows[i] = row;
      size++;
    }
    counts[i]++;
  }

  private static int slot(long key, long[] keys, int[] counts) {
    int mask = keys.length - 1;
    int i = (int) (mix(key) & mask);
    while (counts[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] k = new long[keys.length * 2];
    int[] c = new int[keys.length * 2];
    long[] f = new long[keys.length * 2];
    for (int i = 0; i < keys.length; i++) {
      if (counts[i] != 0) {
        int j = slot(keys[i], k, c);
        k[j] = keys[i];
        c[j] = counts[i];
        f[j] = firstRows[i];
      }
    }
    keys = k;
    counts = c;
    firstRows = f;
  }

  int distinct() {
    return size;
  }

  /** Calls {@code each} with the index of every slot holding a value seen more than once. */
  void forEachRepeated(java.util.function.IntConsumer each) {
    for (int i = 0; i < keys.length; i++) {
      if (counts[i] > 1) {
        each.accept(i);
      }
    }
  }

  long key(int slot) {
    return keys[slot];
  }

  int count(int slot) {
    return counts[slot];
  }

  long firstRow(int slot) {
    return firstRows[slot];
  }

  /** SplitMix64's finalizer: spreads sequential ids over the table. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
