package io.tidelake.format.stats;

/**
 * What data skipping may know about one data file, per top-level column: typed min/max (the same Java
 * types a Row holds) and null counts. Every answer may be unknown (null): skipping must then keep the file.
 *
 * <p>Bounds semantics follow Delta: timestamp bounds are truncated to milliseconds (so a reader treats
 * max as exclusive of max + 1 ms), string bounds may be truncated prefixes with max padded so it stays an
 * upper bound, and with {@code tightBounds() == false} (after deletion vectors) the bounds are wide but
 * still valid, while null counts only mean something when 0 or equal to numRecords.
 */
public interface StatsView {

  /** Physical number of rows in the file, or null if unknown. */
  Long numRecords();

  /** Lower bound of the column's non-null values, or null if unknown (or all values are null). */
  Object min(String column);

  /** Upper bound of the column's non-null values, or null if unknown. */
  Object max(String column);

  /** Number of nulls in the column, or null if unknown. */
  Long nullCount(String column);

  default boolean tightBounds() {
    return true;
  }
}
