package io.tidelake.format.dv;

import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.SeekableObject;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Loads the deleted rows a deletion vector descriptor points at (PROTOCOL.md "Deletion Vectors"). The
 * descriptor's fields come from the log; where a relative or absolute DV file lives in the store is
 * resolved by the table layer (it knows the table root and the path rules), so this class only reads.
 *
 * <ul>
 *   <li>{@code i} (inline): {@code pathOrInlineDv} is the Z85 text of the serialized bitmap.
 *   <li>{@code u} (relative) and {@code p} (absolute): the bitmap is stored at {@code offset} in a DV
 *       file as big-endian int32 size, the bitmap bytes, and a big-endian CRC-32 of those bytes. The file
 *       itself starts with a version byte, and may hold the vectors of many data files.
 * </ul>
 *
 * <p>The size in the file, the checksum and the cardinality must all agree with the descriptor: a
 * mismatch means the wrong bytes, and applying those would silently return deleted rows.
 */
public final class DeletionVectors {
  /** Relative DV files are named {@code deletion_vector_<uuid>.bin}, optionally under a random prefix dir. */
  public static final String FILE_PREFIX = "deletion_vector_";

  private DeletionVectors() {}

  /**
   * The path of a {@code u} vector's file relative to the table root: the last 20 characters of
   * {@code pathOrInlineDv} are the Z85 UUID, anything before them is a random prefix directory.
   *
   * @throws IllegalArgumentException when the text is not of that form
   */
  public static String relativeFilePath(String pathOrInlineDv) {
    if (pathOrInlineDv.length() < 20) {
      throw new IllegalArgumentException("a relative deletion vector id has at least 20 characters, got '"
          + pathOrInlineDv + "'");
    }
    int split = pathOrInlineDv.length() - 20;
    UUID uuid = Z85.decodeUuid(pathOrInlineDv.substring(split));
    String prefix = pathOrInlineDv.substring(0, split);
    return (prefix.isEmpty() ? "" : prefix + "/") + FILE_PREFIX + uuid + ".bin";
  }

  /** The deleted rows of an inline ({@code i}) vector. */
  public static DeletedRows readInline(String z85, int sizeInBytes, long cardinality, String dataFile) {
    String where = "inline deletion vector";
    byte[] bytes;
    try {
      bytes = Z85.decode(z85, sizeInBytes);
    } catch (IllegalArgumentException e) {
      throw new CorruptDeletionVectorException(dataFile, where, "the inline bitmap is not valid Z85: "
          + e.getMessage(), e);
    }
    return checked(parse(bytes, 0, bytes.length, dataFile, where), cardinality, dataFile, where);
  }

  /** The deleted rows of a vector stored at {@code offset} of the DV file at {@code location}. */
  public static DeletedRows readFile(ObjectStore store, String location, int offset, int sizeInBytes,
      long cardinality, String dataFile) {
    String where = location + " at offset " + offset;
    if (offset < 1 || sizeInBytes < 12) {
      // byte 0 is the file's format version; a bitmap has at least its magic and bucket count
      throw new CorruptDeletionVectorException(dataFile, where, "the descriptor's offset " + offset
          + " or size " + sizeInBytes + " is impossible", null);
    }
    byte[] block = new byte[sizeInBytes + 8];
    try (SeekableObject in = store.openSeekable(location)) {
      if (in.length() < (long) offset + block.length) {
        throw new CorruptDeletionVectorException(dataFile, where, "the file has only " + in.length()
            + " bytes, the descriptor needs " + ((long) offset + block.length), null);
      }
      in.readFully(offset, block, 0, block.length);
    } catch (ObjectNotFoundException e) {
      // other storage failures may be transient and stay StorageExceptions; a missing file is not
      throw new CorruptDeletionVectorException(dataFile, where, "the deletion vector file does not exist", e);
    }
    ByteBuffer b = ByteBuffer.wrap(block); // big-endian: size and checksum
    int stored = b.getInt();
    if (stored != sizeInBytes) {
      throw new CorruptDeletionVectorException(dataFile, where, "the file stores " + stored
          + " bytes there, the descriptor says " + sizeInBytes, null);
    }
    CRC32 crc = new CRC32();
    crc.update(block, 4, sizeInBytes);
    int checksum = ByteBuffer.wrap(block, 4 + sizeInBytes, 4).getInt();
    if ((int) crc.getValue() != checksum) {
      throw new CorruptDeletionVectorException(dataFile, where, "the CRC-32 checksum does not match", null);
    }
    return checked(parse(block, 4, sizeInBytes, dataFile, where), cardinality, dataFile, where);
  }

  private static DeletedRows parse(byte[] data, int offset, int length, String dataFile, String where) {
    try {
      return DeletedRows.parse(data, offset, length);
    } catch (IllegalArgumentException e) {
      throw new CorruptDeletionVectorException(dataFile, where, e.getMessage(), e);
    }
  }

  private static DeletedRows checked(DeletedRows rows, long cardinality, String dataFile, String where) {
    if (rows.cardinality() != cardinality) {
      throw new CorruptDeletionVectorException(dataFile, where, "the bitmap holds " + rows.cardinality()
          + " rows, the descriptor's cardinality is " + cardinality, null);
    }
    return rows;
  }
}
