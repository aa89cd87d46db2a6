package io.tidelake.merge;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Scan;
import io.tidelake.table.Table;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The rows a MERGE reads its changes from, with their schema. A MERGE opens its source exactly once and
 * holds it as the build side of its hash join, so a one-shot iterator is fine.
 */
public interface MergeSource {
  /** The schema of the rows; the source alias ({@code s}) names these columns. */
  StructType schema();

  /** The rows, once. Each row is laid out as {@link #schema()} (values are checked against it). */
  CloseableIterator<? extends Row> open();

  /** What the source is, for messages (e.g. a file or table path). */
  default String describe() {
    return "source";
  }

  /** Java rows; the iterable may be iterated once. */
  @SuppressWarnings("unchecked")
  static MergeSource of(StructType schema, Iterable<? extends Row> rows) {
    return of(schema, (Iterator<Row>) rows.iterator());
  }

  /** Java rows from an iterator, read once. */
  static MergeSource of(StructType schema, Iterator<Row> rows) {
    AtomicBoolean opened = new AtomicBoolean();
    return of(schema, () -> {
      if (!opened.compareAndSet(false, true)) {
        throw new IllegalStateException("This MERGE source is an iterator and was already read; make a new one");
      }
      return CloseableIterator.of(rows);
    }, "source rows");
  }

  /**
   * Rows from {@code opener}, called once (a file reader, a query result); {@code description} names the
   * source in messages.
   */
  static MergeSource of(StructType schema, Supplier<CloseableIterator<? extends Row>> opener, String description) {
    return new MergeSource() {
      @Override
      public StructType schema() {
        return schema;
      }

      @Override
      public CloseableIterator<? extends Row> open() {
        return opener.get();
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  /** The rows of a scan of a Tidelake table (any version, filtered and projected as the scan says). */
  static MergeSource of(Scan scan) {
    return of(scan.outputSchema(), scan::rows, scan.snapshot().toString());
  }

  /** Every row of {@code table} at {@code version}. */
  static MergeSource of(Table table, long version) {
    return of(table.snapshotAt(version).newScan());
  }
}
