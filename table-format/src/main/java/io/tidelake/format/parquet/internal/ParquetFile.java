package io.tidelake.format.parquet.internal;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.SeekableObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * One open Parquet file: its {@link ParquetFooter} and, per row group, the pages of the requested
 * columns. Column chunks that lie close together are fetched in one read (one request on an object
 * store); chunks of columns not requested are never read.
 */
public final class ParquetFile implements AutoCloseable {
  /** Chunks separated by at most this many unrequested bytes are fetched in one read. */
  private static final long MERGE_GAP = 1 << 20;

  private final String path;
  private final SeekableObject obj;
  private final ParquetFooter footer;

  private ParquetFile(String path, SeekableObject obj, ParquetFooter footer) {
    this.path = path;
    this.obj = obj;
    this.footer = footer;
  }

  /**
   * Opens {@code path} and reads its footer.
   *
   * @throws io.tidelake.format.parquet.CorruptDataFileException when it is not a readable Parquet file
   */
  public static ParquetFile open(ObjectStore store, String path) {
    return open(store, path, -1);
  }

  /** The smallest Parquet file: "PAR1", a 4-byte footer length, "PAR1". */
  static final long MIN_FILE_SIZE = 12;

  /**
   * As above, checking first that the file has the length the table's log recorded for it (the add
   * action's {@code size}): a truncated, extended or replaced file is refused before anything is decoded.
   * The length comes from the open object (no extra request).
   *
   * @param expectedSize the recorded size in bytes, or -1 when there is none to check
   */
  public static ParquetFile open(ObjectStore store, String path, long expectedSize) {
    if (expectedSize != -1 && expectedSize < MIN_FILE_SIZE) {
      throw new io.tidelake.format.parquet.CorruptDataFileException(path, "the table's log records a size of "
          + expectedSize + " bytes for it, which no Parquet file can have (the smallest is " + MIN_FILE_SIZE
          + " bytes); the add action is damaged", null);
    }
    SeekableObject obj = store.openSeekable(path);
    try {
      if (expectedSize != -1 && obj.length() != expectedSize) {
        throw new io.tidelake.format.parquet.CorruptDataFileException(path, "it is " + obj.length()
            + " bytes long but the table's log recorded " + expectedSize + " bytes (add.size) when it was added;"
            + " it was truncated, extended or replaced since", null);
      }
      return new ParquetFile(path, obj, ParquetFooter.read(obj));
    } catch (TidelakeException e) {
      ParquetFiles.closeQuietly(obj);
      throw e;
    } catch (IOException | RuntimeException e) {
      ParquetFiles.closeQuietly(obj);
      throw ParquetFiles.corrupt(path, e);
    } catch (Error e) {
      ParquetFiles.closeQuietly(obj);
      throw e;
    }
  }

  /** Only the footer of {@code path}. */
  public static ParquetFooter readFooter(ObjectStore store, String path) {
    try (ParquetFile f = open(store, path)) {
      return f.footer();
    }
  }

  public ParquetFooter footer() {
    return footer;
  }

  /** Rows in row group {@code group}. */
  public long rowGroupRowCount(int group) {
    return footer.rowGroups().get(group).getNum_rows();
  }

  public int rowGroupCount() {
    return footer.rowGroups().size();
  }

  /**
   * The pages of row group {@code index} for the leaf columns of {@code requested} (a projection of the
   * file schema).
   *
   * @throws IOException when the footer's chunk offsets do not fit the file, or a read fails
   */
  PageReadStore readRowGroup(int index, MessageType requested) throws IOException {
    return readRowGroup(index, requested, null);
  }

  /**
   * As above, decoding only the pages that hold rows in {@code rows} (null: all rows). The page reads
   * then carry their first row index, and parquet-mr's column readers skip the values of rows outside
   * {@code rows} in pages that hold both. Falls back to every row when a requested column has no offset
   * index.
   */
  PageReadStore readRowGroup(int index, MessageType requested, RowRanges rows) throws IOException {
    RowGroup group = footer.rowGroups().get(index);
    Map<List<String>, ColumnChunk> byPath = new HashMap<>();
    for (ColumnChunk c : group.getColumns()) {
      if (c.getMeta_data() == null) {
        throw new IOException("row group " + index + " has a column chunk without metadata");
      }
      byPath.put(c.getMeta_data().getPath_in_schema(), c);
    }
    List<Part> parts = new ArrayList<>();
    for (ColumnDescriptor d : requested.getColumns()) {
      ColumnChunk c = byPath.get(Arrays.asList(d.getPath()));
      if (c == null) {
        throw new IOException("row group " + index + " has no column chunk for " + String.join(".", d.getPath()));
      }
      ColumnMetaData m = c.getMeta_data();
      long start = ParquetFooter.chunkStart(m);
      long size = m.getTotal_compressed_size();
      if (start < 4 || size < 0 || start + size > obj.length() - 8 || size > Integer.MAX_VALUE - 16) {
        throw new IOException("column chunk " + String.join(".", d.getPath()) + " of row group " + index
            + " (offset " + start + ", " + size + " bytes) does not fit a file of " + obj.length() + " bytes");
      }
      parts.add(new Part(d, m, start, (int) size));
    }
    Map<ColumnDescriptor, ColumnChunkPages.Selection> selections = new HashMap<>();
    if (rows != null) {
      for (Part p : parts) {
        ColumnChunkPages.Selection sel = selection(byPath.get(Arrays.asList(p.column.getPath())), p.start, p.size,
            rows, group.getNum_rows());
        if (sel == null) {
          rows = null; // a requested column's offset index is unusable: read the whole row group
          selections.clear();
          break;
        }
        selections.put(p.column, sel);
      }
    }
    Map<ColumnDescriptor, PageReader> readers = new HashMap<>();
    boolean verify = verifyChecksums();
    parts.sort(Comparator.comparingLong(p -> p.start));
    int i = 0;
    while (i < parts.size()) {
      // one read for a run of chunks with small gaps between them
      int j = i + 1;
      long runEnd = parts.get(i).start + parts.get(i).size;
      while (j < parts.size() && parts.get(j).start - runEnd <= MERGE_GAP
          && Math.max(runEnd, parts.get(j).start + parts.get(j).size) - parts.get(i).start < Integer.MAX_VALUE - 16) {
        runEnd = Math.max(runEnd, parts.get(j).start + parts.get(j).size);
        j++;
      }
      long runStart = parts.get(i).start;
      byte[] buf = new byte[(int) (runEnd - runStart)];
      obj.readFully(runStart, buf, 0, buf.length);
      for (int k = i; k < j; k++) {
        Part p = parts.get(k);
        CompressionCodecName codec = Codecs.checkSupported(CompressionCodecName.fromParquet(p.meta.getCodec()));
        int offset = (int) (p.start - runStart);
        readers.put(p.column, new ColumnChunkPages(buf, offset, p.size, codec, p.meta.getNum_values(),
            selections.get(p.column), path, String.join(".", p.column.getPath()), p.start, verify));
      }
      i = j;
    }
    long rowCount = rows == null ? group.getNum_rows() : rows.rowCount();
    RowRanges selected = rows;
    return new PageReadStore() {
      @Override
      public PageReader getPageReader(ColumnDescriptor column) {
        PageReader r = readers.get(column);
        if (r == null) {
          throw new IllegalArgumentException("column " + Arrays.toString(column.getPath()) + " was not requested");
        }
        return r;
      }

      @Override
      public long getRowCount() {
        return rowCount;
      }

      @Override
      public java.util.Optional<java.util.PrimitiveIterator.OfLong> getRowIndexes() {
        return selected == null ? java.util.Optional.empty() : java.util.Optional.of(selected.iterator());
      }
    };
  }

