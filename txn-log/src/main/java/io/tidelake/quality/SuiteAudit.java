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
  private long rows;
  private long quarantined;

  SuiteAudit(String suiteName, List<Check> checks, Double maxQuarantinedPercent) {
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

  public long rowsSeen() {
    return rows;
  }

  public SuiteResult finish() {
    List<ExpectationResult> out = new ArrayList<>(checks.length);
    for (Check c : checks) {
      out.add(c.finish());
    }
    return new SuiteResult(suiteName, out, rows, quarantined, maxQuarantinedPercent);
  }
}
