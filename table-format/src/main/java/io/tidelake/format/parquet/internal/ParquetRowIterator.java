package io.tidelake.format.parquet.internal;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.ObjectStore;
import java.io.IOException;
import java.util.NoSuchElementException;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Iterates the rows of one file, row group by row group, reading only the requested column chunks. This
 * is what parquet-mr's ParquetReader does internally, minus the Hadoop plumbing and parquet-mr's footer
 * classes (see {@link ParquetFooter} for why), and with one footer read that also serves files none of
 * whose columns are requested (rows of constants, e.g. only partition columns). Failures while decoding
 * become {@link io.tidelake.format.parquet.CorruptDataFileException}.
 */
public final class ParquetRowIterator implements io.tidelake.format.parquet.PositionedRowIterator {
  private final String path;
  private final ParquetFile reader;
  private final MessageType requested;
  private final MessageType fileSchema;
  private final PageIndexFilter pageFilter;
  private int nextGroup;
  private final MessageColumnIO columnIO;
  private final RecordMaterializer<Row> materializer;
  private final RowReadSupport support;
  private RecordReader<Row> records;
  private long leftInGroup;
  private long constantRowsLeft; // when no column is read from the file
  private boolean closed;
  /** Physical index of the first row of the next row group to load (skipped groups counted too). */
  private long nextGroupFirstRow;
  private long groupFirstRow;
  private long positionInGroup;
  /** Row-group-relative indexes of the rows read when pages were skipped; null when every row is read. */
  private java.util.PrimitiveIterator.OfLong groupRowIndexes;
  private long lastRowIndex = -1;
  /** Only these row indexes are wanted (others are skipped unassembled); null for all. */
  private java.util.PrimitiveIterator.OfLong onlyRows;
  private long nextOnlyRow = Long.MAX_VALUE;
  /** The wanted rows of the current row group (relative to it), when {@link #onlyRows} is set. */
  private long[] wantedInGroup;
  private int wantedPosition;

  private ParquetRowIterator(String path, ParquetFile reader,
      java.util.function.Function<MessageType, RowReadSupport> supportForFile, boolean sparse,
      PageIndexFilter pageFilter) {
    this.path = path;
    this.reader = reader;
    this.pageFilter = pageFilter;
    MessageType file = reader.footer().schema();
    this.fileSchema = file;
    this.support = supportForFile.apply(file);
    if (sparse) {
      file = AllNullColumns.prune(file, reader.footer()); // all-null chunks are then never read
    }
    this.requested = support.requestedSchema(file);
    if (requested.getFieldCount() == 0) {
      this.columnIO = null;
      this.materializer = null;
      this.constantRowsLeft = reader.footer().rowCount();
    } else {
      this.columnIO = new ColumnIOFactory(reader.footer().createdBy())
          .getColumnIO(requested, file, true);
      this.materializer = support.materializer(file);
    }
  }

  public static ParquetRowIterator open(ObjectStore store, String path, RowReadSupport support) {
    return open(store, path, support, false);
  }

  /**
   * @param sparse skip columns the footer proves all-null (see {@link AllNullColumns}: a struct whose
   *     fields are all null then reads as null), for Delta checkpoints
   */
  public static ParquetRowIterator open(ObjectStore store, String path, RowReadSupport support, boolean sparse) {
    return open(store, path, file -> support, sparse);
  }

  /**
   * As above, with the read support chosen from the file's own schema (read from the footer this
   * iterator reads anyway), for files whose requested columns depend on what they contain.
   */
  public static ParquetRowIterator open(ObjectStore store, String path,
      java.util.function.Function<MessageType, RowReadSupport> supportForFile, boolean sparse) {
    return open(store, path, supportForFile, sparse, null);
  }

  /**
   * As above; with {@code pageFilter}, pages whose index bounds rule out its predicate are not decoded
   * (rows outside them are not returned: the caller must filter rows by the same predicate anyway).
   */
  public static ParquetRowIterator open(ObjectStore store, String path, RowReadSupport support,
      PageIndexFilter pageFilter) {
    return open(store, path, file -> support, false, pageFilter, -1);
  }

  /**
   * As above (a null {@code pageFilter} reads every row), refusing a file whose length is not
   * {@code expectedSize} (see {@link ParquetFile#open(ObjectStore, String, long)}; -1: not checked).
   */
  public static ParquetRowIterator open(ObjectStore store, String path, RowReadSupport support,
      PageIndexFilter pageFilter, long expectedSize) {
    return open(store, path, file -> support, false, pageFilter, expectedSize);
  }

  private static ParquetRowIterator open(ObjectStore store, String path,
      java.util.function.Function<MessageType, RowReadSupport> supportForFile, boolean sparse,
      PageIndexFilter pageFilter) {
    return open(store, path, supportForFile, sparse, pageFilter, -1);
  }

