package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.TableContext;
import java.util.Iterator;
import java.util.List;

/**
 * The first phase of a two-phase write (as in Paimon): a worker writes rows into data files and hands
 * back their add actions without committing; one committer then commits the files of many workers with
 * {@code table.newAppend().addFiles(...)}. Writers are single-threaded; use one per worker thread.
 */
public final class DataWriter implements AutoCloseable {
  private final RowWriteSession session;
  private boolean finished;

  DataWriter(TableContext ctx, Snapshot snapshot) {
    this.session = new RowWriteSession(ctx, snapshot, "WRITE", p -> {}, null);
  }

  DataWriter(TableContext ctx, Snapshot snapshot, io.tidelake.format.parquet.WriteOptions options) {
    this.session = new RowWriteSession(ctx, snapshot, "WRITE", p -> {}, null, options);
  }

  public DataWriter write(Row row) {
    session.write(row);
    return this;
  }

  public DataWriter writeAll(Iterator<? extends Row> rows) {
    while (rows.hasNext()) {
      session.write(rows.next());
    }
    return this;
  }

  /** Closes the files and returns their add actions, ready to commit. */
  public List<AddFile> finish() {
    finished = true;
    return session.finish();
  }

  /** Without {@link #finish()}, closing deletes what was written. */
  @Override
  public void close() {
    if (!finished) {
      session.abort();
    }
  }
}
