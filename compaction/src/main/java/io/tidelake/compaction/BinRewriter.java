package io.tidelake.compaction;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.format.parquet.WriteOptions;
import io.tidelake.table.DataWriter;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.WriteProgress;
import io.tidelake.table.actions.AddFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Rewrites bins into new data files on a bounded pool of threads, one data writer per bin. The live
 * rows of the inputs are copied (rows their deletion vectors delete are not read back), so statistics
 * are those the writer computes. If any bin fails, every file written for the batch is deleted and the
 * failure is rethrown: nothing is left behind.
 */
final class BinRewriter {
  record Output(List<AddFile> files, List<String> locations) {}

  private final Table table;
  private final WriteOptions options;
  private final int maxThreads;
  private final Consumer<WriteProgress> progress;
  private final RowOrder order;
  private long rows;
  private long filesDone;
  private long bytesDone;

  BinRewriter(Table table, WriteOptions options, int maxThreads, Consumer<WriteProgress> progress, RowOrder order) {
    this.table = table;
    this.options = options;
    this.maxThreads = maxThreads;
    this.progress = progress;
    this.order = order;
  }

  Output rewrite(Snapshot base, List<Bin> bins) {
    int threads = Math.min(maxThreads, bins.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "tidelake-optimize");
      t.setDaemon(true);
      return t;
    });
    List<Future<List<AddFile>>> futures = new ArrayList<>();
    // every file a bin of this call finished, including bins whose result nobody waits for after a failure
    List<AddFile> finished = java.util.Collections.synchronizedList(new ArrayList<>());
    List<AddFile> written = new ArrayList<>();
    RuntimeException failure = null;
    Error fatal = null;
    try {
      for (Bin b : bins) {
        futures.add(pool.submit(() -> rewriteBin(base, b, finished)));
      }
      for (Future<List<AddFile>> f : futures) {
        try {
          written.addAll(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error err) {
            fatal = err; // out of memory, or a crash: nothing to clean up in a dying process
            futures.forEach(x -> x.cancel(false));
          } else if (failure == null) {
            failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            futures.forEach(x -> x.cancel(false));
          }
        } catch (java.util.concurrent.CancellationException e) {
          // cancelled after another bin failed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = new IllegalStateException("OPTIMIZE was interrupted", e);
        }
      }
    } finally {
      pool.shutdown();
    }
    if (fatal != null) {
      throw fatal;
    }
    if (failure != null) {
      // bins already running when another failed cannot be cancelled: wait for them, then delete everything
      // any bin wrote, so a failed OPTIMIZE leaves no files behind
      try {
        if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES)) {
          pool.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<AddFile> all;
      synchronized (finished) {
        all = new ArrayList<>(finished);
      }
      for (AddFile a : all) {
        String l = table.resolvePath(a.path());
        try {
          table.store().delete(l);
        } catch (RuntimeException ignored) {
          // an orphan: vacuum removes it after the retention
        }
      }
      throw failure;
    }
    List<String> locations = new ArrayList<>();
    for (AddFile a : written) {
      locations.add(table.resolvePath(a.path()));
    }
    return new Output(written, locations);
  }

  private List<AddFile> rewriteBin(Snapshot base, Bin bin, List<AddFile> finished) {
    long binRows = 0;
    List<AddFile> out;
    try (DataWriter w = table.newDataWriter(options)) {
      if (order == null) {
        for (AddFile f : bin.files()) {
          try (PositionedRowIterator it = base.readFile(f, null, null)) {
            while (it.hasNext()) {
              w.write(it.next());
              binRows++;
            }
          }
        }
      } else {
        List<Row> all = new ArrayList<>();
        for (AddFile f : bin.files()) {
          try (PositionedRowIterator it = base.readFile(f, null, null)) {
            it.forEachRemaining(all::add);
          }
        }
        for (Row r : order.sort(all)) {
          w.write(r);
        }
        binRows = all.size();
      }
      out = w.finish();
    }
    finished.addAll(out);
    report(binRows, out);
    return out;
  }

  private synchronized void report(long binRows, List<AddFile> out) {
    rows += binRows;
    filesDone += out.size();
    for (AddFile a : out) {
      bytesDone += a.size();
    }
    progress.accept(new WriteProgress("OPTIMIZE", rows, filesDone, bytesDone));
  }
}
