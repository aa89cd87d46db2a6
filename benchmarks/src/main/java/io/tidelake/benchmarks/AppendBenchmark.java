package io.tidelake.benchmarks;

import io.tidelake.format.parquet.WriteOptions;
import io.tidelake.table.DataWriter;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * append: the {@link Events} rows appended to a new partitioned table (snappy, one file per date) against
 * raw parquet-mr writing the same rows into the same number of files with the same row-group and page
 * sizes. Single-threaded ({@code addRows} then commit), and with two writer threads, each taking half of
 * the dates (Tidelake: two {@link DataWriter}s and one commit via {@code addFiles}; parquet-mr: two threads
 * each writing its dates' files).
 */
final class AppendBenchmark {
  private AppendBenchmark() {}

  static void run(Settings s, PrintStream out) throws Exception {
    long n = s.appendRows();
    Path dir = s.work().resolve("append");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int threads : new int[] {1, 2}) {
        Samples[] r = Harness.alternate("append threads=" + threads, s.warmups(), s.runs(),
            side -> Harness.deleteTree(dir.resolve(side == 0 ? "tidelake" : "parquet")),
            () -> tidelake(dir.resolve("tidelake"), n, threads, pool),
            () -> parquet(dir.resolve("parquet"), n, threads, pool));
        // the last run of each side is still on disk: check both wrote the same shape
        int tFiles = Table.open(dir.resolve("tidelake").toString()).snapshot().numFiles();
        long tBytes = Harness.dirBytes(dir.resolve("tidelake")) - Harness.dirBytes(dir.resolve("tidelake/_delta_log"));
        long pBytes = Harness.dirBytes(dir.resolve("parquet"));
        if (tFiles != Events.DATES) {
          throw new IllegalStateException("expected one Tidelake file per date, got " + tFiles);
        }
        double tRate = n / (r[0].medianNs() / 1e9);
        double pRate = n / (r[1].medianNs() / 1e9);
        Result res = new Result("append").put("rows", n);
        if (threads > 1) {
          res.put("threads", threads);
        }
        res.put("tidelake_rows_per_s", tRate).put("parquet_rows_per_s", pRate).ratio("ratio", tRate / pRate)
            .put("files", tFiles).put("tidelake_mb", tBytes / 1048576.0).put("parquet_mb", pBytes / 1048576.0);
        res.print(out);
      }
    } finally {
      pool.shutdownNow();
      Harness.deleteTree(dir);
    }
  }

  /** Ids of the dates a writer thread takes: thread k of t gets a contiguous block of dates. */
  static long[] idRange(int k, int threads, long n) {
    int d0 = Events.DATES * k / threads;
    int d1 = Events.DATES * (k + 1) / threads;
    return new long[] {Events.firstIdOfDate(d0, n), d1 == Events.DATES ? n : Events.firstIdOfDate(d1, n)};
  }

  static long tidelake(Path location, long n, int threads, ExecutorService pool) throws Exception {
    Table t = Table.create(location.toString()).schema(Events.SCHEMA).partitionBy(Events.PARTITION_COLUMN).create();
    if (threads == 1) {
      return t.newAppend().addRows(Events.rows(0, n, n)).commit().version();
    }
    List<Future<List<AddFile>>> parts = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      long[] ids = idRange(k, threads, n);
      parts.add(pool.submit(() -> {
        try (DataWriter w = t.newDataWriter()) {
          w.writeAll(Events.rows(ids[0], ids[1], n));
          return w.finish();
        }
      }));
    }
    List<AddFile> files = new ArrayList<>();
    for (Future<List<AddFile>> f : parts) {
      files.addAll(f.get());
    }
    return t.newAppend().addFiles(files).commit().version();
  }

  static long parquet(Path dir, long n, int threads, ExecutorService pool) throws Exception {
    long rowGroup = WriteOptions.DEFAULT_ROW_GROUP_SIZE;
    int page = WriteOptions.DEFAULT_PAGE_SIZE;
    if (threads == 1) {
      return RawParquet.writePartitioned(dir, Events.rows(0, n, n), rowGroup, page).size();
    }
    List<Future<Integer>> parts = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      long[] ids = idRange(k, threads, n);
      parts.add(pool.submit(() -> RawParquet.writePartitioned(dir, Events.rows(ids[0], ids[1], n), rowGroup, page)
          .size()));
    }
    long files = 0;
    for (Future<Integer> f : parts) {
      files += f.get();
    }
    return files;
  }
}
