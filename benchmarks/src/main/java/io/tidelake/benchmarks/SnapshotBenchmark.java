package io.tidelake.benchmarks;

import io.delta.kernel.engine.Engine;
import io.tidelake.table.DataWriter;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.DataPaths;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * snapshot: loading a table of many commits "to the file list" with Tidelake and with Delta Kernel 4.4.0
 * (DefaultEngine), on the same table in the same run. The table has {@code commits} appends of
 * {@code filesPerCommit} files each (checkpoints every 10), built through the library's own two-phase API:
 * one real small data file per date is written with a DataWriter, and every commit adds fabricated add
 * actions (unique paths, hard links to those files, real stats) with {@code newAppend().addFiles(...)}.
 *
 * <ul>
 *   <li>{@code cold}: a new JVM per load; {@code *_ms} is from main() to the counted file list (class loading
 *       and JIT-cold code included), {@code *_process_ms} the whole process including JVM start-up.
 *   <li>{@code warm}: in this JVM after warm-up, a fresh table object each time (Tidelake: Table.open +
 *       snapshot().files(); Kernel: Table.forPath + getLatestSnapshot + getScanFiles).
 *   <li>{@code travel}: the same, to version {@code travelVersion}.
 *   <li>{@code refresh}: an open table, after another writer committed one more version.
 * </ul>
 * ratio = kernel_ms / tidelake_ms (above 1: Tidelake is faster).
 */
final class SnapshotBenchmark {
  private SnapshotBenchmark() {}

  static void run(Settings s, PrintStream out) throws Exception {
    Built b = table(s);
    try {
      String loc = b.location;
      long files = (long) s.snapshotCommits() * s.snapshotFilesPerCommit();

      cold(s, out, loc, files);

      Engine engine = KernelLoad.engine();
      long[] counts = new long[2];
      Samples[] warm = Harness.alternate("snapshot warm", 2 * s.loadRuns(), s.loadRuns(), null,
          () -> counts[0] = TidelakeLoad.latest(loc), () -> counts[1] = KernelLoad.latest(engine, loc));
      check(counts, files, "warm");
      Samples internal = new Samples();
      for (int i = 0; i < s.loadRuns(); i++) {
        long st = System.nanoTime();
        Harness.sink += TidelakeLoad.latestInternal(loc);
        internal.add(System.nanoTime() - st);
      }
      Harness.log("snapshot warm, internal load only (no Table.open refresh): %s", internal);
      emit(out, "warm", warm).put("files", files).put("tidelake_load_only_ms", internal.medianMs()).print(out);

      long v = s.travelVersion();
      Samples[] travel = Harness.alternate("snapshot travel", 2 * s.loadRuns(), s.loadRuns(), null,
          () -> counts[0] = TidelakeLoad.atVersion(loc, v), () -> counts[1] = KernelLoad.atVersion(engine, loc, v));
      check(counts, v * s.snapshotFilesPerCommit(), "travel");
      Samples travelInternal = new Samples();
      for (int i = 0; i < s.loadRuns(); i++) {
        long st = System.nanoTime();
        Harness.sink += TidelakeLoad.atVersionInternal(loc, v);
        travelInternal.add(System.nanoTime() - st);
      }
      Harness.log("snapshot travel, internal load only (no eager newest load): %s", travelInternal);
      emit(out, "travel", travel).put("version", v).put("files", v * s.snapshotFilesPerCommit())
          .put("tidelake_load_only_ms", travelInternal.medianMs()).print(out);

      // refresh: reader tables stay open; before each timed load another writer commits one file
      Table reader = Table.open(loc);
      Table writer = Table.open(loc);
      io.delta.kernel.Table kernelTable = io.delta.kernel.Table.forPath(engine, loc);
      TidelakeLoad.latest(reader);
      KernelLoad.latest(engine, kernelTable);
      int[] next = {0};
      Samples[] refresh = Harness.alternate("snapshot refresh", s.loadRuns(), s.loadRuns(),
          side -> writer.newAppend().addFiles(List.of(b.fabricate(s.snapshotCommits() + 1 + next[0]++, 0))).commit(),
          () -> counts[0] = TidelakeLoad.latest(reader), () -> counts[1] = KernelLoad.latest(engine, kernelTable));
      // A ran before the last commit, B after it
      check(new long[] {counts[0] + 1, counts[1]}, files + next[0], "refresh");
      emit(out, "refresh", refresh).put("p90_tidelake_ms", refresh[0].percentileMs(90))
          .put("p90_kernel_ms", refresh[1].percentileMs(90)).print(out);
    } finally {
      // the refresh loads added commits: the table is no longer the benchmark's shape
      Harness.deleteTree(s.work().resolve("snapshot"));
      shared = null;
    }
  }

  private static Built shared;

