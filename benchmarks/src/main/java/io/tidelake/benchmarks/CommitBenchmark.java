package io.tidelake.benchmarks;

import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * commit: latency and throughput of small blind appends (one add action each, as a streaming ingest
 * commits) with 1, 2, 4 and 8 concurrent writers, each with its own Table object (as separate processes
 * would be). Latency is the whole {@code newAppend().addFiles(...).commit()} call: snapshot refresh,
 * put-if-absent of the next version, lost races and their retries, and the checkpoint every 10th version
 * (written synchronously by the committing writer). commits_per_s is all commits over the wall time.
 * The data files are not written: this measures the log. Runs the same code against every {@link StoreTarget}.
 */
final class CommitBenchmark {
  private CommitBenchmark() {}

  static void run(Settings s, PrintStream out, List<Callable<StoreTarget>> targets) throws Exception {
    for (Callable<StoreTarget> start : targets) {
      try (StoreTarget target = start.call()) {
        for (int writers : s.commitWriters()) {
          measure(s, out, target, writers);
        }
      }
    }
  }

  private static void measure(Settings s, PrintStream out, StoreTarget target, int writers) throws Exception {
    String loc = target.location("commit-w" + writers);
    Table.create(target.store(), loc).schema(Events.SCHEMA).partitionBy(Events.PARTITION_COLUMN).create();
    int perWriter = Math.max(2, s.commitsPerConfig() / writers);
    // warm-up: the commit path's classes and JIT, on this table (not timed)
    Table warm = Table.open(target.store(), loc);
    for (int i = 0; i < Math.min(20, perWriter); i++) {
      warm.newAppend().addFiles(List.of(add(-1, i))).commit();
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CyclicBarrier start = new CyclicBarrier(writers + 1);
    List<Future<long[]>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        int id = w;
        futures.add(pool.submit(() -> {
          Table t = Table.open(target.store(), loc);
          long[] lat = new long[perWriter + 1]; // last slot: races lost
          start.await();
          for (int i = 0; i < perWriter; i++) {
            long st = System.nanoTime();
            int attempts = t.newAppend().addFiles(List.of(add(id, i))).commit().attempts();
            lat[i] = System.nanoTime() - st;
            lat[perWriter] += attempts - 1;
            if (lat[i] > 200_000_000L) {
              Harness.log("slow commit: writer %d #%d %.0f ms, %d attempts", id, i, lat[i] / 1e6, attempts);
            }
          }
          return lat;
        }));
      }
      start.await();
      long t0 = System.nanoTime();
      Samples all = new Samples();
      long retries = 0;
      for (Future<long[]> f : futures) {
        long[] lat = f.get();
        for (int i = 0; i < perWriter; i++) {
          all.add(lat[i]);
        }
        retries += lat[perWriter];
      }
      long wall = System.nanoTime() - t0;
      long total = (long) perWriter * writers;
      long version = Table.open(target.store(), loc).snapshot().version();
      long expected = Math.min(20, perWriter) + total;
      if (version != expected) {
        throw new IllegalStateException("commit benchmark: expected version " + expected + ", table is at " + version);
      }
      Harness.log("commit store=%s writers=%d: %d commits in %.2f s, max %.1f ms", target.name(), writers, total,
          wall / 1e9, all.maxMs());
      new Result("commit").put("store", target.name()).put("writers", writers)
          .put("p50_ms", all.percentileMs(50)).put("p99_ms", all.percentileMs(99))
          .put("commits_per_s", total / (wall / 1e9)).put("commits", total).put("max_ms", all.maxMs()).put("races_lost", retries)
          .print(out);
    } finally {
      pool.shutdownNow();
    }
  }

  private static AddFile add(int writer, int i) {
    String date = Events.DATE_VALUES[Math.floorMod(i, Events.DATES)].toString();
    String stats = "{\"numRecords\":100,\"minValues\":{\"id\":" + i + "},\"maxValues\":{\"id\":" + (i + 99)
        + "},\"nullCount\":{\"id\":0}}";
    return AddFile.of("date=" + date + "/part-w" + writer + "-" + i + "-commit-bench.c000.snappy.parquet",
        Map.of(Events.PARTITION_COLUMN, date), 4096, System.currentTimeMillis(), true, stats);
  }
}
