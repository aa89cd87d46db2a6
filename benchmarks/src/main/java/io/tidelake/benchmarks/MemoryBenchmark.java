package io.tidelake.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * memory: peak heap of one operation, each in its own child JVM ({@link MemoryProbe}) with the same flags:
 * appending the append data set (against raw parquet-mr writing the same rows) and loading the snapshot
 * benchmark's table to the file list (against Delta Kernel). The child JVMs run G1 with a fixed 64 MiB young
 * generation so that collections happen regularly and "peak used" means live data plus at most one young
 * generation of garbage, not whatever eden size G1 picked on a 24 GiB machine.
 */
final class MemoryBenchmark {
  static final List<String> FLAGS = List.of("-Xmx4g", "-Xmn64m", "-XX:+UseG1GC");

  private MemoryBenchmark() {}

  static void run(Settings s, PrintStream out) throws Exception {
    Path dir = s.work().resolve("memory");
    Harness.deleteTree(dir);
    try {
      String n = Long.toString(s.appendRows());
      ChildJvm.Outcome t = ChildJvm.run(FLAGS, MemoryProbe.class, "append-tidelake", dir.resolve("t").toString(), n);
      ChildJvm.Outcome p = ChildJvm.run(FLAGS, MemoryProbe.class, "append-parquet", dir.resolve("p").toString(), n);
      Harness.log("memory append: tidelake %s; parquet %s", t.lines(), p.lines());
      new Result("memory").put("op", "append").put("peak_heap_mb", t.value("MEMORY", "peak_mb"))
          .put("live_heap_mb", t.value("MEMORY", "live_mb")).put("rows", s.appendRows())
          .put("parquet_peak_heap_mb", p.value("MEMORY", "peak_mb"))
          .put("parquet_live_heap_mb", p.value("MEMORY", "live_mb"))
          .print(out);
      Harness.deleteTree(dir);

      SnapshotBenchmark.Built b = SnapshotBenchmark.table(s);
      long files = (long) s.snapshotCommits() * s.snapshotFilesPerCommit();
      ChildJvm.Outcome ts = ChildJvm.run(FLAGS, MemoryProbe.class, "snapshot-tidelake", b.location);
      ChildJvm.Outcome ks = ChildJvm.run(FLAGS, MemoryProbe.class, "snapshot-kernel", b.location);
      for (ChildJvm.Outcome o : List.of(ts, ks)) {
        if (Long.parseLong(o.value("MEMORY", "check")) != files) {
          throw new IllegalStateException("snapshot memory probe listed " + o.lines() + ", expected " + files);
        }
      }
      Harness.log("memory snapshot: tidelake %s; kernel %s", ts.lines(), ks.lines());
      new Result("memory").put("op", "snapshot").put("peak_heap_mb", ts.value("MEMORY", "peak_mb"))
          .put("live_heap_mb", ts.value("MEMORY", "live_mb")).put("files", files)
          .put("kernel_peak_heap_mb", ks.value("MEMORY", "peak_mb"))
          .put("kernel_live_heap_mb", ks.value("MEMORY", "live_mb"))
          .print(out);
    } finally {
      Harness.deleteTree(dir);
    }
  }
}
