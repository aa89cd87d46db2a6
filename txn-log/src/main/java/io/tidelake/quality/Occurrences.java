package io.tidelake.quality;

import io.tidelake.format.TidelakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How often each key occurs in one pass, in bounded memory: what uniqueness and the proportion of unique
 * values need. Keys are held in memory up to a byte budget; beyond it they are written as sorted runs of
 * (key, count, first row) to temporary files and merged at {@link #finish()}, so a pass over more distinct
 * values than fit in the budget uses disk instead of growing the heap. The outcome is the same either way.
 * Not thread-safe; {@link #finish()} once (it deletes the temporary files).
 */
abstract class Occurrences {
  /** A repeated key: its value (as the check normalised it), occurrences and first row. */
  record Repeated(Object key, long count, long firstRow) {}

  /**
   * The outcome: the number of distinct keys, the number of occurrences of repeated keys (GE's unexpected
   * count for uniqueness) and the first {@code ColumnMapCheck.PARTIAL} repeated keys in order of first row.
   */
  record Summary(long distinct, long repeatedOccurrences, List<Repeated> firstRepeated) {}

  final long budget;
  private final Path spillDir;
  private Path runDir;
  final List<Path> runs = new ArrayList<>();
  private Summary summary;

  Occurrences(long budget, Path spillDir) {
    this.budget = budget;
    this.spillDir = spillDir;
  }

  /** Counts one occurrence of a normalised non-null key at {@code row} (rows arrive in ascending order). */
  abstract void add(Object key, long row);

  /** Whether anything was spilled (for tests). */
  boolean spilled() {
    return !runs.isEmpty();
  }

  /** Merges what is in memory with the spilled runs; the result is kept, runs are deleted. */
  final Summary finish() {
    if (summary == null) {
      Tally t = new Tally();
      try {
        summarise(t);
      } catch (IOException e) {
        throw spillFailed(e);
      } finally {
        deleteRuns();
      }
      summary = t.summary();
    }
    return summary;
  }

  /** Feeds every distinct key (in memory and spilled) to {@code t} once. */
  abstract void summarise(Tally t) throws IOException;

  /** A new run file (in a temporary directory made on first use). */
  final Path newRun() throws IOException {
    if (runDir == null) {
      Files.createDirectories(spillDir);
      runDir = Files.createTempDirectory(spillDir, "tidelake-unique-");
    }
    Path p = runDir.resolve("run-" + runs.size() + ".bin");
    runs.add(p);
    return p;
  }

  final void deleteRuns() {
    if (runDir == null) {
      return;
    }
    try (var files = Files.list(runDir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(runDir);
    } catch (IOException e) {
      // best effort: a leftover file in the temp directory is no reason to fail the audit
    }
    runDir = null;
  }

  final TidelakeException spillFailed(IOException e) {
    deleteRuns();
    return new TidelakeException("A uniqueness check over more distinct values than its memory budget (" + budget
        + " bytes) could not spill to " + spillDir + ": " + e.getMessage() + ". Free space there, point the system"
        + " property " + AuditLimits.SPILL_DIR_PROPERTY + " at another directory, or raise "
        + AuditLimits.BUDGET_PROPERTY + ".", e);
  }

  /** Accumulates the distinct keys: counts, and the repeated ones with the smallest first rows. */
  static final class Tally {
    private long distinct;
    private long repeated;
    private final List<Repeated> first = new ArrayList<>();
    private long cutoff = Long.MAX_VALUE; // first rows at or above it cannot be among the first PARTIAL

    /** {@code n} keys seen once each. */
    void addSingles(long n) {
      distinct += n;
    }

    /** One distinct key; {@code key} is only asked for when the key is kept. */
    void add(long count, long firstRow, java.util.function.Supplier<Object> key) {
      distinct++;
      if (count < 2) {
        return;
      }
      repeated += count;
      if (firstRow >= cutoff) {
        return;
      }
      first.add(new Repeated(key.get(), count, firstRow));
      if (first.size() >= 4 * ColumnMapCheck.PARTIAL) {
        trim();
      }
    }

    private void trim() {
      first.sort(Comparator.comparingLong(Repeated::firstRow));
      if (first.size() > ColumnMapCheck.PARTIAL) {
        first.subList(ColumnMapCheck.PARTIAL, first.size()).clear();
        cutoff = first.get(first.size() - 1).firstRow();
      }
    }

    Summary summary() {
      trim();
      return new Summary(distinct, repeated, List.copyOf(first));
    }
  }
}
