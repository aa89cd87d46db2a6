package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-time windows against a direct computation with the same batch boundaries (one commit per batch)
 * and Spark's watermark rule: the sink and the late table, row for row, in one run, in many killed and
 * restarted runs, for tumbling and sliding windows.
 */
class WindowTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, user string, amount long, ts timestamp");
  static final long MIN = 60_000;

  @TempDir
  Path dir;

  /** Commits of events whose times mostly advance, with stragglers far behind (late) and a few nulls. */
  static List<List<Row>> batches(long seed, int commits) {
    Random r = new Random(seed);
    List<List<Row>> out = new ArrayList<>();
    long id = 0;
    long clock = 1_000 * MIN;
    for (int c = 0; c < commits; c++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        long t = clock + r.nextInt((int) (8 * MIN));
        if (r.nextInt(8) == 0) {
          t -= (10 + r.nextInt(40)) * MIN; // a straggler
        }
        Instant ts = r.nextInt(60) == 0 ? null : Instant.ofEpochMilli(t);
        rows.add(Row.of(SCHEMA, id, "u" + r.nextInt(3), (long) r.nextInt(100), ts));
        id++;
      }
      clock += 6 * MIN;
      out.add(rows);
    }
    return out;
  }

  /**
   * The direct computation: sink rows (append mode: the closed windows) and late rows as text lines, sorted;
   * {@code allWindows} is the final value of every window, closed or still open (update mode's sink).
   */
  record Expected(List<String> sink, List<String> late, int batches, List<String> allWindows) {}

  private static String line(long start, long size, String user, long[] a) {
    return start + "|" + (start + size) + "|" + user + "|" + a[0] + "|" + a[1] + "|" + a[2] + "|" + a[3] + "|"
        + ((double) a[1] / a[0]);
  }

  static Expected model(List<List<Row>> commits, long size, long slide, long delay) {
    Map<String, long[]> state = new TreeMap<>(); // "start|user" -> count, sum, min, max
    List<String> sink = new ArrayList<>();
    List<String> late = new ArrayList<>();
    long w = 0;
    int batch = 0;
    List<List<Row>> work = new ArrayList<>(commits);
    while (true) {
      List<Row> rows = batch < work.size() ? work.get(batch) : List.of();
      if (batch >= work.size()) {
        long wm = w;
        boolean emits = state.keySet().stream().anyMatch(k -> Long.parseLong(k.split("\\|")[0]) + size <= wm);
        if (!emits) {
          break;
        }
      }
      long maxT = Long.MIN_VALUE;
      for (Row r : rows) {
        Instant ts = r.getTimestamp(3);
        if (ts == null) {
          late.add(r.getLong(0) + "|" + w + "|" + batch + "|null");
          continue;
        }
        long t = ts.toEpochMilli();
        maxT = Math.max(maxT, t);
        boolean any = false;
        for (long s = Math.floorDiv(t, slide) * slide; s > t - size; s -= slide) {
          if (s + size > w) {
            any = true;
            long[] a = state.computeIfAbsent(s + "|" + r.getString(1), k -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            long amount = r.getLong(2);
            a[0]++;
            a[1] += amount;
            a[2] = Math.min(a[2], amount);
            a[3] = Math.max(a[3], amount);
          }
        }
        if (!any) {
          late.add(r.getLong(0) + "|" + w + "|" + batch + "|" + (w - t));
        }
      }
      long wm = w;
      state.entrySet().removeIf(e -> {
        long start = Long.parseLong(e.getKey().split("\\|")[0]);
        if (start + size <= wm) {
          sink.add(line(start, size, e.getKey().split("\\|")[1], e.getValue()));
          return true;
        }
        return false;
      });
      if (maxT != Long.MIN_VALUE) {
        w = Math.max(w, maxT - delay);
      }
      batch++;
    }
    List<String> all = new ArrayList<>(sink);
    state.forEach((k, a) -> all.add(line(Long.parseLong(k.split("\\|")[0]), size, k.split("\\|")[1], a)));
    all.sort(null);
    sink.sort(null);
    late.sort(null);
    return new Expected(sink, late, batch, all);
  }

  static List<String> sinkLines(Table t) {
    List<String> out = new ArrayList<>();
    for (Row r : t.newScan().toList()) {
      out.add(r.getTimestamp(0).toEpochMilli() + "|" + r.getTimestamp(1).toEpochMilli() + "|" + r.getString(2) + "|"
          + r.getLong(3) + "|" + r.getLong(4) + "|" + r.getLong(5) + "|" + r.getLong(6) + "|" + r.getDouble(7));
    }
    out.sort(null);
    return out;
  }

  static List<String> lateLines(Table t) {
    List<String> out = new ArrayList<>();
    for (Row r : t.newScan().toList()) {
      out.add(r.getLong("id") + "|" + r.getTimestamp("_watermark").toEpochMilli() + "|" + r.getLong("_batch_id") + "|"
          + r.get("_late_by_ms"));
    }
    out.sort(null);
    return out;
  }

  /**
   * Runs a query again and again (up to 60 times) until a run after the 25th completes; run {@code i} dies at
   * the batch points its {@code killer.apply(i)} picks. Returns how many runs were killed.
   */
  static int runKilledAndRestarted(java.util.function.Supplier<StreamingQueryBuilder> query,
      java.util.function.IntFunction<java.util.function.Predicate<String>> killer) {
    int kills = 0;
    for (int run = 0; run < 60; run++) {
      java.util.function.Predicate<String> dies = killer.apply(run);
      try {
        query.get().faults(p -> {
          if (dies.test(p)) {
            throw new IllegalStateException("killed at " + p);
          }
        }).start().awaitTermination();
        if (run >= 25) {
          break;
        }
      } catch (StreamingException e) {
        kills++;
      }
    }
    return kills;
  }

  StreamingQueryBuilder query(Table src, WindowSpec w, String name) {
    return StreamingQuery.from(TableSource.of(src).startingVersion(1).maxFilesPerTrigger(1))
        .window(w.groupBy("user").agg("count(*) AS n, sum(amount) AS total, min(amount) AS lo, max(amount) AS hi, "
            + "avg(amount) AS mean").lateTable(dir.resolve(name + "-late").toString()))
        .toTable(dir.resolve(name + "-sink").toString()).checkpointLocation(dir.resolve(name + "-cp").toString())
        .trigger(Trigger.availableNow());
  }

  Table source(List<List<Row>> commits) {
    Table t = Table.create(dir.resolve("src").toString()).schema(SCHEMA).create();
    for (List<Row> c : commits) {
      t.newAppend().addRows(c).commit();
    }
    return t;
  }

  @Test
  void tumblingWindowsMatchTheDirectComputationInOneRunAndInKilledRuns() {
    List<List<Row>> commits = batches(7, 12);
    Expected expected = model(commits, 10 * MIN, 10 * MIN, 5 * MIN);
    assertThat(expected.late()).hasSizeGreaterThan(5);
    try (Table src = source(commits)) {
      WindowSpec w = WindowSpec.tumbling("ts", Duration.ofMinutes(10)).watermark(Duration.ofMinutes(5));
      List<QueryProgress> progress = new ArrayList<>();
      query(src, w, "one").addListener(progress::add).start().awaitTermination();
      assertThat(progress).hasSize(expected.batches());
      assertThat(progress).extracting(QueryProgress::watermarkMs).isSorted();
      assertThat(progress.stream().mapToLong(QueryProgress::numLateRows).sum()).isEqualTo(expected.late().size());
      try (Table sink = Table.open(dir.resolve("one-sink").toString());
          Table late = Table.open(dir.resolve("one-late").toString())) {
        assertThat(sink.snapshot().schema().fieldNames())
            .containsExactly("window_start", "window_end", "user", "n", "total", "lo", "hi", "mean");
        assertThat(sinkLines(sink)).isEqualTo(expected.sink());
        assertThat(lateLines(late)).isEqualTo(expected.late());
        assertThat(late.snapshot().schema().fieldNames()).startsWith("id", "user", "amount", "ts", "_watermark");
      }

      // the same job killed at random points and restarted gives the same tables
      Random random = new Random(11);
      int kills = runKilledAndRestarted(() -> query(src, w, "killed"), run -> {
        String point = List.of("afterOffsets", "afterSink", "none").get(random.nextInt(3));
        boolean kill = run < 25 && random.nextBoolean();
        return p -> kill && p.equals(point) && random.nextInt(3) == 0;
      });
      assertThat(kills).isGreaterThan(2);
      try (Table sink = Table.open(dir.resolve("killed-sink").toString());
          Table late = Table.open(dir.resolve("killed-late").toString())) {
        assertThat(sinkLines(sink)).isEqualTo(expected.sink());
        assertThat(lateLines(late)).isEqualTo(expected.late());
      }
    }
  }

  @Test
  void aNoDataBatchEmitsWhatTheLastBatchClosed() {
    List<List<Row>> commits = List.of(
        List.of(Row.of(SCHEMA, 0L, "u", 5L, Instant.ofEpochMilli(MIN)), Row.of(SCHEMA, 1L, "u", 7L, Instant.ofEpochMilli(2 * MIN))),
        List.of(Row.of(SCHEMA, 2L, "u", 1L, Instant.ofEpochMilli(25 * MIN))));
    try (Table src = source(commits)) {
      List<QueryProgress> progress = new ArrayList<>();
      query(src, WindowSpec.tumbling("ts", Duration.ofMinutes(10)), "nd").addListener(progress::add).start()
          .awaitTermination();
      assertThat(progress).extracting(QueryProgress::numInputRows).containsExactly(2L, 1L, 0L);
      assertThat(progress).extracting(QueryProgress::numOutputRows).containsExactly(0L, 0L, 1L);
      assertThat(progress).extracting(QueryProgress::watermarkMs).containsExactly(0L, 2 * MIN, 25 * MIN);
      assertThat(progress.get(2).endOffset()).isEqualTo(progress.get(1).endOffset());
      try (Table sink = Table.open(dir.resolve("nd-sink").toString())) {
        assertThat(sinkLines(sink)).containsExactly("0|" + 10 * MIN + "|u|2|12|5|7|6.0");
      }
      assertThat(model(commits, 10 * MIN, 10 * MIN, 0).batches()).isEqualTo(3);
    }
  }

  @Test
  void slidingWindowsCountARowInEveryOpenWindow() {
    List<List<Row>> commits = batches(3, 8);
    Expected expected = model(commits, 15 * MIN, 5 * MIN, 4 * MIN);
    try (Table src = source(commits)) {
      query(src, WindowSpec.parse("sliding(ts, 15 minutes, 5 minutes)").watermark(Duration.ofMinutes(4)), "s")
          .start().awaitTermination();
      try (Table sink = Table.open(dir.resolve("s-sink").toString());
          Table late = Table.open(dir.resolve("s-late").toString())) {
        assertThat(sinkLines(sink)).isEqualTo(expected.sink());
        assertThat(lateLines(late)).isEqualTo(expected.late());
      }
    }
  }

  @Test
  void completeModeKeepsEveryWindowAndBadSpecsFailAtStart() {
    List<List<Row>> commits = batches(5, 4);
    try (Table src = source(commits)) {
      query(src, WindowSpec.tumbling("ts", Duration.ofMinutes(10)), "c").outputMode(OutputMode.COMPLETE).start()
          .awaitTermination();
      long nonNull = commits.stream().flatMap(List::stream).filter(r -> r.get(3) != null).count();
      try (Table sink = Table.open(dir.resolve("c-sink").toString())) {
        assertThat(sink.newScan().toList().stream().mapToLong(r -> r.getLong("n")).sum()).isEqualTo(nonNull);
      }
      assertThatThrownBy(() -> query(src, WindowSpec.tumbling("user", Duration.ofMinutes(1)), "x").start())
          .isInstanceOf(StreamingException.class).hasMessageContaining("must be a timestamp");
      assertThatThrownBy(() -> WindowSpec.parse("hopping(ts, 1 hour)")).isInstanceOf(StreamingException.class);
    }
  }
}
