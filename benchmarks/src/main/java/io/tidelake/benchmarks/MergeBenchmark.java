package io.tidelake.benchmarks;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.merge.Merge;
import io.tidelake.merge.MergeResult;
import io.tidelake.merge.MergeSource;
import io.tidelake.table.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * merge: an upsert of a source of n/10 rows — half of them updates of ids spread over every one of the
 * target's 20 files (2 per date partition), half new ids — into an n-row target, in copy-on-write and
 * deletion-vector mode, on copies of the same table, alternating with the floor measured in the same run:
 * raw parquet-mr reading every touched file and writing the same output rows (CoW: every row of the
 * touched files, updated where the source says, plus the inserts; DV: only the updated and inserted rows).
 * Reported: seconds, bytes written, the ratio to the floor. Then a selective MERGE (1,000 updates, all in
 * one of the 10 date partitions): the files it touched and its speed-up over the spread case. Last, the
 * spill case: the spread upsert (copy-on-write) from a source generated row by row (never held by the
 * benchmark), with a memory budget of {@link #SPILL_BYTES_PER_ROW} bytes per source row — far below its
 * in-memory size, so the MERGE spills it and joins it in partition batches — against the same MERGE with
 * the default budget (in memory), alternating in the same run. Last, the capacity figure: a source
 * as big as the target merged in a child JVM at {@code -Xmx512m} (case {@code spill_small_heap}).
 */
final class MergeBenchmark {
  private MergeBenchmark() {}

  static final int FILES = 20;
  static final int SELECTIVE_ROWS = 1000;
  static final List<String> COLUMNS = Events.SCHEMA.fieldNames();
  /** The spill case's budget per source row: a held row takes several hundred bytes, so this forces a spill. */
  static final long SPILL_BYTES_PER_ROW = 64;

  /**
   * Which parts run: {@code -Dtidelake.bench.merge=cow,dv,spill} (all by default), e.g. to profile one of
   * them with {@code BENCH_JAVA_OPTS}.
   */
  static final String CASES_PROPERTY = "tidelake.bench.merge";

  static boolean enabled(String part) {
    String cases = System.getProperty(CASES_PROPERTY, "");
    return cases.isBlank() || java.util.Arrays.asList(cases.split(",")).contains(part);
  }

  static void run(Settings s, PrintStream out) throws Exception {
    long n = s.quick() ? s.appendRows() / 10 : s.appendRows(); // quick: a tiny smoke run
    Path dir = s.work().resolve("merge");
    Harness.deleteTree(dir);
    try {
      int runs = Math.max(1, s.runs() - 2);
      for (boolean dv : new boolean[] {false, true}) {
        String mode = dv ? "dv" : "cow";
        if (!enabled(mode)) {
          continue;
        }
        Path base = build(dir.resolve("base-" + mode), n, dv);
        Path table = dir.resolve(mode);
        Path floorOut = dir.resolve("floor-" + mode);
        List<Row> source = spreadSource(n);
        long[] written = new long[2];
        MergeResult[] result = new MergeResult[1];
        Samples[] t = Harness.alternate("merge spread mode=" + mode, s.warmups(), runs,
            side -> {
              if (side == 0) {
                UpdateBenchmark.copy(base, table);
              } else {
                Harness.deleteTree(floorOut);
              }
            },
            () -> {
              long before = Harness.dirBytes(table);
              result[0] = merge(table, source);
              written[0] = Harness.dirBytes(table) - before;
              return result[0].numTargetRowsUpdated();
            },
            () -> {
              long rows = floor(base, source, floorOut, dv, n);
              written[1] = Harness.dirBytes(floorOut);
              return rows;
            });
        MergeResult r = result[0];
        if (r.numTargetRowsUpdated() != source.size() / 2 || r.numTargetRowsInserted() != source.size() / 2) {
          throw new IllegalStateException("merge " + mode + ": updated " + r.numTargetRowsUpdated() + ", inserted "
              + r.numTargetRowsInserted() + ", expected " + source.size() / 2 + " each");
        }
        new Result("merge").put("case", "spread").put("mode", mode).put("target_rows", n).put("files", FILES)
            .put("source_rows", source.size()).put("seconds", t[0].medianMs() / 1000.0)
            .put("floor_seconds", t[1].medianMs() / 1000.0).put("bytes_written", written[0])
            .put("floor_bytes_written", written[1]).put("files_touched", r.metric("numTargetFilesRemoved")
                + r.metric("numTargetDeletionVectorsAdded"))
            .ratio("ratio_to_floor", t[0].medianNs() / t[1].medianNs()).print(out);
        // selective: 1,000 updates, all in one date partition
        List<Row> selective = selectiveSource(n);
        MergeResult[] sel = new MergeResult[1];
        Samples[] ts = Harness.alternate("merge selective mode=" + mode, s.warmups(), runs,
            side -> UpdateBenchmark.copy(base, table),
            () -> {
              sel[0] = merge(table, selective);
              return sel[0].numTargetRowsUpdated();
            },
            () -> 0);
        new Result("merge").put("case", "selective").put("mode", mode).put("target_rows", n)
            .put("source_rows", selective.size()).put("seconds", ts[0].medianMs() / 1000.0)
            .put("files_touched", sel[0].metric("numTargetFilesRemoved") + sel[0].metric("numTargetDeletionVectorsAdded"))
            .ratio("speedup_vs_spread", t[0].medianNs() / ts[0].medianNs()).print(out);
        Harness.deleteTree(base);
      }
      if (enabled("spill")) {
        spill(s, dir, n, runs, out);
      }
      if (enabled("spill512")) {
        spillInSmallHeap(dir, n, out);
      }
    } finally {
      Harness.deleteTree(dir);
    }
  }

  private static void spill(Settings s, Path dir, long n, int runs, PrintStream out) throws Exception {
    Path base = build(dir.resolve("base-spill"), n, false);
    Path table = dir.resolve("spill");
    long sourceRows = n / 20 * 2;
    long budget = Math.max(1, sourceRows * SPILL_BYTES_PER_ROW);
    MergeResult[] result = new MergeResult[2];
    Samples[] t = Harness.alternate("merge spill", s.warmups(), runs,
        side -> UpdateBenchmark.copy(base, table),
        () -> {
          result[0] = merge(table, generatedSpreadSource(n), budget, dir.resolve("spill-files"));
          return result[0].numTargetRowsUpdated();
        },
        () -> {
          result[1] = merge(table, generatedSpreadSource(n), -1, null);
          return result[1].numTargetRowsUpdated();
        });
    MergeResult r = result[0];
    if (r.metric("sourceSpillPasses") < 2 || r.numTargetRowsUpdated() != result[1].numTargetRowsUpdated()
        || r.numTargetRowsInserted() != result[1].numTargetRowsInserted()) {
      throw new IllegalStateException("merge spill: " + r.metrics() + " against in memory " + result[1].metrics());
    }
    new Result("merge").put("case", "spill").put("mode", "cow").put("target_rows", n).put("source_rows", sourceRows)
        .put("budget_bytes", budget).put("spill_bytes", r.metric("sourceSpillBytes"))
        .put("spill_passes", r.metric("sourceSpillPasses")).put("spill_seconds", r.metric("sourceSpillTimeMs") / 1000.0)
        .put("seconds", t[0].medianMs() / 1000.0).put("in_memory_seconds", t[1].medianMs() / 1000.0)
        .ratio("ratio_to_in_memory", t[0].medianNs() / t[1].medianNs()).print(out);
    Harness.deleteTree(base);
  }

  /** The heap of the big spill case's child JVM: the "completes at -Xmx512m". */
  static final String SMALL_HEAP = "-Xmx512m";

  /**
   * The spill figure: a source as big as the target (n rows: n/2 updates, n/2 inserts) merged in
   * a child JVM at {@link #SMALL_HEAP} with the default budget (half the heap), which must spill the
   * source and the matched rows to complete. One run: it is a capacity figure, not a ratio.
   */
  private static void spillInSmallHeap(Path dir, long n, PrintStream out) throws Exception {
    Path table = build(dir.resolve("spill512"), n, false);
    ChildJvm.Outcome o = ChildJvm.run(java.util.List.of(SMALL_HEAP, "-XX:+UseG1GC"), MergeSpillProbe.class,
        table.toString(), String.valueOf(n), dir.resolve("spill512-files").toString());
    long updated = Long.parseLong(o.value("PROBE", "updated"));
    long inserted = Long.parseLong(o.value("PROBE", "inserted"));
    if (updated != n / 2 || inserted != n / 2) {
      throw new IllegalStateException("merge spill at " + SMALL_HEAP + ": " + o.lines());
    }
    new Result("merge").put("case", "spill_small_heap").put("mode", "cow").put("heap", SMALL_HEAP.substring(4))
        .put("target_rows", n).put("source_rows", 2 * (n / 2)).put("seconds", Double.parseDouble(o.value("PROBE", "seconds")))
        .put("spill_bytes", Long.parseLong(o.value("PROBE", "spill_bytes")))
        .put("spill_passes", Long.parseLong(o.value("PROBE", "spill_passes")))
        .put("spill_seconds", Long.parseLong(o.value("PROBE", "spill_ms")) / 1000.0)
        .put("peak_heap_mb", Long.parseLong(o.value("PROBE", "peak_heap_mb"))).print(out);
    Harness.deleteTree(table);
  }

  /** {@link #spreadSource} generated row by row, so the benchmark itself holds none of it. */
  static MergeSource generatedSpreadSource(long n) {
    return generatedUpsertSource(n, 20);
  }

  /** Updates of every {@code stride}-th id (amount + 1), then as many new ids on the same dates, row by row. */
  static MergeSource generatedUpsertSource(long n, long stride) {
    long updates = n / stride;
    java.util.Iterator<Row> rows = new java.util.Iterator<>() {
      long k;

      @Override
      public boolean hasNext() {
        return k < 2 * updates;
      }

      @Override
      public Row next() {
        long i = k++;
        return i < updates ? changed(Events.row(i * stride, n), i * stride)
            : changed(Events.row((i - updates) * stride, n), n + i - updates);
      }
    };
    return MergeSource.of(Events.SCHEMA, rows);
  }

  private static MergeResult merge(Path dir, MergeSource source, long budget, Path spillDir) {
    try (Table t = Table.open(dir.toString())) {
      Merge m = Merge.into(t).using(source).on("t.id = s.id AND t.date = s.date")
          .whenMatched().updateAll()
          .whenNotMatched().insertAll();
      if (budget > 0) {
        m = m.memoryBudget(budget).spillDirectory(spillDir);
      }
      return m.execute();
    }
  }

  private static MergeResult merge(Path dir, List<Row> source) {
    try (Table t = Table.open(dir.toString())) {
      return Merge.into(t).using(Events.SCHEMA, source).on("t.id = s.id AND t.date = s.date")
          .whenMatched().updateAll()
          .whenNotMatched().insertAll()
          .execute();
    }
  }

  /** Every 20th id updated (amount + 1), and as many new ids (n + k) on the same dates. */
  static List<Row> spreadSource(long n) {
    List<Row> out = new ArrayList<>();
    long updates = n / 20;
    for (long k = 0; k < updates; k++) {
      out.add(changed(Events.row(k * 20, n), k * 20));
    }
    for (long k = 0; k < updates; k++) {
      out.add(changed(Events.row(k * 20, n), n + k));
    }
    return out;
  }

  /** 1,000 updates of consecutive ids in date partition 3. */
  static List<Row> selectiveSource(long n) {
    long first = Events.firstIdOfDate(3, n);
    List<Row> out = new ArrayList<>();
    for (long id = first; id < first + Math.min(SELECTIVE_ROWS, n / 20); id++) {
      out.add(changed(Events.row(id, n), id));
    }
    return out;
  }

  static Row changed(Row r, long id) {
    Object[] v = new Object[r.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    v[0] = id;
    v[3] = ((Double) v[3]) + 1;
    return GenericRow.trusted(Events.SCHEMA, v);
  }

  /** n event rows partitioned by date, 2 files per date (20 files). */
  private static Path build(Path dir, long n, boolean dv) {
    try (Table t = Table.create(dir.toString()).schema(Events.SCHEMA).partitionBy(Events.PARTITION_COLUMN)
        .property("delta.enableDeletionVectors", String.valueOf(dv)).create()) {
      for (int f = 0; f < FILES; f++) {
        t.newAppend().addRows(Events.rows(n * f / FILES, n * (f + 1) / FILES, n)).commit();
      }
    }
    return dir;
  }

  /**
   * The floor: parquet-mr reads every file of the table (the spread source touches all of them), looks each
   * id up in a hash map of the source, and writes the output rows (CoW: all, updated where matched; DV: the
   * updated ones), then the inserts, into new files. Returns the rows updated.
   */
  private static long floor(Path table, List<Row> source, Path outDir, boolean dv, long n) throws IOException {
    Map<Long, Row> byId = new HashMap<>();
    for (Row r : source) {
      byId.put((Long) r.get(0), r);
    }
    long updated = 0;
    int file = 0;
    List<Path> inputs = new ArrayList<>();
    List<LocalDate> dates = new ArrayList<>();
    try (Table t = Table.open(table.toString())) {
      for (io.tidelake.table.ScanFile f : t.newScan().planFiles()) {
        inputs.add(Path.of(f.location()));
        dates.add((LocalDate) f.partitionValues().get(Events.PARTITION_COLUMN));
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      Path outFile = outDir.resolve("date=" + dates.get(i)).resolve("part-" + file++ + ".snappy.parquet");
      try (ParquetReader<Object[]> r = RawParquet.openReader(inputs.get(i), COLUMNS, dates.get(i), null);
          ParquetWriter<Row> w = RawParquet.openWriter(outFile, 128L << 20, 1 << 20)) {
        Object[] v;
        while ((v = r.read()) != null) {
          Row u = byId.remove((Long) v[0]);
          if (u != null) {
            w.write(u);
            updated++;
          } else if (!dv) {
            w.write(GenericRow.trusted(Events.SCHEMA, v));
          }
        }
      }
    }
    RawParquet.writePartitioned(outDir.resolve("inserts"), byId.values().iterator(), 128L << 20, 1 << 20);
    Harness.sink += n;
    return updated;
  }
}
