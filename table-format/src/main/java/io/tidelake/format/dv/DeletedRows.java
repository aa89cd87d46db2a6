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

  /** The serialized form, magic included: what {@link #parse} reads. */
  public byte[] serialize() {
    int size = 4 + 8;
    for (RoaringBitmap bitmap : buckets.values()) {
      size += 4 + bitmap.serializedSizeInBytes();
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(PORTABLE_MAGIC).putLong(buckets.size());
    for (Map.Entry<Integer, RoaringBitmap> e : buckets.entrySet()) {
      b.putInt(e.getKey());
      e.getValue().serialize(b);
    }
    return b.array();
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
