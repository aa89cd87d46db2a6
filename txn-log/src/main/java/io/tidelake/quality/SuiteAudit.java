package io.tidelake.quality;

import io.tidelake.format.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * One streaming pass of a suite over rows: {@link #accept} each row once, then {@link #finish}. For each
 * row it says which quarantining expectations the row fails, so the caller can route it to the
 * quarantine table. Not thread-safe.
 */
public final class SuiteAudit {
  private final String suiteName;
  private final Check[] checks;
  private final Double maxQuarantinedPercent;
  /** Threads {@link #acceptColumns} may use (columns are checked in parallel). */
  private final int threads;
  private long rows;
  private long quarantined;

  SuiteAudit(String suiteName, List<Check> checks, Double maxQuarantinedPercent, int threads) {
    this.threads = threads;
    this.suiteName = suiteName;
    this.checks = checks.toArray(Check[]::new);
    this.maxQuarantinedPercent = maxQuarantinedPercent;
  }

  /**
   * Accounts for one row; returns the reasons to quarantine it (failed expectations whose {@code
   * on_failure} is quarantine, as {@code "#index type(column)"}), or an empty list to keep it.
   */
  public List<String> accept(Row row) {
    List<String> reasons = List.of();
    long index = rows++;
    for (Check c : checks) {
      if (c.accept(row, index) && c.onFailure == OnFailure.QUARANTINE) {
        if (reasons.isEmpty()) {
          reasons = new ArrayList<>(2);
        }
        Object col = c.expectation.kwargs().get("column");
        reasons.add("#" + c.index + " " + c.expectation.type() + (col == null ? "" : "(" + col + ")"));
      }
    }
    if (!reasons.isEmpty()) {
      quarantined++;
    }
    return reasons;
  }

  /**
   * Whether the audit can be fed column by column ({@link #acceptColumns}): every expectation reads at most
   * one column and none quarantines (a quarantined row must be seen whole).
   */
  public boolean byColumns() {
    for (Check c : checks) {
      if (c.needsRows() || c.onFailure == OnFailure.QUARANTINE) {
        return false;
      }
    }
    return true;
  }

  /**
   * Accounts for the current row group of {@code file} (whose columns are this audit's row layout, e.g.
   * {@link BoundSuite#columnsRead()} for a {@link BoundSuite#newProjectedAudit()}), column by column, with
   * the same results as {@link #accept} of each of its rows in order. Only when {@link #byColumns()}.
   * Columns are checked in parallel, on up to {@code tidelake.quality.auditThreads} threads (default: the
   * available processors, at most 4); each expectation still sees its column's values in row order. A
   * column whose expectations its footer statistics decide (an integer column's null count and bounds for
   * not-null, null and between) is not decoded at all.
   */
  public void acceptColumns(io.tidelake.format.parquet.DataFileColumns file) {
    long first = rows;
    long n = file.rowCount();
    java.util.Map<Integer, List<Check>> byColumn = new java.util.TreeMap<>();
    for (Check c : checks) {
      if (c.column() < 0) {
        c.acceptRows(n);
      } else {
        byColumn.computeIfAbsent(c.column(), k -> new ArrayList<>()).add(c);
      }
    }
    List<Runnable> tasks = new ArrayList<>(byColumn.size());
    for (java.util.Map.Entry<Integer, List<Check>> e : byColumn.entrySet()) {
      Check[] readers = e.getValue().toArray(Check[]::new);
      int column = e.getKey();
      tasks.add(() -> {
        io.tidelake.format.parquet.DataFileColumns.IntegralStats stats = file.integralStats(column);
        if (stats != null && decidedBy(readers, n, stats)) {
          for (Check c : readers) {
            c.acceptStats(n, stats); // the footer proves every value passes: the column is not decoded
          }
          return;
        }
        long[] next = {first};
        if (readers.length == 1) {
          Check only = readers[0];
          file.read(column, v -> only.acceptValue(v, next[0]++));
        } else {
          file.read(column, v -> {
            long index = next[0]++;
            for (Check c : readers) {
              c.acceptValue(v, index);
            }
          });
        }
      });
    }
    ColumnTasks.run(tasks, threads);
    rows += n;
  }

  private static boolean decidedBy(Check[] checks, long rows,
      io.tidelake.format.parquet.DataFileColumns.IntegralStats stats) {
    for (Check c : checks) {
      if (!c.decidedBy(rows, stats)) {
        return false;
      }
    }
    return true;
  }

  /** The bound expectations, in suite order (for tests). */
  Check[] checks() {
    return checks;
  }

  public long rowsSeen() {
    return rows;
  }

  /**
   * Ends a pass that will not be finished (reading the rows failed): deletes what the checks spilled to
   * disk. Call it instead of {@link #finish()}; the audit is unusable afterwards.
   */
  public void abandon() {
    for (Check c : checks) {
      try {
        c.discard();
      } catch (RuntimeException ignored) {
        // best effort, per check: the failure that ended the pass is the one to report
      }
    }
  }

  public SuiteResult finish() {
    List<ExpectationResult> out = new ArrayList<>(checks.length);
    for (Check c : checks) {
      out.add(c.finish());
    }
    return new SuiteResult(suiteName, out, rows, quarantined, maxQuarantinedPercent);
  }
}
