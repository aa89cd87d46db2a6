package io.tidelake.format.parquet.internal;

import io.tidelake.format.store.SeekableObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file's footer, read straight from the Thrift structures of parquet-format.
 *
 * <p>Why not parquet-mr's {@code ParquetFileReader}: its footer type ({@code ParquetMetadata}) creates a
 * Jackson {@code ObjectMapper} in its static initializer, loading ~370 shaded Jackson classes (125-160 ms
 * of a cold process on this project's 2-core machines) to support a {@code toJSON} nobody calls. Reading a
 * table's snapshot from its checkpoint in a new process (every CLI command, every short job) paid that
 * first. The Thrift footer carries everything reading needs: the schema, the row groups and each column
 * chunk's offsets, sizes, codec and null-count statistics.
 */
public final class ParquetFooter {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);
  /** Read in one request: the footer of most files (a checkpoint's is a few KiB) fits. */
  private static final int TAIL = 64 * 1024;
  /** Far above real footers (a checkpoint of a million files has a few MiB): a larger length is damage. */
  private static final int MAX_FOOTER = 256 << 20;

  private final FileMetaData meta;
  private final MessageType schema;

  private ParquetFooter(FileMetaData meta, MessageType schema) {
    this.meta = meta;
    this.schema = schema;
  }

  /**
   * Reads the footer of {@code obj}.
   *
   * @throws IOException when the object is not Parquet (no magic, impossible footer length) or the footer
   *     does not decode; the caller names the file
   */
  static ParquetFooter read(SeekableObject obj) throws IOException {
    long length = obj.length();
    if (length < 12) { // "PAR1" + footer length + "PAR1"
      throw new IOException("it is " + length + " bytes long, too short for Parquet");
    }
    int tailLen = (int) Math.min(length, TAIL);
    byte[] tail = new byte[tailLen];
    obj.readFully(length - tailLen, tail, 0, tailLen);
    if (endsWith(tail, ENCRYPTED_MAGIC)) {
      throw new IOException("it is an encrypted Parquet file (modular encryption), which Tidelake cannot read");
    }
    if (!endsWith(tail, MAGIC)) {
      throw new IOException("it does not end with the Parquet magic bytes PAR1 (truncated, or not Parquet)");
    }
    int footerLen = (tail[tailLen - 8] & 0xFF) | (tail[tailLen - 7] & 0xFF) << 8 | (tail[tailLen - 6] & 0xFF) << 16
        | (tail[tailLen - 5] & 0xFF) << 24;
    if (footerLen <= 0 || footerLen > length - 12) {
      throw new IOException("its footer length " + footerLen + " does not fit a file of " + length + " bytes");
    }
    if (footerLen > MAX_FOOTER) {
      throw new IOException("its footer length " + footerLen + " exceeds " + MAX_FOOTER + " bytes (a damaged length?)");
    }
    byte[] footer;
    int offset;
    if ((long) footerLen + 8 <= tailLen) {
      footer = tail;
      offset = tailLen - 8 - footerLen;
    } else {
      footer = new byte[footerLen];
      offset = 0;
      obj.readFully(length - 8 - footerLen, footer, 0, footerLen);
    }
    FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(footer, offset, footerLen));
    if (meta.isSetEncryption_algorithm()) {
      throw new IOException("it has encrypted columns (Parquet modular encryption), which Tidelake cannot read");
    }
    return new ParquetFooter(meta, ThriftSchemas.messageType(meta.getSchema(), meta.getColumn_orders()));
  }

  private static boolean endsWith(byte[] b, byte[] suffix) {
    for (int i = 0; i < suffix.length; i++) {
      if (b[b.length - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The file's schema, as parquet-mr would build it from the same footer. */
  public MessageType schema() {
    return schema;
  }

  /** The writer's {@code created_by}, which parquet-mr uses to work around old writers' bugs; may be null. */
  public String createdBy() {
    return meta.getCreated_by();
  }

  public List<RowGroup> rowGroups() {
    return meta.getRow_groups();
  }

  /** Rows in all row groups. */
  public long rowCount() {
    long n = 0;
    for (RowGroup g : meta.getRow_groups()) {
      n += g.getNum_rows();
    }
    return n;
  }

  /**
   * Where a column chunk's first page starts: its dictionary page when it has one. Some writers set
   * {@code dictionary_page_offset} to 0 when there is none, so only an offset before the first data page
   * counts.
   */
  static long chunkStart(ColumnMetaData m) {
    long data = m.getData_page_offset();
    if (m.isSetDictionary_page_offset()) {
      long dict = m.getDictionary_page_offset();
      if (dict > 0 && dict < data) {
        return dict;
      }
    }
    return data;
  }

  /** True when the chunk's statistics prove every value null. */
  static boolean allNull(ColumnChunk c) {
    ColumnMetaData m = c.getMeta_data();
    return m != null && m.isSetStatistics() && m.getStatistics().isSetNull_count()
        && m.getStatistics().getNull_count() == m.getNum_values();
  }
}
