package io.tidelake.stream;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link Backfill} run did: every slice of the range in order, those this run ran, skipped
 * (already succeeded in the ledger) and those still failed after their retries.
 *
 * @param sourceVersion the source snapshot every slice of this run read
 * @param slices every slice of the range with its ledger entry after this run
 * @param ran values this run (re)computed
 * @param skipped values the ledger already had as succeeded
 */
public record BackfillReport(long sourceVersion, List<BackfillSlice> slices, List<String> ran, List<String> skipped,
    Duration elapsed) {
  public List<BackfillSlice> failed() {
    return slices.stream().filter(s -> !s.succeeded()).toList();
  }

  public boolean complete() {
    return failed().isEmpty();
  }

  public long rowsWritten() {
    return slices.stream().filter(s -> ran.contains(s.value())).mapToLong(BackfillSlice::rows).sum();
  }
}
