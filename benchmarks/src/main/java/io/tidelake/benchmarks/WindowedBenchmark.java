package io.tidelake.benchmarks;

import io.tidelake.stream.QueryProgress;
import io.tidelake.stream.StreamingQuery;
import io.tidelake.stream.StreamingQueryBuilder;
import io.tidelake.stream.TableSource;
import io.tidelake.stream.Trigger;
import io.tidelake.stream.WindowSpec;
import io.tidelake.table.Table;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code windowed} (RESULT {@code stream_window}), the windowed case: an availableNow job over N
 * events keyed by K keys ({@code user_id % K}), 1-hour tumbling windows per key with {@code count(*)} and
 * {@code sum(amount)}, a 10-minute watermark, output mode append (each window written once, when the
 * watermark passes its end; its state then dropped), against the plain stream of the same table with the
 * same key column and no window (the baseline), alternating in one run. The events span 10 days in time
 * order, so windows close batch after batch and the state holds only the open ones. Reports events/s of
 * both and their ratio, the windows written, the state rows (peak over batches, and at the end) and the
 * peak heap while the windowed job ran (sampled in this JVM every 5 ms, above the heap before).
 *
 * <p>Sizes: full 10,000,000 events (200 commits × 50,000), 100,000 keys, {@code maxFilesPerTrigger=10}
 * (20 batches), 1 warm-up + 3 timed pairs; quick 200,000 events (40 × 5,000), 10,000 keys; micro 6,000
 * events (6 × 1,000), 100 keys.
 */
final class WindowedBenchmark {
  static final Duration WINDOW = Duration.ofHours(1);
  static final Duration WATERMARK = Duration.ofMinutes(10);

  private WindowedBenchmark() {}

  /** Commits, rows per commit, keys, files per trigger. */
  record Size(int commits, int rowsPerCommit, long keys, int maxFiles) {
    long events() {
      return (long) commits * rowsPerCommit;
    }
  }

  static Size size(Settings s) {
    if (!s.quick()) {
      return new Size(200, 50_000, 100_000, 10);
    }
    return s.appendRows() > 10_000 ? new Size(40, 5_000, 10_000, 10) : new Size(6, 1_000, 100, 2);
  }

  static void run(Settings s, PrintStream out) throws Exception {
    Size size = size(s);
    long total = size.events();
    Path dir = s.work().resolve("windowed");
    Harness.deleteTree(dir);
    try {
      Path src = StreamBenchmark.source(dir, size.commits(), size.rowsPerCommit());
      String key = "user_id % " + size.keys() + " AS user_key";
      long[] stateRows = {0, 0}; // peak over the batches, at the end
      long[] windows = {0};
      long[] peak = {0};
      try (Table source = Table.open(src.toString())) {
        Samples[] t = Harness.alternate("stream_window events=" + total, s.warmups(), s.quick() ? s.runs()
            : Math.min(3, s.runs()),
            side -> {
              Harness.deleteTree(dir.resolve("sink-" + side));
              Harness.deleteTree(dir.resolve("cp-" + side));
            },
            () -> {
              List<QueryProgress> progress = new ArrayList<>();
              try (HeapSampler heap = new HeapSampler()) {
                query(source, size, "id, " + key + ", amount, ts", dir, 0)
                    .window(WindowSpec.tumbling("ts", WINDOW).groupBy("user_key")
                        .agg("count(*) AS n, sum(amount) AS total").watermark(WATERMARK))
                    .addListener(progress::add).start().awaitTermination();
                peak[0] = Math.max(peak[0], heap.peakAboveStart());
              }
              stateRows[0] = progress.stream().mapToLong(QueryProgress::numStateRows).max().orElse(0);
              stateRows[1] = progress.get(progress.size() - 1).numStateRows();
              windows[0] = progress.stream().mapToLong(QueryProgress::numOutputRows).sum();
              return progress.stream().mapToLong(QueryProgress::numInputRows).sum();
            },
            () -> {
              List<QueryProgress> progress = new ArrayList<>();
              query(source, size, "id, " + key + ", amount, ts", dir, 1).addListener(progress::add).start()
                  .awaitTermination();
              return progress.stream().mapToLong(QueryProgress::numInputRows).sum();
            });
        double windowRate = total / (t[0].medianNs() / 1e9);
        double plainRate = total / (t[1].medianNs() / 1e9);
        new Result("stream_window").put("events", total).put("keys", size.keys())
            .put("window_events_per_s", windowRate).put("plain_events_per_s", plainRate)
            .ratio("ratio", windowRate / plainRate)
            .put("window_ms", t[0].medianMs()).put("plain_ms", t[1].medianMs())
            .put("windows_written", windows[0]).put("state_rows_peak", stateRows[0]).put("state_rows", stateRows[1])
            .put("peak_heap_mb", peak[0] / (1024.0 * 1024.0)).put("window_minutes", WINDOW.toMinutes())
            .put("watermark_minutes", WATERMARK.toMinutes()).put("commits", size.commits())
            .put("max_files_per_trigger", size.maxFiles()).print(out);
      }
    } finally {
      Harness.deleteTree(dir);
    }
  }

  private static StreamingQueryBuilder query(Table source, Size size, String select, Path dir, int side) {
    return StreamingQuery.from(TableSource.of(source).maxFilesPerTrigger(size.maxFiles())).select(select)
        .toTable(dir.resolve("sink-" + side).toString()).checkpointLocation(dir.resolve("cp-" + side).toString())
        .trigger(Trigger.availableNow());
  }

  /** Samples the used heap every 5 ms on a daemon thread; reports the peak above the heap at start. */
  private static final class HeapSampler implements AutoCloseable {
    private final MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    private final long start = mx.getHeapMemoryUsage().getUsed();
    private final AtomicLong peak = new AtomicLong(start);
    private volatile boolean running = true;
    private final Thread thread = new Thread(() -> {
      while (running) {
        peak.accumulateAndGet(mx.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");

    HeapSampler() {
      thread.setDaemon(true);
      thread.start();
    }

    long peakAboveStart() {
      return Math.max(0, peak.get() - start);
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
    }
  }
}
