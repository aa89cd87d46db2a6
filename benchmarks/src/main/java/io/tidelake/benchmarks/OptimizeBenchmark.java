package io.tidelake.benchmarks;

import io.tidelake.compaction.Optimize;
import io.tidelake.compaction.OptimizeMetrics;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.table.DataWriter;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * optimize: OPTIMIZE of many small files of one partition (full mode: 1,000 files × 5,000 rows) into
 * target-size files with 2 threads, against the floor measured in the same run — raw parquet-mr reading
 * the same files and writing the same rows into one file (goal: ratio OPTIMIZE time / floor ≤ 1.25).
 * Then Z-order by two columns of the compacted table: its time, and the files a point filter on each
 * column reads before and after.
 */
final class OptimizeBenchmark {
  private OptimizeBenchmark() {}

  static void run(Settings s, PrintStream out) throws Exception {
    int files = s.appendRows() >= 5_000_000 ? 1000 : s.appendRows() >= 100_000 ? 100 : 10;
    long perFile = s.appendRows() / files;
    long n = perFile * files;
    Path dir = s.work().resolve("optimize");
    Harness.deleteTree(dir);
    try {
      Path base = build(dir.resolve("base"), files, perFile);
      List<Path> inputs = dataFiles(base);
      Path opt = dir.resolve("opt");
      Path raw = dir.resolve("raw");
      long[] rows = new long[2];
      long[] outFiles = new long[1];
      Samples[] t = Harness.alternate("optimize files=" + files, s.warmups(), Math.max(1, s.runs() - 2),
          side -> {
            if (side == 0) {
              UpdateBenchmark.copy(base, opt);
            } else {
              Harness.deleteTree(raw);
            }
          },
          () -> {
            try (Table tab = Table.open(opt.toString())) {
              OptimizeMetrics m = Optimize.of(tab).maxThreads(2).execute();
              outFiles[0] = m.numAddedFiles();
              return m.numRemovedFiles();
            }
          },
          () -> rows[1] = rawRewrite(inputs, raw.resolve("part-0.snappy.parquet")));
      try (Table tab = Table.open(opt.toString())) { // the last run's result, outside the timing
        rows[0] = tab.newScan().count();
      }
      if (rows[0] != n || rows[1] != n) {
        throw new IllegalStateException("optimize: table has " + rows[0] + " rows, raw rewrite " + rows[1] + ", expected "
            + n);
      }
      new Result("optimize").put("files", files).put("rows", n).put("tidelake_ms", t[0].medianMs())
          .put("floor_ms", t[1].medianMs()).ratio("ratio", t[0].medianNs() / t[1].medianNs())
          .put("output_files", outFiles[0]).put("threads", 2).print(out);
      zOrder(base, opt, n, out);
    } finally {
      Harness.deleteTree(dir);
    }
  }

  /**
   * Z-order of the compacted table by user_id and amount into about 16 files; a point filter on each column
   * is planned on the small input files before (every file spans every value) and on the Z-ordered files.
   */
  private static void zOrder(Path base, Path table, long n, PrintStream out) throws IOException {
    String[] filters = {"user_id = 424242", "amount = 500.0"};
    int[] before = new int[2];
    int filesBefore;
    try (Table b = Table.open(base.toString())) {
      filesBefore = b.snapshot().numFiles();
      for (int i = 0; i < 2; i++) {
        before[i] = b.newScan().where(filters[i]).planFiles().size();
      }
    }
    try (Table t = Table.open(table.toString())) {
      long target = Math.max(64 * 1024, t.snapshot().sizeInBytes() / 16);
      long start = System.nanoTime();
      Optimize.of(t).zOrderBy("user_id", "amount").targetFileSize(target).maxThreads(2).execute();
      double ms = (System.nanoTime() - start) / 1e6;
      int[] after = new int[2];
      for (int i = 0; i < 2; i++) {
        after[i] = t.newScan().where(filters[i]).planFiles().size();
      }
      if (t.newScan().count() != n) {
        throw new IllegalStateException("Z-order changed the row count");
      }
      new Result("optimize").put("op", "zorder").put("rows", n).put("zorder_ms", ms).put("files_before", filesBefore)
          .put("files_after", t.snapshot().numFiles()).put("user_id_files_before", before[0])
          .put("user_id_files_after", after[0]).put("amount_files_before", before[1])
          .put("amount_files_after", after[1]).print(out);
    }
  }

  /** One partition (every row on the first date) written as {@code files} small files in one commit. */
  private static Path build(Path dir, int files, long perFile) {
    long total = (long) files * perFile * Events.DATES; // ids [0, files*perFile) all fall on the first date
    try (Table t = Table.create(dir.toString()).schema(Events.SCHEMA).partitionBy(Events.PARTITION_COLUMN).create()) {
      List<AddFile> adds = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        try (DataWriter w = t.newDataWriter()) {
          w.writeAll(Events.rows(f * perFile, (f + 1) * perFile, total));
          adds.addAll(w.finish());
        }
      }
      t.newAppend().addFiles(adds).commit();
    }
    return dir;
  }

  /** The floor: parquet-mr reads every input file and writes the same rows into one file. */
  private static long rawRewrite(List<Path> inputs, Path output) throws IOException {
    List<String> columns = Events.SCHEMA.fieldNames();
    long rows = 0;
    try (ParquetWriter<Row> w = RawParquet.openWriter(output, 128L * 1024 * 1024, 1024 * 1024)) {
      for (Path in : inputs) {
        try (ParquetReader<Object[]> r = RawParquet.openReader(in, columns, Events.FIRST_DATE, null)) {
          for (Object[] v = r.read(); v != null; v = r.read()) {
            w.write(GenericRow.trusted(Events.SCHEMA, v));
            rows++;
          }
        }
      }
    }
    return rows;
  }

  static List<Path> dataFiles(Path table) throws IOException {
    try (Stream<Path> s = Files.walk(table)) {
      return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).sorted()
          .toList();
    }
  }

}
