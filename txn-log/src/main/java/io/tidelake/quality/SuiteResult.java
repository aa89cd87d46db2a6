package io.tidelake.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A suite's results (Great Expectations' validation result: {@code success}, {@code results},
 * {@code statistics}) plus what Tidelake decides from them: whether the load is blocked (a failed
 * expectation with {@code on_failure: fail}, or more rows quarantined than {@code max_quarantined_percent})
 * and how many rows were quarantined. Stored as JSON with a staged commit and in the publish's commitInfo.
 */
public final class SuiteResult {
  private final String suiteName;
  private final List<ExpectationResult> results;
  private final long rowCount;
  private final long quarantinedRows;
  private final Double maxQuarantinedPercent;

  public SuiteResult(String suiteName, List<ExpectationResult> results, long rowCount, long quarantinedRows,
      Double maxQuarantinedPercent) {
    this.suiteName = suiteName;
    this.results = List.copyOf(results);
    this.rowCount = rowCount;
    this.quarantinedRows = quarantinedRows;
    this.maxQuarantinedPercent = maxQuarantinedPercent;
  }

  public String suiteName() {
    return suiteName;
  }

  public List<ExpectationResult> results() {
    return results;
  }

  /** GE's success: every expectation passed (warnings and quarantines included). */
  public boolean success() {
    return results.stream().allMatch(ExpectationResult::success);
  }

  /** Rows the audit saw. */
  public long rowCount() {
    return rowCount;
  }

  /** Rows taken out for the quarantine table. */
  public long quarantinedRows() {
    return quarantinedRows;
  }

  /** Whether more rows were quarantined than the suite's {@code max_quarantined_percent} allows. */
  public boolean quarantineThresholdExceeded() {
    return maxQuarantinedPercent != null && rowCount > 0 && 100.0 * quarantinedRows / rowCount > maxQuarantinedPercent;
  }

  /** The failed expectations that block the load ({@code on_failure: fail}, the default). */
  public List<ExpectationResult> blocking() {
    return results.stream().filter(ExpectationResult::blocks).toList();
  }

  /** Whether the load must not be published (unless forced). */
  public boolean blocked() {
    return !blocking().isEmpty() || quarantineThresholdExceeded();
  }

  /** One line naming what blocks the load, or "" when nothing does. */
  public String blockingSummary() {
    List<String> parts = new ArrayList<>();
    for (ExpectationResult r : blocking()) {
      Object col = r.expectation().kwargs().get("column");
      String what = r.observedValue() != null || !r.rowLevel()
          ? "observed " + r.observedValue()
          : r.unexpectedCount() + " of " + r.elementCount() + " rows unexpected";
      parts.add("#" + r.index() + " " + r.expectation().type() + (col == null ? "" : "(" + col + ")") + ": " + what);
    }
    if (quarantineThresholdExceeded()) {
      parts.add(quarantinedRows + " of " + rowCount + " rows quarantined, more than max_quarantined_percent "
          + maxQuarantinedPercent);
    }
    return String.join("; ", parts);
  }

  /** GE's statistics object. */
  public Map<String, Object> statistics() {
    long ok = results.stream().filter(ExpectationResult::success).count();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("evaluated_expectations", results.size());
    s.put("successful_expectations", ok);
    s.put("unsuccessful_expectations", results.size() - ok);
    s.put("success_percent", results.isEmpty() ? null : 100.0 * ok / results.size());
    return s;
  }

  /** The result as JSON: GE's validation result shape, with Tidelake's decision under {@code meta.tidelake}. */
  public String toJson() {
    return QualityJson.write(toPlain(), true);
  }

  /** Compact JSON (one line), e.g. for commitInfo. */
  public String toCompactJson() {
    return QualityJson.write(toPlain(), false);
  }

  Map<String, Object> toPlain() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("success", success());
    List<Object> rs = new ArrayList<>();
    results.forEach(r -> rs.add(r.toPlain()));
    root.put("results", rs);
    root.put("statistics", statistics());
    Map<String, Object> tl = new LinkedHashMap<>();
    tl.put("blocked", blocked());
    tl.put("row_count", rowCount);
    tl.put("quarantined_rows", quarantinedRows);
    tl.put("max_quarantined_percent", maxQuarantinedPercent);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("expectation_suite_name", suiteName);
    meta.put("tidelake", tl);
    root.put("meta", meta);
    return root;
  }

  @SuppressWarnings("unchecked")
  public static SuiteResult fromJson(String json) {
    Map<String, Object> root = (Map<String, Object>) QualityJson.parse(json, "The stored expectation results");
    List<ExpectationResult> rs = new ArrayList<>();
    for (Object o : (List<Object>) root.getOrDefault("results", List.of())) {
      rs.add(ExpectationResult.fromPlain((Map<String, Object>) o));
    }
    Map<String, Object> meta = (Map<String, Object>) root.getOrDefault("meta", Map.of());
    Map<String, Object> tl = (Map<String, Object>) meta.getOrDefault("tidelake", Map.of());
    Object max = tl.get("max_quarantined_percent");
    return new SuiteResult(String.valueOf(meta.getOrDefault("expectation_suite_name", "")), rs,
        ((Number) tl.getOrDefault("row_count", 0L)).longValue(),
        ((Number) tl.getOrDefault("quarantined_rows", 0L)).longValue(),
        max == null ? null : ((Number) max).doubleValue());
  }

  @Override
  public String toString() {
    return "SuiteResult{" + suiteName + ", " + (blocked() ? "blocked: " + blockingSummary() : "passes") + "}";
  }
}
