package io.tidelake.format.predicate;

import io.tidelake.format.stats.StatsView;
import java.util.HashMap;
import java.util.Map;

/** A hand-filled StatsView for skipping tests; columns not given have unknown stats. */
final class FakeStats implements StatsView {
  private final Long numRecords;
  private final Map<String, Object> min = new HashMap<>();
  private final Map<String, Object> max = new HashMap<>();
  private final Map<String, Long> nulls = new HashMap<>();
  private boolean tight = true;

  FakeStats(Long numRecords) {
    this.numRecords = numRecords;
  }

  FakeStats col(String column, Object lo, Object hi, Long nullCount) {
    return bounds(column, lo, hi).nullCount(column, nullCount);
  }

  FakeStats bounds(String column, Object lo, Object hi) {
    min.put(column, lo);
    max.put(column, hi);
    return this;
  }

  FakeStats nullCount(String column, Long n) {
    nulls.put(column, n);
    return this;
  }

  /** Bounds widened after deletes (tightBounds=false). */
  FakeStats wide() {
    tight = false;
    return this;
  }

  @Override
  public Long numRecords() {
    return numRecords;
  }

  @Override
  public Object min(String column) {
    return min.get(column);
  }

  @Override
  public Object max(String column) {
    return max.get(column);
  }

  @Override
  public Long nullCount(String column) {
    return nulls.get(column);
  }

  @Override
  public boolean tightBounds() {
    return tight;
  }
}
