package io.tidelake.quality;

import io.tidelake.format.TidelakeException;

/**
 * A suite that cannot be evaluated: an unknown expectation type, a column the table lacks, an invalid
 * regex, {@code mostly} outside [0, 1], a missing or mistyped argument. Raised before any row is read; the
 * message names the expectation by its index in the suite and the offending field.
 */
public class InvalidExpectationSuiteException extends TidelakeException {
  private final int index;
  private final String field;

  public InvalidExpectationSuiteException(int index, String type, String field, String problem) {
    super("Expectation #" + index + (type == null ? "" : " (" + type + ")") + (field == null ? "" : ", field '"
        + field + "'") + ": " + problem);
    this.index = index;
    this.field = field;
  }

  /** The expectation's position in the suite (0-based), or -1 for the suite itself. */
  public int index() {
    return index;
  }

  /** The offending field (kwarg), or null. */
  public String field() {
    return field;
  }
}
