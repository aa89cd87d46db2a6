package io.tidelake.format.dv;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The set of deleted row indexes of one data file: the decoded bitmap of a deletion vector. A row index
 * is the row's 0-based physical position in the Parquet file, counted across row groups.
 *
 * <p>Serialized form (PROTOCOL.md "Deletion Vector Format", all little-endian): int32 magic
 * {@value #PORTABLE_MAGIC}, then the 64-bit RoaringBitmap "portable" format: int64 number of buckets,
 * and per bucket an int32 key (the high 32 bits of the row indexes in it) followed by a standard 32-bit
 * Roaring bitmap of the low 32 bits. Immutable.
 */
public final class DeletedRows {
  /** The magic of the portable format, the only one the protocol defines. */
  public static final int PORTABLE_MAGIC = 1681511377;
  /** delta-spark's "native" format, never written to tables; recognised only to name it in the error. */
  private static final int NATIVE_MAGIC = 1681511376;

  private static final DeletedRows NONE = new DeletedRows(new TreeMap<>());

  private final TreeMap<Integer, RoaringBitmap> buckets; // high 32 bits → low 32 bits (unsigned)
  private final long cardinality;

  private DeletedRows(TreeMap<Integer, RoaringBitmap> buckets) {
    this.buckets = buckets;
    long n = 0;
    for (RoaringBitmap b : buckets.values()) {
      n += b.getLongCardinality();
    }
    this.cardinality = n;
  }

  public static DeletedRows none() {
    return NONE;
  }

  /** A set of the given row indexes (tests, and writers of deletion vectors). */
  public static DeletedRows of(long... rowIndexes) {
    TreeMap<Integer, RoaringBitmap> buckets = new TreeMap<>();
    for (long r : rowIndexes) {
      if (r < 0) {
        throw new IllegalArgumentException("Row indexes are not negative, got " + r);
      }
      buckets.computeIfAbsent((int) (r >>> 32), k -> new RoaringBitmap()).add((int) r);
    }
    buckets.values().forEach(RoaringBitmap::runOptimize); // before publishing: the set is immutable afterwards
    return new DeletedRows(buckets);
  }

  /**
   * Decodes a serialized bitmap (magic included).
   *
   * @throws IllegalArgumentException when the bytes are not a deletion vector bitmap; the caller knows
   *     where they came from and turns this into a {@link CorruptDeletionVectorException}
   */
  public static DeletedRows parse(byte[] data, int offset, int length) {
    ByteBuffer b = ByteBuffer.wrap(data, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    try {
      int magic = b.getInt();
      if (magic == NATIVE_MAGIC) {
        throw new IllegalArgumentException("the bitmap is in delta-spark's internal 'native' format (magic "
            + NATIVE_MAGIC + "), which the protocol does not allow in tables");
      }
      if (magic != PORTABLE_MAGIC) {
        throw new IllegalArgumentException("the bitmap starts with " + magic + ", not the magic number "
            + PORTABLE_MAGIC);
      }
      long count = b.getLong();
      if (count < 0 || count > b.remaining() / 8 + 1) {
        throw new IllegalArgumentException("the bitmap claims " + count + " buckets in " + length + " bytes");
      }
      TreeMap<Integer, RoaringBitmap> buckets = new TreeMap<>();
      int previous = -1;
      for (long i = 0; i < count; i++) {
        int key = b.getInt();
        if (key < 0 || key <= previous) {
          // row indexes are non-negative longs, and buckets come in increasing key order
          throw new IllegalArgumentException("bucket " + i + " has key " + key + " after key " + previous);
        }
        previous = key;
        RoaringBitmap bitmap = new RoaringBitmap();
        bitmap.deserialize(b.slice().order(ByteOrder.LITTLE_ENDIAN));
        b.position(b.position() + bitmap.serializedSizeInBytes());
        if (!bitmap.isEmpty()) {
          buckets.put(key, bitmap);
        }
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " bytes follow the last bucket");
      }
      return new DeletedRows(buckets);
    } catch (BufferUnderflowException | IndexOutOfBoundsException | IOException e) {
      throw new IllegalArgumentException("the bitmap is truncated (" + length + " bytes)", e);
    }
  }

  /**
   * The serialized form, magic included: what {@link #parse} reads. Like delta-spark, every bucket key
   * from 0 to the largest is written (empty buckets included), so readers that index buckets by position
   * read it too.
   */
  public byte[] serialize() {
    int maxKey = buckets.isEmpty() ? -1 : buckets.lastKey();
    RoaringBitmap empty = new RoaringBitmap();
    int size = 4 + 8;
    for (int k = 0; k <= maxKey; k++) {
      size += 4 + buckets.getOrDefault(k, empty).serializedSizeInBytes();
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(PORTABLE_MAGIC).putLong(maxKey + 1L);
    for (int k = 0; k <= maxKey; k++) {
      b.putInt(k);
      buckets.getOrDefault(k, empty).serialize(b);
    }
    return b.array();
  }

  /** The rows deleted by either set: how a new deletion vector extends the old one. */
  public DeletedRows union(DeletedRows other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    TreeMap<Integer, RoaringBitmap> merged = new TreeMap<>();
    buckets.forEach((k, v) -> merged.put(k, v.clone()));
    other.buckets.forEach((k, v) -> merged.merge(k, v, (a, b) -> RoaringBitmap.or(a, b)));
    return new DeletedRows(merged);
  }

  /** The rows in this set but not in {@code other} (what a new deletion vector adds to an old one). */
  public DeletedRows minus(DeletedRows other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    TreeMap<Integer, RoaringBitmap> out = new TreeMap<>();
    buckets.forEach((k, v) -> {
      RoaringBitmap o = other.buckets.get(k);
      RoaringBitmap r = o == null ? v : RoaringBitmap.andNot(v, o);
      if (!r.isEmpty()) {
        out.put(k, r);
      }
    });
    return new DeletedRows(out);
  }

  /** The deleted row indexes in ascending order. */
  public java.util.PrimitiveIterator.OfLong iterator() {
    java.util.Iterator<Map.Entry<Integer, RoaringBitmap>> groups = buckets.entrySet().iterator();
    return new java.util.PrimitiveIterator.OfLong() {
      private long high;
      private org.roaringbitmap.IntIterator low;

      @Override
      public boolean hasNext() {
        while ((low == null || !low.hasNext()) && groups.hasNext()) {
          Map.Entry<Integer, RoaringBitmap> e = groups.next();
          high = ((long) e.getKey()) << 32;
          low = e.getValue().getIntIterator();
        }
        return low != null && low.hasNext();
      }

      @Override
      public long nextLong() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return high | (low.next() & 0xFFFF_FFFFL);
      }
    };
  }

  /** The largest deleted row index, or -1 when none is. */
  public long maxRowIndex() {
    if (buckets.isEmpty()) {
      return -1;
    }
    Map.Entry<Integer, RoaringBitmap> last = buckets.lastEntry();
    return (((long) last.getKey()) << 32) | (last.getValue().last() & 0xFFFF_FFFFL);
  }

  /** Collects row indexes in any order into an immutable set. Not thread-safe. */
  public static Builder builder() {
    return new Builder();
  }

  /** A mutable accumulator of deleted row indexes. */
  public static final class Builder {
    private final TreeMap<Integer, RoaringBitmap> buckets = new TreeMap<>();
    private int lastKey = -1;
    private RoaringBitmap last;

    public Builder add(long rowIndex) {
      if (rowIndex < 0) {
        throw new IllegalArgumentException("Row indexes are not negative, got " + rowIndex);
      }
      int key = (int) (rowIndex >>> 32);
      if (last == null || key != lastKey) {
        last = buckets.computeIfAbsent(key, k -> new RoaringBitmap());
        lastKey = key;
      }
      last.add((int) rowIndex);
      return this;
    }

    public boolean isEmpty() {
      return buckets.isEmpty();
    }

    public DeletedRows build() {
      TreeMap<Integer, RoaringBitmap> copy = new TreeMap<>();
      buckets.forEach((k, v) -> {
        RoaringBitmap c = v.clone();
        c.runOptimize();
        copy.put(k, c);
      });
      return new DeletedRows(copy);
    }
  }

  public boolean contains(long rowIndex) {
    RoaringBitmap bitmap = buckets.get((int) (rowIndex >>> 32));
    return bitmap != null && bitmap.contains((int) rowIndex);
  }

  /** How many rows are deleted. */
  public long cardinality() {
    return cardinality;
  }

  public boolean isEmpty() {
    return cardinality == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeletedRows d && buckets.equals(d.buckets);
  }

  @Override
  public int hashCode() {
    return buckets.hashCode();
  }

  @Override
  public String toString() {
    return "DeletedRows{" + cardinality + " rows}";
  }
}
