package io.tidelake.benchmarks;

import io.tidelake.merge.Merge;
import io.tidelake.merge.MergeResult;
import io.tidelake.table.Table;
import java.nio.file.Path;

/**
 * Child-JVM entry point of the merge benchmark's big spill case, run under a small {@code -Xmx}:
 * {@code MergeSpillProbe <table> <target rows> <spill dir>} upserts a source as big as the target
 * (generated row by row: every 2nd target id updated, as many new ids) with the default memory budget,
 * so the MERGE must spill the source (and its matched rows) to finish. Prints {@code PROBE seconds=..
 * updated=.. inserted=.. spill_bytes=.. spill_passes=.. spill_ms=.. peak_heap_mb=.. max_heap_mb=..}.
 */
public final class MergeSpillProbe {
  private MergeSpillProbe() {}

  public static void main(String[] args) {
    Path table = Path.of(args[0]);
    long n = Long.parseLong(args[1]);
    java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
    Thread sampler = MemoryProbe.startHeapSampler(peak, 5);
    long start = System.nanoTime();
    MergeResult r;
    try (Table t = Table.open(table.toString())) {
      r = Merge.into(t).using(MergeBenchmark.generatedUpsertSource(n, 2)).on("t.id = s.id AND t.date = s.date")
          .whenMatched().updateAll()
          .whenNotMatched().insertAll()
          .spillDirectory(Path.of(args[2]))
          .execute();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    System.out.println("PROBE seconds=" + seconds + " updated=" + r.numTargetRowsUpdated() + " inserted="
        + r.numTargetRowsInserted() + " spill_bytes=" + r.metric("sourceSpillBytes") + " spill_passes="
        + r.metric("sourceSpillPasses") + " spill_ms=" + r.metric("sourceSpillTimeMs") + " peak_heap_mb="
        + (peak.get() >> 20) + " max_heap_mb=" + (Runtime.getRuntime().maxMemory() >> 20));
  }
}
