package io.tidelake.format.dv;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.StorageException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Writes deletion vectors into one new DV file under the table root, in the protocol's format: a version
 * byte {@code 1}, then per vector a big-endian int32 size, the serialized bitmap and a big-endian CRC-32 of
 * the bitmap bytes. Many data files' vectors share one file (one PUT per commit, as delta-spark packs
 * them). The file name {@code deletion_vector_<uuid>.bin} is new, so it never overwrites anything;
 * until a commit references it, it is an orphan that vacuum removes.
 */
public final class DeletionVectorWriter {
  private final ObjectStore store;
  private final String tableRoot;
  private final List<DeletedRows> pending = new ArrayList<>();

  public DeletionVectorWriter(ObjectStore store, String tableRoot) {
    this.store = store;
    this.tableRoot = tableRoot;
  }

  /**
   * Where one vector was stored: the fields of a {@code storageType "u"} descriptor.
   *
   * @param pathOrInlineDv the Z85-encoded UUID of the file (20 characters, no prefix)
   * @param offset the position of the vector's size field in the file
   * @param sizeInBytes the serialized bitmap's length (magic included, size and CRC excluded)
   * @param cardinality how many rows it deletes
   * @param location the file's location in the store (to delete it if the commit fails)
   */
  public record Stored(String pathOrInlineDv, int offset, int sizeInBytes, long cardinality, String location) {}

  /** Queues a vector; returns its index in {@link #write()}'s result. Empty vectors are refused. */
  public int add(DeletedRows rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("A deletion vector must delete at least one row; write no vector instead");
    }
    pending.add(rows);
    return pending.size() - 1;
  }

  public boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Writes every queued vector into one new file; an empty list when none was queued. */
  public List<Stored> write() {
    if (pending.isEmpty()) {
      return List.of();
    }
    UUID uuid = UUID.randomUUID();
    String relative = DeletionVectors.FILE_PREFIX + uuid + ".bin";
    String location = store.resolve(tableRoot, relative);
    String id = Z85.encodeUuid(uuid);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1); // format version
    List<Stored> stored = new ArrayList<>(pending.size());
    for (DeletedRows rows : pending) {
      byte[] bitmap = rows.serialize();
      if (out.size() > Integer.MAX_VALUE - bitmap.length - 8) {
        throw new IllegalStateException("Deletion vector file would exceed 2 GiB; offsets are int32");
      }
      int offset = out.size();
      CRC32 crc = new CRC32();
      crc.update(bitmap);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bitmap.length).array());
      out.writeBytes(bitmap);
      out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
      stored.add(new Stored(id, offset, bitmap.length, rows.cardinality(), location));
    }
    try {
      if (!store.putIfAbsent(location, out.toByteArray())) {
        throw new StorageException("Deletion vector file " + location + " already exists (UUID collision?); "
            + "nothing was committed, retry the operation.", null);
      }
    } catch (RuntimeException e) {
      if (e instanceof StorageException) {
        throw e;
      }
      throw new StorageException("Cannot write deletion vector file " + location + ": " + e.getMessage(), e);
    }
    pending.clear();
    return stored;
  }
}
