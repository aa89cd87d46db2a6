package io.tidelake.benchmarks;

import io.tidelake.compaction.Vacuum;
import io.tidelake.compaction.VacuumResult;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * vacuum: a table of many small referenced files (full mode 100,000) with a tenth as many unreferenced
 * files among them (10,000), on local disk. Vacuum's files/s (snapshot, listing, the START and END
 * commits and the deletes) against the floor measured in the same run: a walk of the same tree and a
 * delete of exactly those files by a program that already knows which ones they are.
 */
final class VacuumBenchmark {
  private static final long DAY = 86_400_000L;

  private VacuumBenchmark() {}

  static void run(Settings s, PrintStream out) throws Exception {
    int referenced = (int) Math.max(100, s.appendRows() / 50);
    int orphans = referenced / 10;
    Path dir = s.work().resolve("vacuum");
    Harness.deleteTree(dir);
    try {
      Path table = dir.resolve("t");
      build(table, referenced);
      List<Path> doomed = new ArrayList<>();
      for (int i = 0; i < orphans; i++) {
        doomed.add(table.resolve("p=" + (i % 10)).resolve("orphan-" + i + ".bin"));
      }
      long[] deleted = new long[2];
      Samples[] t = Harness.alternate("vacuum files=" + referenced + " orphans=" + orphans, s.warmups(),
          Math.max(1, s.runs() - 2), side -> plant(doomed),
          () -> {
            try (Table tab = Table.open(table.toString())) {
              long later = System.currentTimeMillis() + 8 * DAY; // everything is older than the retention
              VacuumResult r = Vacuum.of(tab).clock(() -> later).maxThreads(2).execute();
              return deleted[0] = r.numDeletedFiles();
            }
          },
          () -> deleted[1] = rawDelete(table, doomed));
      if (deleted[0] != orphans || deleted[1] != orphans) {
        throw new IllegalStateException("vacuum deleted " + deleted[0] + ", raw " + deleted[1] + ", expected " + orphans);
      }
      double tps = orphans / (t[0].medianNs() / 1e9);
      double rps = orphans / (t[1].medianNs() / 1e9);
      new Result("vacuum").put("store", "local").put("files", referenced).put("orphans", orphans)
          .put("tidelake_ms", t[0].medianMs()).put("floor_ms", t[1].medianMs()).put("files_per_s", tps)
          .put("floor_files_per_s", rps).ratio("ratio", tps / rps).print(out);
    } finally {
      Harness.deleteTree(dir);
    }
    runOnS3(s, out, Math.max(100, referenced / 10));
  }

  /**
   * The same on the in-process S3 server (a tenth of the files: every object is an HTTP PUT to set up).
   * The floor lists the prefix through the same store (paginated) and deletes the known orphans with the
   * same batched DeleteObjects: vacuum's extra cost is reading the snapshot, filtering and its two commits.
   */
  private static void runOnS3(Settings s, PrintStream out, int referenced) throws Exception {
    int orphans = referenced / 10;
    try (StoreTarget target = S3ProxyTarget.start()) {
      io.tidelake.format.store.ObjectStore store = target.store();
      String location = target.location("vacuum");
      try (Table t = Table.create(store, location).schema(io.tidelake.format.types.SchemaDdl.parse("id long, p int"))
          .partitionBy("p").create()) {
        List<AddFile> adds = new ArrayList<>(referenced);
        long now = System.currentTimeMillis();
        for (int i = 0; i < referenced; i++) {
          String rel = "p=" + (i % 10) + "/part-" + i + ".parquet";
          store.put(location + "/" + rel, new byte[] {1});
          adds.add(AddFile.of(rel, Map.of("p", String.valueOf(i % 10)), 1, now, true, null));
        }
        t.newAppend().addFiles(adds).commit();
      }
      List<String> doomed = new ArrayList<>();
      for (int i = 0; i < orphans; i++) {
        doomed.add(location + "/p=" + (i % 10) + "/orphan-" + i + ".bin");
      }
      long[] deleted = new long[2];
      Samples[] t = Harness.alternate("vacuum s3 files=" + referenced + " orphans=" + orphans, s.warmups(),
          Math.max(1, s.runs() - 2), side -> doomed.forEach(d -> store.put(d, new byte[] {2})),
          () -> {
            try (Table tab = Table.open(store, location)) {
              long later = System.currentTimeMillis() + 8 * DAY;
              return deleted[0] = Vacuum.of(tab).clock(() -> later).maxThreads(2).execute().numDeletedFiles();
            }
          },
          () -> {
            Harness.sink += store.listRecursive(location).size();
            return deleted[1] = store.deleteAll(doomed);
          });
      if (deleted[0] != orphans || deleted[1] != orphans) {
        throw new IllegalStateException("vacuum on S3 deleted " + deleted[0] + ", raw " + deleted[1] + ", expected "
            + orphans);
      }
      double tps = orphans / (t[0].medianNs() / 1e9);
      double rps = orphans / (t[1].medianNs() / 1e9);
      new Result("vacuum").put("store", "s3").put("files", referenced).put("orphans", orphans)
          .put("tidelake_ms", t[0].medianMs()).put("floor_ms", t[1].medianMs()).put("files_per_s", tps)
          .put("floor_files_per_s", rps).ratio("ratio", tps / rps).print(out);
    }
  }

  /** {@code n} one-byte files in 10 partition directories, all referenced by one commit. */
  private static void build(Path table, int n) throws IOException {
    try (Table t = Table.create(table.toString()).schema(io.tidelake.format.types.SchemaDdl.parse("id long, p int"))
        .partitionBy("p").create()) {
      List<AddFile> adds = new ArrayList<>(n);
      long now = System.currentTimeMillis();
      for (int i = 0; i < n; i++) {
        String rel = "p=" + (i % 10) + "/part-" + i + ".parquet";
        Path f = table.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[] {1});
        adds.add(AddFile.of(rel, Map.of("p", String.valueOf(i % 10)), 1, now, true, null));
      }
      t.newAppend().addFiles(adds).commit();
    }
  }

  private static void plant(List<Path> files) throws IOException {
    for (Path f : files) {
      Files.write(f, new byte[] {2});
    }
  }

  /** The floor: list the tree as vacuum must, then delete the known files. */
  private static long rawDelete(Path table, List<Path> doomed) throws IOException {
    long listed;
    try (Stream<Path> s = Files.walk(table)) {
      listed = s.filter(Files::isRegularFile).count();
    }
    Harness.sink += listed;
    long n = 0;
    for (Path f : doomed) {
      if (Files.deleteIfExists(f)) {
        n++;
      }
    }
    return n;
  }
}
