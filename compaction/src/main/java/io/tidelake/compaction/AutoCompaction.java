package io.tidelake.compaction;

import io.tidelake.format.parquet.WriteOptions;
import io.tidelake.table.PostCommitHook;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta's auto compaction as a post-commit hook: with {@code delta.autoOptimize.autoCompact=true}, after a
 * commit that left at least {@code minNumFiles} (default 50, table property
 * {@code tidelake.autoCompact.minNumFiles}) small files — below half the target size (128 MiB, or
 * {@code delta.targetFileSize}) — in a partition it wrote, those partitions are compacted at once, as an
 * OPTIMIZE commit with {@code auto:true}. Streaming sinks get compacted files without a separate job. A
 * failure (a conflict with a concurrent delete, say) is logged and never fails the write, which has
 * already committed. Registered through {@code META-INF/services/io.tidelake.table.PostCommitHook}.
 */
public final class AutoCompaction implements PostCommitHook {
  private static final Logger LOG = LoggerFactory.getLogger(AutoCompaction.class);
  public static final String ENABLED_PROPERTY = "delta.autoOptimize.autoCompact";
  public static final String MIN_NUM_FILES_PROPERTY = "tidelake.autoCompact.minNumFiles";
  /** Delta's {@code spark.databricks.delta.autoCompact.minNumFiles}. */
  public static final int DEFAULT_MIN_NUM_FILES = 50;

  @Override
  public void afterCommit(Table table, Snapshot read, long version, String operation, List<AddFile> added) {
    if (added.isEmpty() || operation.equals("OPTIMIZE") || operation.startsWith("VACUUM")
        || !"true".equalsIgnoreCase(read.properties().getOrDefault(ENABLED_PROPERTY, "false").trim())) {
      return;
    }
    int minNumFiles = minNumFiles(read.properties());
    long target = WriteOptions.fromTableProperties(read.properties()).targetFileSizeBytes();
    long small = target / 2;
    Set<Map<String, String>> written = new HashSet<>();
    for (AddFile a : added) {
      written.add(a.partitionValues());
    }
    Map<Map<String, String>, Integer> smallFiles = new HashMap<>();
    for (AddFile f : table.snapshot().files()) {
      if (f.size() < small && written.contains(f.partitionValues())) {
        smallFiles.merge(f.partitionValues(), 1, Integer::sum);
      }
    }
    Set<Map<String, String>> due = new HashSet<>();
    smallFiles.forEach((p, n) -> {
      if (n >= minNumFiles) {
        due.add(p);
      }
    });
    if (due.isEmpty()) {
      return;
    }
    try {
      OptimizeMetrics m = Optimize.of(table).partitions(due).auto(true).minFileSize(small).targetFileSize(target)
          .maxThreads(1).execute();
      LOG.debug("Auto compaction of {} after version {}: {} files into {}", table.location(), version,
          m.numRemovedFiles(), m.numAddedFiles());
    } catch (RuntimeException e) {
      LOG.warn("Auto compaction of {} after version {} failed (the write committed; the next commit retries): {}",
          table.location(), version, e.toString());
    }
  }

  private static int minNumFiles(Map<String, String> props) {
    String v = props.get(MIN_NUM_FILES_PROPERTY);
    try {
      return v == null ? DEFAULT_MIN_NUM_FILES : Math.max(2, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT_MIN_NUM_FILES;
    }
  }
}
