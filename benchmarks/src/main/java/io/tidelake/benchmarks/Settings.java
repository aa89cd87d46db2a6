package io.tidelake.benchmarks;

import java.nio.file.Path;

/**
 * Sizes and repetition counts. Full mode is what BENCHMARKS.md reports; quick mode (smaller sizes, fewer
 * repetitions, whole suite under a minute) is a smoke run whose ratios are indicative only.
 *
 * @param appendRows rows written by the append, scan and memory benchmarks
 * @param warmups untimed A/B pairs before timing (JIT warm-up)
 * @param runs timed A/B pairs; the median is reported
 * @param snapshotCommits commits in the snapshot benchmark's table (files per commit: snapshotFilesPerCommit)
 * @param travelVersion the version the time-travel load goes to
 * @param coldRuns child JVMs per side for the cold load
 * @param loadRuns timed pairs for the warm, refresh and travel loads (after as many warm-up pairs)
 * @param commitsPerConfig commits per writer count in the commit benchmark (split between the writers)
 * @param commitWriters the writer counts of the commit benchmark
 * @param commitOnS3 whether the commit benchmark also runs against S3 (S3Proxy in-process)
 */
public record Settings(boolean quick, Path work, long appendRows, int warmups, int runs, int snapshotCommits,
    int snapshotFilesPerCommit, long travelVersion, int coldRuns, int loadRuns, int commitsPerConfig,
    int[] commitWriters, boolean commitOnS3) {

  static Settings full(Path work) {
    return new Settings(false, work, 5_000_000, 1, 5, 2000, 10, 1000, 9, 15, 400, new int[] {1, 2, 4, 8}, true);
  }

  static Settings quick(Path work) {
    return new Settings(true, work, 200_000, 1, 2, 100, 10, 50, 1, 4, 24, new int[] {1, 2, 4, 8}, true);
  }

  Settings withAppendRows(long rows) {
    return new Settings(quick, work, rows, warmups, runs, snapshotCommits, snapshotFilesPerCommit, travelVersion,
        coldRuns, loadRuns, commitsPerConfig, commitWriters, commitOnS3);
  }

  /** Micro sizes for the unit smoke test (seconds, not minutes). */
  static Settings micro(Path work) {
    return new Settings(true, work, 5_000, 0, 1, 12, 2, 5, 1, 2, 8, new int[] {1, 2}, false);
  }
}
