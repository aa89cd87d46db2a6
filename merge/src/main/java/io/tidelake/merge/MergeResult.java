package io.tidelake.merge;

import java.util.Map;

/**
 * What a MERGE did: the version it committed ({@code committed} false when nothing changed or the txn was
 * already applied) and delta-spark's operation metrics as written to commitInfo (decimal strings keyed
 * {@code numSourceRows}, {@code numTargetRowsInserted}, ...).
 */
public record MergeResult(long version, boolean committed, Map<String, String> metrics) {
  public MergeResult {
    metrics = Map.copyOf(metrics);
  }

  /** A metric as a number; 0 when absent. */
  public long metric(String name) {
    String v = metrics.get(name);
    return v == null ? 0 : Long.parseLong(v);
  }

  public long numSourceRows() {
    return metric("numSourceRows");
  }

  public long numTargetRowsInserted() {
    return metric("numTargetRowsInserted");
  }

  public long numTargetRowsUpdated() {
    return metric("numTargetRowsUpdated");
  }

  public long numTargetRowsDeleted() {
    return metric("numTargetRowsDeleted");
  }

  public long numTargetRowsCopied() {
    return metric("numTargetRowsCopied");
  }
}
