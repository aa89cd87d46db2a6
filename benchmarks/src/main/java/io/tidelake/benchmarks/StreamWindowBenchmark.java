package io.tidelake.benchmarks;

import io.tidelake.format.Row;
import io.tidelake.stream.QueryProgress;
import io.tidelake.stream.StreamingQuery;
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
 * Two streaming cases run by {@code stream}:
 *
 * <p>{@code stream_window}: an availableNow windowed job (1-hour tumbling windows by country:
 * {@code count(*)}, {@code sum(amount)}, {@code count(DISTINCT user_id)}; a watermark longer than the data's
 * span, so every row counts and every window stays in state to the end) against the plain stream of the same
 * table (no window), alternating in one run. Reports events/s of both, their ratio, the state rows at the
 * end and the peak heap while the windowed job ran (sampled in this JVM every 5 ms above the heap before).
 * Sizes: C commits × 1000 rows, C = 200 (full), 40 (quick), 6 (micro).
 *
 * <p>{@code stream_latency}: an interval stream (1-second trigger) while a writer commits a small batch of
 * rows every 1.3 s; latency of each source commit = when the first sink commit containing its rows landed
 * (the query's progress event, which follows the sink commit) minus when the source commit returned.
 * Reports p50 and p99 and their ratio to the trigger interval (the baseline: with a 1 s trigger the
 * expected wait alone is up to 1 s). Commits: 30 (full), 8 (quick), 2 (micro).
 */
final class StreamWindowBenchmark {

  private StreamWindowBenchmark() {}

  static void run(Settings s, PrintStream out) throws Exception {
    windowed(s, out);
    latency(s, out);
  }

  private static void windowed(Settings s, PrintStream out) throws Exception {
    int commits = !s.quick() ? 200 : s.appendRows() > 10_000 ? 40 : 6;
    long total = (long) commits * StreamBenchmark.ROWS_PER_COMMIT;
    Path dir = s.work().resolve("stream-window");
    Harness.deleteTree(dir);
    try {
      Path src = StreamBenchmark.source(dir, commits);
      long[] stateRows = {0};
      long[] peak = {0};
      try (Table source = Table.open(src.toString())) {
        Samples[] t = Harness.alternate("stream_window commits=" + commits, s.warmups(), s.runs(),
            side -> {
              Harness.deleteTree(dir.resolve("sink-" + side));
              Harness.deleteTree(dir.resolve("cp-" + side));
            },
            () -> {
              List<QueryProgress> progress = new ArrayList<>();
              try (HeapSampler heap = new HeapSampler()) {
                StreamingQuery.from(TableSource.of(source).maxFilesPerTrigger(50))
                    .window(WindowSpec.tumbling("ts", Duration.ofHours(1)).groupBy("country")
                        .agg("count(*) AS n, sum(amount) AS total, count(DISTINCT user_id) AS users")
                        .watermark(Duration.ofDays(30)))
                    .toTable(dir.resolve("sink-0").toString()).checkpointLocation(dir.resolve("cp-0").toString())
                    .trigger(Trigger.availableNow()).addListener(progress::add).start().awaitTermination();
                peak[0] = Math.max(peak[0], heap.peakAboveStart());
              }
              stateRows[0] = progress.get(progress.size() - 1).numStateRows();
              return progress.stream().mapToLong(QueryProgress::numInputRows).sum();
            },
            () -> {
              List<QueryProgress> progress = new ArrayList<>();
              StreamingQuery.from(TableSource.of(source).maxFilesPerTrigger(50))
                  .toTable(dir.resolve("sink-1").toString()).checkpointLocation(dir.resolve("cp-1").toString())
                  .trigger(Trigger.availableNow()).addListener(progress::add).start().awaitTermination();
              return progress.stream().mapToLong(QueryProgress::numInputRows).sum();
            });
        double windowRate = total / (t[0].medianNs() / 1e9);
        double plainRate = total / (t[1].medianNs() / 1e9);
        new Result("stream_window").put("commits", commits).put("rows", total)
            .put("window_events_per_s", windowRate).put("plain_events_per_s", plainRate)
            .put("window_ms", t[0].medianMs()).put("plain_ms", t[1].medianMs()).put("state_rows", stateRows[0])
            .put("peak_heap_mb", peak[0] / (1024.0 * 1024.0)).ratio("ratio", windowRate / plainRate).print(out);
      }
    } finally {
      Harness.deleteTree(dir);
    }
  }

  private static void latency(Settings s, PrintStream out) throws Exception {
    int commits = !s.quick() ? 30 : s.appendRows() > 10_000 ? 8 : 2;
    long interval = 1000;
    Path dir = s.work().resolve("stream-latency");
    Harness.deleteTree(dir);
    try {
      String sink = dir.resolve("sink").toString();
      List<long[]> landed = new ArrayList<>(); // {wall ms, sink version}
      long[] committedAt = new long[commits];
      long[] lastId = new long[commits];
      try (Table src = Table.create(dir.resolve("source").toString()).schema(Events.SCHEMA).create()) {
        src.newAppend().addRows(Events.rows(0, 10, 10)).commit();
        StreamingQuery q = StreamingQuery.from(TableSource.of(src).startingVersion(1))
            .toTable(sink).checkpointLocation(dir.resolve("cp").toString())
            .trigger(Trigger.processingTime(Duration.ofMillis(interval)))
            .addListener(p -> {
              if (p.sinkVersion() >= 0) {
                synchronized (landed) {
                  landed.add(new long[] {System.currentTimeMillis(), p.sinkVersion()});
                }
              }
            }).start();
        try {
          long id = 10;
          for (int c = 0; c < commits; c++) {
            Thread.sleep(1300);
            src.newAppend().addRows(Events.rows(id, id + 100, 1_000_000)).commit();
            committedAt[c] = System.currentTimeMillis();
            id += 100;
            lastId[c] = id - 1;
          }
          long deadline = System.currentTimeMillis() + 30_000;
          while (System.currentTimeMillis() < deadline && maxId(sink) < lastId[commits - 1]) {
            Thread.sleep(50);
          }
        } finally {
          q.stop();
        }
      }
      Samples lat = new Samples();
      try (Table t = Table.open(sink)) {
        List<long[]> sinkCommits;
        synchronized (landed) {
          sinkCommits = new ArrayList<>(landed);
        }
        List<Long> maxIds = new ArrayList<>();
        for (long[] l : sinkCommits) {
          long m = -1;
          for (Row r : t.snapshotAt(l[1]).newScan().select("id").toList()) {
            m = Math.max(m, r.getLong(0));
          }
          maxIds.add(m);
        }
        for (int c = 0; c < commits; c++) {
          for (int i = 0; i < sinkCommits.size(); i++) {
            if (maxIds.get(i) >= lastId[c]) {
              lat.add(Math.max(0, sinkCommits.get(i)[0] - committedAt[c]) * 1_000_000L);
              break;
            }
          }
        }
      }
      if (lat.size() == 0) {
        throw new IllegalStateException("stream_latency: no source commit reached the sink within 30 s");
      }
      new Result("stream_latency").put("commits", commits).put("measured", lat.size())
          .put("trigger_ms", interval).put("p50_ms", lat.percentileMs(50)).put("p99_ms", lat.percentileMs(99))
          .ratio("ratio", lat.percentileMs(50) / interval).print(out);
    } finally {
      Harness.deleteTree(dir);
    }
  }

  private static long maxId(String location) {
    if (!Table.exists(new io.tidelake.format.store.LocalObjectStore(), location)) {
      return -1;
    }
    try (Table t = Table.open(location)) {
      long m = -1;
      for (Row r : t.newScan().select("id").toList()) {
        m = Math.max(m, r.getLong(0));
      }
      return m;
    }
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
