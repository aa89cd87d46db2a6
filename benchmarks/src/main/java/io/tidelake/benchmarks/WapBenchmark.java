package io.tidelake.benchmarks;

import io.tidelake.quality.Expectation;
import io.tidelake.quality.ExpectationSuite;
import io.tidelake.quality.SuiteResult;
import io.tidelake.table.StagedCommit;
import io.tidelake.table.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * wap: write-audit-publish of an append of N event rows. Per run: stage the rows (the write: Parquet
 * files, no commit), audit the staged rows against a 10-expectation suite in one streaming pass
 * ({@code staged.audit(suite)}: read back the columns it needs from the staged files, column by column, +
 * evaluate; columns in parallel on up to 2 threads here), then publish (one metadata-only commit); the audit is
 * timed again on one thread (the write's one), reported beside it. Reported: the audit time as a ratio of the write time
 * of the same rows in the same run (goal ≤ 0.5), and the publish latency of the staged append (goal ≤ 50 ms).
 * The append benchmark's rows: 5M in full mode (the size), 200k in quick mode.
 */
final class WapBenchmark {
  /** io.tidelake.quality's system property for the threads of a column-by-column audit. */
  private static final String AUDIT_THREADS = "tidelake.quality.auditThreads";

  private WapBenchmark() {}

  /** The suite: not-null, between, in-set, regex, unique, row count, mean, lengths. */
  static ExpectationSuite suite(long n) {
    return ExpectationSuite.named("events")
        .expect(Expectation.notNull("id"))
        .expect(Expectation.notNull("user_id"))
        .expect(Expectation.between("amount", 0, 1000))
        .expect(Expectation.between("user_id", 0, null))
        .expect(Expectation.inSet("event_type", List.of("view", "click", "add_to_cart", "purchase", "refund")))
        .expect(Expectation.matchesRegex("country", "^C[A-Z]{2}$"))
        .expect(Expectation.unique("id"))
        .expect(Expectation.rowCountBetween(n, n))
        .expect(Expectation.of("expect_column_mean_to_be_between",
            Map.of("column", "amount", "min_value", 0, "max_value", 1000)))
        .expect(Expectation.of("expect_column_value_lengths_to_be_between",
            Map.of("column", "event_type", "min_value", 4, "max_value", 11)));
  }

  static void run(Settings s, PrintStream out) throws Exception {
    long n = s.appendRows();
    Path dir = s.work().resolve("wap");
    Harness.deleteTree(dir);
    Samples write = new Samples();
    Samples audit = new Samples();
    Samples publish = new Samples();
    Samples audit1 = new Samples();
    try (Table t = Table.create(dir.toString()).schema(Events.SCHEMA).partitionBy(Events.PARTITION_COLUMN).create()) {
      ExpectationSuite suite = suite(n);
      for (int i = 0; i < s.warmups() + s.runs(); i++) {
        boolean timed = i >= s.warmups();
        long t0 = System.nanoTime();
        StagedCommit staged = t.newAppend().addRows(Events.rows(0, n, n)).stage("run-" + i);
        long t1 = System.nanoTime();
        SuiteResult r = staged.audit(suite);
        long t2 = System.nanoTime();
        if (!r.success() || r.rowCount() != n) {
          throw new IllegalStateException("wap: the audit should pass on " + n + " rows: " + r.blockingSummary());
        }
        staged.publish();
        long t3 = System.nanoTime();
        if (timed) {
          write.add(t1 - t0);
          audit.add(t2 - t1);
          publish.add(t3 - t2);
          // the same audit on one thread (the write uses one): what the parallel columns bring
          String before = System.setProperty(AUDIT_THREADS, "1");
          try {
            long t4 = System.nanoTime();
            staged.audit(suite);
            audit1.add(System.nanoTime() - t4);
          } finally {
            if (before == null) {
              System.clearProperty(AUDIT_THREADS);
            } else {
              System.setProperty(AUDIT_THREADS, before);
            }
          }
        }
      }
      Harness.log("wap rows=%d: write %s, audit %s, audit on one thread %s, publish %s", n, write, audit, audit1,
          publish);
    } finally {
      Harness.deleteTree(dir);
    }
    new Result("wap").put("rows", n).put("expectations", 10).put("write_ms", write.medianMs())
        .put("audit_ms", audit.medianMs()).ratio("audit_to_write", audit.medianNs() / write.medianNs())
        .put("audit_1thread_ms", audit1.medianMs()).ratio("audit_1thread_to_write", audit1.medianNs() / write.medianNs())
        .put("publish_ms", publish.medianMs()).print(out);
  }
}
