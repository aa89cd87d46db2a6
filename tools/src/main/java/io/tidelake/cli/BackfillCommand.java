package io.tidelake.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.stream.Backfill;
import io.tidelake.stream.BackfillReport;
import io.tidelake.stream.BackfillSlice;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tide backfill}: recomputes a range of partitions of a target table from a source table, slice by
 * slice, with a ledger so that a re-run redoes only what failed. Exit 0 when every slice succeeded, 1 when
 * some still fail (the report names them; re-run the same command to redo them).
 */
@Command(name = "backfill", description = "Recompute partitions of a table from another, one partition value at a "
    + "time (each replaced atomically and idempotently), in parallel; a ledger directory remembers finished "
    + "slices, so re-running the same command redoes only failed or missing ones.",
    footer = {"", "Examples:",
        "  tide backfill /data/events --to /data/daily --partition-column date --from 2024-01-01 "
            + "--to-value 2024-01-31 --ledger /data/daily_backfill --parallelism 4 --where \"amount > 0\" "
            + "--select \"date, id, amount * 100 AS cents\"",
        "  tide backfill /data/events --to /data/hourly --partition-column date --from 2024-01-01 "
            + "--to-value 2024-01-31 --ledger /data/hourly_backfill --window \"tumbling(ts, 1 hour)\" "
            + "--group-by date,user_id --agg \"count(*) AS n, sum(amount) AS total\"",
        "", "With --window each slice is aggregated whole (one bounded batch: every window written, no row late, "
            + "--watermark has no effect); --group-by must include the partition column, and a window crossing a "
            + "slice boundary gives one row per slice."})
final class BackfillCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "Source table location.")
  String source;

  @Option(names = "--to", required = true, paramLabel = "TARGET",
      description = "Target table (created partitioned by the partition column when missing).")
  String target;

  @Option(names = "--partition-column", required = true, paramLabel = "COL",
      description = "The column slices are cut by (a partition column of the target).")
  String column;

  @Option(names = "--from", required = true, paramLabel = "VALUE", description = "First value (included).")
  String from;

  @Option(names = "--to-value", required = true, paramLabel = "VALUE",
      description = "Last value (included): every day of a date column, every integer of an integer column, "
          + "else the source's partition values in the range.")
  String toValue;

  @Option(names = "--ledger", required = true, paramLabel = "DIR",
      description = "Directory remembering each slice's outcome (any store: local, s3://, Hadoop URI).")
  String ledger;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1", description = "Slices at a time (default 1).")
  int parallelism;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
      description = "Attempts per slice (default 3), the wait doubling from --backoff.")
  int attempts;

  @Option(names = "--backoff", paramLabel = "DURATION", defaultValue = "1 second",
      description = "Wait after a slice's first failed attempt (default \"1 second\").")
  String backoff;

  @Option(names = "--where", paramLabel = "PREDICATE", description = "Only source rows matching.")
  String where;

  @Option(names = "--select", paramLabel = "LIST", description = "Output columns: \"a, b, expr AS c\".")
  String select;

  @Mixin
  WindowOptions windowOptions;

  @Option(names = "--json", description = "Print the final report as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Duration firstWait = io.tidelake.stream.Trigger.parseDuration(backoff);
    PrintWriter err = spec.commandLine().getErr();
    AtomicInteger done = new AtomicInteger();
    Backfill b = Backfill.from(source, store.options()).to(target, store.options()).partitionColumn(column)
        .range(from, toValue).ledger(ledger, store.options()).parallelism(parallelism).retries(attempts, firstWait)
        .onSlice(s -> {
          synchronized (err) {
            err.println("slice " + s.value() + ": " + s.status() + (s.succeeded() ? ", " + s.rows() + " rows"
                : " after " + s.attempts() + " attempts: " + s.error()) + " (" + done.incrementAndGet() + " done)");
            err.flush();
          }
        });
    if (where != null) {
      b.filter(where);
    }
    if (select != null) {
      b.select(select);
    }
    io.tidelake.stream.WindowSpec w = windowOptions.spec(null);
    if (w != null) {
      b.window(w);
    }
    BackfillReport r = b.run();
    print(r);
    return r.complete() ? TideCli.EXIT_OK : TideCli.EXIT_USER_ERROR;
  }

  private void print(BackfillReport r) {
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = JsonValues.MAPPER.createObjectNode();
      n.put("complete", r.complete());
      n.put("sourceVersion", r.sourceVersion());
      n.put("slices", r.slices().size());
      n.put("ran", r.ran().size());
      n.put("skipped", r.skipped().size());
      n.put("rowsWritten", r.rowsWritten());
      n.put("elapsedMs", r.elapsed().toMillis());
      ArrayNode failed = n.putArray("failed");
      for (BackfillSlice s : r.failed()) {
        failed.addObject().put("value", s.value()).put("attempts", s.attempts()).put("error", s.error());
      }
      w.println(n.toString());
    } else {
      w.println("Backfilled " + (r.ran().size() - r.failed().size()) + " of " + r.slices().size() + " slices of "
          + target + " (" + r.rowsWritten() + " rows, " + r.skipped().size() + " already done, source version "
          + r.sourceVersion() + ")");
      for (BackfillSlice s : r.failed()) {
        w.println("FAILED " + s.value() + " after " + s.attempts() + " attempts: " + s.error());
      }
      if (!r.complete()) {
        w.println("Re-run the same command to redo the failed slices.");
      }
    }
    w.flush();
  }
}
