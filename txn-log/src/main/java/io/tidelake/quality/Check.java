package io.tidelake.quality;

import io.tidelake.format.Row;
import java.util.Map;

/**
 * The evaluation state of one bound expectation during one pass over the rows. Row-level checks say per
 * row whether it is unexpected (so it can be quarantined); the others only accumulate.
 */
abstract class Check {
  final int index;
  final Expectation expectation;
  final OnFailure onFailure;

  Check(int index, Expectation expectation, OnFailure onFailure) {
    this.index = index;
    this.expectation = expectation;
    this.onFailure = onFailure;
  }

  /**
   * Releases what this check holds outside the heap (a uniqueness check's spill files) when its pass is
   * abandoned before {@code finish()}: a failed read must not leave temporary files behind.
   */
  void discard() {}

  /** Whether a single row can fail this check (and so be quarantined for it). */
  abstract boolean rowLevel();

  /** Accounts for one row; returns true when the row itself is unexpected (row-level checks only). */
  abstract boolean accept(Row row, long rowIndex);

  /**
   * The one column (ordinal in the audited rows) whose values decide this check, or -1 when it reads
   * none (row count, column set) or more than one (row conditions, compound keys: see {@link #needsRows()}).
   */
  int column() {
    return -1;
  }

  /** Whether this check must see whole rows (it cannot be fed column by column). */
  boolean needsRows() {
    return false;
  }

  /**
   * Accounts for the value of {@link #column()} in row {@code rowIndex}: exactly what {@link #accept} does
   * with a row holding it. Only for checks with a column.
   */
  boolean acceptValue(Object value, long rowIndex) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " reads whole rows");
  }

  /** Accounts for {@code n} rows, for checks without a column (fed column by column). */
  void acceptRows(long n) {}

  /**
   * Whether the footer statistics {@code s} of {@link #column()} over {@code rows} rows prove that none of
   * those rows is unexpected, so that {@link #acceptStats} can stand in for reading them.
   */
  boolean decidedBy(long rows, io.tidelake.format.parquet.DataFileColumns.IntegralStats s) {
    return false;
  }

  /** Accounts for {@code rows} rows that {@link #decidedBy} the statistics {@code s}. */
  void acceptStats(long rows, io.tidelake.format.parquet.DataFileColumns.IntegralStats s) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " needs the values");
  }

  /** GE's success after all rows. */
  abstract boolean success();

  /** GE's SUMMARY result object. */
  abstract Map<String, Object> result();

  ExpectationResult finish() {
    return new ExpectationResult(index, expectation, success(), result(), onFailure, rowLevel());
  }
}
