package io.tidelake.benchmarks;

import io.tidelake.format.Row;
import io.tidelake.stream.StreamingQuery;
import io.tidelake.stream.TableSource;
import io.tidelake.stream.Trigger;
import io.tidelake.table.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stream_latency}, run by {@code stream} (the windowed case is the {@code windowed} benchmark,
 * {@link WindowedBenchmark}): an interval stream (1-second trigger) while a writer commits a small batch of
 * rows every 1.3 s; latency of each source commit = when the first sink commit containing its rows landed
 * (the query's progress event, which follows the sink commit) minus when the source commit returned.
 * Reports p50 and p99 and their ratio to the trigger interval (the baseline: with a 1 s trigger the
 * expected wait alone is up to 1 s). Commits: 30 (full), 8 (quick), 2 (micro).
 */
final class StreamLatencyBenchmark {

  private StreamLatencyBenchmark() {}

  static void run(Settings s, PrintStream out) throws Exception {
    latency(s, out);
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
}
