package io.tidelake.quality;

import io.tidelake.format.TidelakeException;

/**
 * Expectations blocked a load: a failed expectation with {@code on_failure: fail} (the default), or more
 * rows quarantined than the suite's {@code max_quarantined_percent}. Nothing was committed; the results
 * say which expectations failed and how.
 */
public class ExpectationFailedException extends TidelakeException {
  private final SuiteResult result;

  public ExpectationFailedException(String where, SuiteResult result) {
    super("Expectations of suite '" + result.suiteName() + "' blocked " + where + ": " + result.blockingSummary()
        + ". Nothing was committed; fix the data, or mark the expectation on_failure warn or quarantine.");
    this.result = result;
  }

  public SuiteResult result() {
    return result;
  }
}