  private static ParquetRowIterator open(ObjectStore store, String path,
      java.util.function.Function<MessageType, RowReadSupport> supportForFile, boolean sparse,
      PageIndexFilter pageFilter, long expectedSize) {
    ParquetFile reader = ParquetFile.open(store, path, expectedSize);
    try {
      return new ParquetRowIterator(path, reader, supportForFile, sparse, pageFilter);
    } catch (RuntimeException e) {
      ParquetFiles.closeQuietly(reader);
      throw e; // schema mismatch (TidelakeException) or a bug: not the file's fault
    }
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    if (columnIO == null) {
      if (constantRowsLeft > 0) {
        return true;
      }
      close();
      return false;
    }
    try {
      while (leftInGroup == 0) {
        if (nextGroup == reader.rowGroupCount()) {
          close();
          return false;
        }
        int group = nextGroup++;
        groupFirstRow = nextGroupFirstRow;
        nextGroupFirstRow += reader.rowGroupRowCount(group);
        if (onlyRows != null) {
          wantedInGroup = wantedIn(groupFirstRow, nextGroupFirstRow);
          if (wantedInGroup.length == 0) {
            continue; // none of the chosen rows is in this row group: nothing is read
          }
          PageReadStore pages = reader.readRowGroup(group, requested, null);
          leftInGroup = wantedInGroup.length;
          wantedPosition = 0;
          groupRowIndexes = null;
          records = columnIO.getRecordReader(pages, materializer, FilterCompat.get(new WantedRows(wantedInGroup)));
          continue;
        }
        RowRanges rows = pageFilter == null ? null : pageFilter.rowsToRead(reader, group, fileSchema);
        if (rows != null && rows.rowCount() == 0) {
          continue; // no page of this row group can match: nothing is read
        }
        PageReadStore pages = reader.readRowGroup(group, requested, rows);
        leftInGroup = pages.getRowCount();
        positionInGroup = 0;
        groupRowIndexes = pages.getRowIndexes().orElse(null);
        records = columnIO.getRecordReader(pages, materializer, FilterCompat.NOOP);
      }
      return true;
    } catch (TidelakeException e) {
      close();
      throw e;
    } catch (IOException | RuntimeException e) {
      close();
      throw ParquetFiles.corrupt(path, e);
    }
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (columnIO == null) {
      constantRowsLeft--;
      lastRowIndex++;
      return support.constantRow();
    }
    leftInGroup--;
    lastRowIndex = groupFirstRow + (wantedInGroup != null ? wantedInGroup[wantedPosition++]
        : groupRowIndexes != null ? groupRowIndexes.nextLong() : positionInGroup++);
    try {
      Row r = records.read();
      if (r == null) {
        throw new IllegalStateException("row group ended before row " + lastRowIndex);
      }
      return r;
    } catch (RuntimeException e) {
      close();
      throw ParquetFiles.decodeFailure(path, e);
    }
  }

  /**
   * Restricts the read to the rows at {@code rowIndexes} (ascending): row groups without one are not
   * read, and inside the others the rows between chosen ones are skipped value by value without being
   * assembled (parquet-mr's record-filter reader). Exactly the chosen rows are returned. (Row ranges for
   * parquet-mr's synchronizing column readers were tried first: with single-row ranges they misaligned
   * columns — a chosen row that was the last of its row group, or lay in a later page, came back as a
   * neighbour.) Call before the first {@link #hasNext()}.
   */
  public void restrictTo(java.util.PrimitiveIterator.OfLong rowIndexes) {
    this.onlyRows = rowIndexes;
    this.nextOnlyRow = rowIndexes.hasNext() ? rowIndexes.nextLong() : Long.MAX_VALUE;
  }

  /** The chosen rows in [first, end), relative to first. */
  private long[] wantedIn(long first, long end) {
    while (nextOnlyRow < first) {
      nextOnlyRow = onlyRows.hasNext() ? onlyRows.nextLong() : Long.MAX_VALUE;
    }
    long[] out = new long[8];
    int n = 0;
    while (nextOnlyRow < end) {
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, n * 2);
      }
      out[n++] = nextOnlyRow - first;
      nextOnlyRow = onlyRows.hasNext() ? onlyRows.nextLong() : Long.MAX_VALUE;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * Matches the records at the given row-group-relative positions. parquet-mr's filtered record reader
   * asks {@code isMatch()} exactly once per record, in order, before skipping or assembling it.
   */
  private record WantedRows(long[] rows) implements org.apache.parquet.filter.UnboundRecordFilter {
    @Override
    public org.apache.parquet.filter.RecordFilter bind(Iterable<org.apache.parquet.column.ColumnReader> readers) {
      return new org.apache.parquet.filter.RecordFilter() {
        private long position;
        private int next;

        @Override
        public boolean isMatch() {
          boolean match = next < rows.length && rows[next] == position;
          position++;
          if (match) {
            next++;
          }
          return match;
        }
      };
    }
  }

  /** The physical position in the file (0-based, across row groups) of the row {@link #next()} returned last. */
  @Override
  public long rowIndex() {
    return lastRowIndex;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      ParquetFiles.closeQuietly(reader);
    }
  }
}