  /** The benchmark table, built once per run and shared with the memory benchmark (which does not change it). */
  static synchronized Built table(Settings s) throws Exception {
    if (shared == null) {
      Path dir = s.work().resolve("snapshot");
      Harness.deleteTree(dir);
      long t0 = System.nanoTime();
      shared = build(dir, s.snapshotCommits(), s.snapshotFilesPerCommit());
      Harness.log("snapshot table: built %d commits x %d files in %.1f s", s.snapshotCommits(),
          s.snapshotFilesPerCommit(), (System.nanoTime() - t0) / 1e9);
    }
    return shared;
  }

  private static void cold(Settings s, PrintStream out, String loc, long files) throws Exception {
    Samples tIn = new Samples();
    Samples kIn = new Samples();
    Samples tProc = new Samples();
    Samples kProc = new Samples();
    List<String> flags = List.of("-Xshare:auto");
    // The table was just built in this JVM: let its collector and JIT threads go quiet, so the child JVMs
    // (both sides alike) do not share the 2 cores with the parent's leftover background work.
    System.gc();
    Thread.sleep(2_000);
    for (int i = 0; i < s.coldRuns(); i++) {
      ChildJvm.Outcome t = ChildJvm.run(flags, SnapshotProbe.class, "tidelake", loc);
      ChildJvm.Outcome k = ChildJvm.run(flags, SnapshotProbe.class, "kernel", loc);
      for (ChildJvm.Outcome o : List.of(t, k)) {
        if (Long.parseLong(o.value("PROBE", "files")) != files) {
          throw new IllegalStateException("cold load counted " + o.lines() + ", expected " + files + " files");
        }
      }
      tIn.add((long) (Double.parseDouble(t.value("PROBE", "ms")) * 1e6));
      kIn.add((long) (Double.parseDouble(k.value("PROBE", "ms")) * 1e6));
      tProc.add(t.wallNanos());
      kProc.add(k.wallNanos());
    }
    Harness.log("snapshot cold: tidelake in-JVM %s process %s; kernel in-JVM %s process %s", tIn, tProc, kIn, kProc);
    new Result("snapshot").put("mode", "cold").put("tidelake_ms", tIn.medianMs()).put("kernel_ms", kIn.medianMs())
        .ratio("ratio", kIn.medianNs() / tIn.medianNs()).put("files", files)
        .put("tidelake_process_ms", tProc.medianMs()).put("kernel_process_ms", kProc.medianMs())
        .ratio("process_ratio", kProc.medianNs() / tProc.medianNs())
        .print(out);
  }

  private static Result emit(PrintStream out, String mode, Samples[] r) {
    return new Result("snapshot").put("mode", mode).put("tidelake_ms", r[0].medianMs())
        .put("kernel_ms", r[1].medianMs()).ratio("ratio", r[1].medianNs() / r[0].medianNs());
  }

  private static void check(long[] counts, long expected, String mode) {
    if (counts[0] != expected || counts[1] != expected) {
      throw new IllegalStateException("snapshot " + mode + ": expected " + expected + " files, Tidelake listed "
          + counts[0] + ", Kernel " + counts[1]);
    }
  }

  /** The built table and what fabricating more add actions needs. */
  static final class Built {
    final String location;
    final Path root;
    final List<AddFile> templates; // one real file per date, by date

    Built(String location, List<AddFile> templates) {
      this.location = location;
      this.root = Path.of(location);
      this.templates = templates;
    }

    /** Add action {@code i} of commit {@code c}: a hard link to the template of its date, same size and stats. */
    AddFile fabricate(int c, int i) throws java.io.IOException {
      AddFile tpl = templates.get((c * 7 + i) % templates.size());
      String tplPath = tpl.path();
      String relDir = tplPath.substring(0, tplPath.lastIndexOf('/'));
      String rel = relDir + "/" + String.format("part-%05d-%03d-bench.c000.snappy.parquet", c, i);
      Path target = root.resolve(DataPaths.percentDecode(rel));
      Path source = root.resolve(DataPaths.percentDecode(tplPath));
      try {
        Files.createLink(target, source);
      } catch (UnsupportedOperationException | java.io.IOException e) {
        Files.copy(source, target);
      }
      return AddFile.of(rel, tpl.partitionValues(), tpl.size(), System.currentTimeMillis(), true, tpl.stats());
    }
  }

  static Built build(Path dir, int commits, int filesPerCommit) throws Exception {
    String loc = dir.resolve("table").toString();
    Table t = Table.create(loc).schema(Events.SCHEMA).partitionBy(Events.PARTITION_COLUMN)
        .property("delta.checkpointInterval", "10").create();
    List<AddFile> templates;
    try (DataWriter w = t.newDataWriter()) {
      w.writeAll(Events.rows(0, 1000, 1000)); // 100 rows in each of the 10 dates
      templates = new ArrayList<>(w.finish());
    }
    templates.sort(Comparator.comparing(AddFile::path));
    Built b = new Built(loc, templates);
    for (int c = 1; c <= commits; c++) {
      List<AddFile> adds = new ArrayList<>(filesPerCommit);
      for (int i = 0; i < filesPerCommit; i++) {
        adds.add(b.fabricate(c, i));
      }
      t.newAppend().addFiles(adds).commit();
    }
    return b;
  }
}