  /**
   * The data pages of a chunk that hold rows in {@code rows}, from its offset index; null when the index
   * is missing, unreadable or inconsistent (pages outside the chunk, rows not starting at 0 or not
   * increasing), which costs only the skipping.
   */
  private ColumnChunkPages.Selection selection(ColumnChunk chunk, long chunkStart, int chunkSize, RowRanges rows,
      long groupRows) {
    List<org.apache.parquet.format.PageLocation> pages;
    try {
      pages = offsetIndex(chunk).getPage_locations();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (pages == null || pages.isEmpty() || !PageIndexFilter.validRowStarts(pages, groupRows)) {
      return null;
    }
    List<long[]> chosen = new ArrayList<>(); // offset in chunk, first row, row count
    for (int i = 0; i < pages.size(); i++) {
      long first = pages.get(i).getFirst_row_index();
      long last = (i + 1 < pages.size() ? pages.get(i + 1).getFirst_row_index() : groupRows) - 1;
      long at = pages.get(i).getOffset() - chunkStart;
      if (at < 0 || at >= chunkSize) {
        return null;
      }
      if (rows.overlaps(first, last)) {
        chosen.add(new long[] {at, first, last - first + 1});
      }
    }
    int[] at = new int[chosen.size()];
    long[] firstRows = new long[chosen.size()];
    int[] rowCounts = new int[chosen.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = (int) chosen.get(i)[0];
      firstRows[i] = chosen.get(i)[1];
      rowCounts[i] = (int) Math.min(Integer.MAX_VALUE, chosen.get(i)[2]);
    }
    return new ColumnChunkPages.Selection(at, firstRows, rowCounts);
  }

  /** Offset indexes read so far, by their file offset: the page filter and the page selection share them. */
  private final Map<Long, org.apache.parquet.format.OffsetIndex> offsetIndexes = new HashMap<>();

  /** The chunk's offset index (page locations and first rows), read once per file. */
  org.apache.parquet.format.OffsetIndex offsetIndex(ColumnChunk chunk) throws IOException {
    if (!chunk.isSetOffset_index_offset()) {
      throw new IOException("the column chunk has no offset index");
    }
    org.apache.parquet.format.OffsetIndex oi = offsetIndexes.get(chunk.getOffset_index_offset());
    if (oi == null) {
      oi = org.apache.parquet.format.Util.readOffsetIndex(new java.io.ByteArrayInputStream(
          read(chunk.getOffset_index_offset(), chunk.getOffset_index_length())));
      offsetIndexes.put(chunk.getOffset_index_offset(), oi);
    }
    return oi;
  }

  /** {@code length} bytes at {@code offset} (page indexes, which live outside the column chunks). */
  byte[] read(long offset, int length) throws IOException {
    if (offset < 4 || length < 0 || offset + length > obj.length() - 8) {
      throw new IOException("an index at " + offset + " (" + length + " bytes) does not fit the file");
    }
    byte[] b = new byte[length];
    obj.readFully(offset, b, 0, length);
    return b;
  }

  /**
   * Whether page CRCs are verified: yes unless {@code DataFileReader.VERIFY_CHECKSUMS_PROPERTY} is
   * {@code false}. Read per row group, so a benchmark can compare both in one process.
   */
  static boolean verifyChecksums() {
    return !"false".equalsIgnoreCase(System.getProperty(
        io.tidelake.format.parquet.DataFileReader.VERIFY_CHECKSUMS_PROPERTY));
  }

  private record Part(ColumnDescriptor column, ColumnMetaData meta, long start, int size) {}

  public String path() {
    return path;
  }

  @Override
  public void close() {
    obj.close();
  }
}
