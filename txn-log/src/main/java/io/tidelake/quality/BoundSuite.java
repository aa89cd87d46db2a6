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
  private final AuditLimits limits;

  BoundSuite(ExpectationSuite suite, StructType schema) {
    this(suite, schema, AuditLimits.defaults());
  }

  private BoundSuite(ExpectationSuite suite, StructType schema, AuditLimits limits) {
    this.suite = suite;
    this.schema = schema;
    this.limits = limits;
    newAudit(); // binds every expectation now: errors before any row is read
  }

  /**
   * This suite with another memory budget for each uniqueness check ({@code expect_column_values_to_be_unique},
   * {@code expect_compound_columns_to_be_unique}, the proportion of unique values): beyond it the values
   * seen are spilled to sorted runs in {@code spillDir} and merged at the end, with the same results. The
   * default is {@code min(256 MiB, max heap / 8)} in the system temp directory (system properties
   * {@code tidelake.quality.uniquenessMemoryBytes} and {@code tidelake.quality.spillDir}).
   */
  public BoundSuite withUniquenessMemory(long bytes, java.nio.file.Path spillDir) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("the uniqueness memory budget must be positive, got " + bytes);
    }
    return new BoundSuite(suite, schema, new AuditLimits(bytes, spillDir, limits.threads()));
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
    return newAudit(schema);
  }

  /**
   * The table's columns the suite reads, in table order (at least one): reading only these makes an audit
   * cheaper. Row conditions report only these columns of an unexpected row.
   */
  public List<String> columnsRead() {
    java.util.Set<String> used = new java.util.HashSet<>();
    for (io.tidelake.quality.Expectation e : suite.expectations()) {
      for (String c : CheckBinder.columnsRead(e, schema)) {
        used.add(schema.field(c).name());
      }
    }
    List<String> out = new ArrayList<>();
    for (String c : schema.fieldNames()) {
      if (used.contains(c)) {
        out.add(c);
      }
    }
    return out.isEmpty() ? List.of(schema.fieldNames().get(0)) : out;
  }

  /** A new pass over rows of only {@link #columnsRead()}, in that order. */
  public SuiteAudit newProjectedAudit() {
    return newAudit(schema.select(columnsRead()));
  }

  private SuiteAudit newAudit(StructType rowSchema) {
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < suite.expectations().size(); i++) {
      checks.add(CheckBinder.bind(rowSchema, schema.fieldNames(), i, suite.expectations().get(i), limits));
    }
    java.math.BigDecimal max = suite.maxQuarantinedPercentOrNull();
    return new SuiteAudit(suite.name(), checks, max == null ? null : max.doubleValue(), limits.threads());
  }

  /** Evaluates all rows in one pass (nothing is quarantined: use {@link SuiteAudit} for that). */
  public SuiteResult evaluate(Iterator<? extends Row> rows) {
    SuiteAudit a = newAudit();
    try {
      while (rows.hasNext()) {
        a.accept(rows.next());
      }
    } catch (RuntimeException | Error e) {
      a.abandon();
      throw e;
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
