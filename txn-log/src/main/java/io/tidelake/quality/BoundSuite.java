package io.tidelake.quality;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A suite checked against a schema, ready to evaluate: {@link #newAudit()} starts one streaming pass.
 * Thread-safe (each audit has its own state).
 */
public final class BoundSuite {
  private final ExpectationSuite suite;
  private final StructType schema;

  BoundSuite(ExpectationSuite suite, StructType schema) {
    this.suite = suite;
    this.schema = schema;
    newAudit(); // binds every expectation now: errors before any row is read
  }

  public ExpectationSuite suite() {
    return suite;
  }

  public StructType schema() {
    return schema;
  }

  /** Whether any expectation routes failing rows to a quarantine table. */
  public boolean quarantines() {
    return suite.expectations().stream().anyMatch(e -> OnFailure.QUARANTINE == OnFailure.parse(e.meta().get("on_failure")));
  }

  /** A new pass over rows laid out as the schema. */
  public SuiteAudit newAudit() {
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < suite.expectations().size(); i++) {
      checks.add(CheckBinder.bind(schema, i, suite.expectations().get(i)));
    }
    java.math.BigDecimal max = suite.maxQuarantinedPercentOrNull();
    return new SuiteAudit(suite.name(), checks, max == null ? null : max.doubleValue());
  }

  /** Evaluates all rows in one pass (nothing is quarantined: use {@link SuiteAudit} for that). */
  public SuiteResult evaluate(Iterator<? extends Row> rows) {
    SuiteAudit a = newAudit();
    try {
      while (rows.hasNext()) {
        a.accept(rows.next());
      }
    } finally {
      if (rows instanceof CloseableIterator<?> c) {
        c.close();
      }
    }
    return a.finish();
  }

  public SuiteResult evaluate(Iterable<? extends Row> rows) {
    return evaluate(rows.iterator());
  }
}
