package io.tidelake.cli;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.CommitResult;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Scan;
import io.tidelake.table.ScanPlan;
import io.tidelake.table.Table;
import io.tidelake.table.TableNotFoundException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tide quickstart}: the README's tour on a local directory. Builds a partitioned {@code events}
 * table and shows each core feature once: idempotent appends, replaceWhere, time travel, pruned scans,
 * history. Data is pseudo-random but seeded, so every run prints the same numbers, and a second run in
 * the same directory reuses the table (the ingest is skipped, being idempotent).
 */
@Command(name = "quickstart", description = "Build a demo events table in DIR and tour Tidelake's features.")
final class QuickstartCommand implements Callable<Integer> {
  static final String SCHEMA = "event_id long not null, user_id long, event_type string, amount double, "
      + "country string, ts timestamp, date date";
  static final String TXN_APP = "quickstart-ingest";
  /** The correction has its own txn id, so that a re-run does not replace the day again (a new version). */
  static final String FIX_TXN_APP = "quickstart-fix";
  static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
  static final int DAYS = 3;
  static final int ROWS_PER_DAY = 3000;
  static final int CORRECTED_ROWS = 2000;
  static final String FILTER = "date >= '2025-01-02' AND country IN ('DE','FR') AND amount IS NOT NULL";
  private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "NL", "ES", "IT", "PL", "JP", "BR"};

  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory for the demo (created if missing).")
  Path dir;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Files.createDirectories(dir);
    String location = dir.resolve("events").toAbsolutePath().normalize().toString();
    StructType schema = SchemaDdl.parse(SCHEMA);
    out.println("Tidelake quickstart: a Delta table of click events, partitioned by date, at " + location);

    step(1, "Create the table");
    Table t = openOrCreate(location, schema);

    step(2, "Ingest " + DAYS + " days, one idempotent append per day (txn " + TXN_APP + "/<day>)");
    for (int day = 0; day < DAYS; day++) {
      CommitResult r = t.newAppend().txn(TXN_APP, day).addRows(events(schema, day, ROWS_PER_DAY, 42)).commit();
      out.println("   " + FIRST_DAY.plusDays(day) + "  " + describe(r, day));
    }

    step(3, "Re-run the ingest of " + FIRST_DAY.plusDays(1) + ", as a retried job would");
    CommitResult again = t.newAppend().txn(TXN_APP, 1).addRows(events(schema, 1, ROWS_PER_DAY, 42)).commit();
    out.println("   " + describe(again, 1));

    String day2 = "date = '" + FIRST_DAY.plusDays(1) + "'";
    step(4, "Replace one day with corrected data: replaceWhere " + day2);
    CommitResult fix = t.newOverwrite().replaceWhere(day2).txn(FIX_TXN_APP, 1)
        .addRows(events(schema, 1, CORRECTED_ROWS, 1042)).commit();
    Map<String, String> m = fix.metrics();
    if (fix.committed()) {
      out.println("   committed version " + fix.version() + ": removed " + Fmt.plural(WriteCommand.metric(m,
          "numRemovedFiles"), "file") + " with " + Fmt.plural(WriteCommand.metric(m, "numDeletedRows"), "row")
          + ", wrote " + Fmt.plural(WriteCommand.metric(m, "numOutputRows"), "row") + "; other days untouched");
    } else {
      out.println("   skipped: already replaced (txn " + FIX_TXN_APP + "/1 is in the table), nothing written");
    }

    step(5, "Time travel");
    long now = t.snapshot().version();
    String then = "version 1 (snapshotAt(1), first day only):";
    String latest = "version " + now + " (latest):";
    int w = Math.max(then.length(), latest.length()) + 1;
    out.println("   " + pad(then, w) + Fmt.count(t.snapshotAt(1).newScan().count()) + " rows");
    out.println("   " + pad(latest, w) + Fmt.count(t.newScan().count()) + " rows");

    step(6, "Filtered scan: " + FILTER);
    Scan scan = t.newScan().where(FILTER);
    ScanPlan plan = scan.plan();
    out.println("   files: " + plan.totalFiles() + " in the table, " + plan.afterPartitionPruning()
        + " after partition pruning, " + plan.afterStatsSkipping() + " after min/max stats skipping");
    out.println("   matching rows: " + Fmt.count(scan.count()));
    String lookup = "event_id = " + (3 * 1_000_000L + 42);
    ScanPlan point = t.newScan().where(lookup).plan();
    out.println("   point lookup " + lookup + ": " + point.totalFiles() + " files -> " + point.afterStatsSkipping()
        + " to read (min/max stats skip the rest)");

    step(7, "History (newest first)");
    printHistory(t.history(8));

    out.println();
    out.println("Try next:");
    out.println("  ./tide cat " + location + " --where \"country = 'DE' AND amount > 400\" --limit 10");
    out.println("  ./tide history " + location);
    out.println("  ./tide describe " + location);
    out.flush();
    return TideCli.EXIT_OK;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(1, width - s.length()));
  }

  private void step(int n, String title) {
    out.println();
    out.println(n + ". " + title);
  }

  private Table openOrCreate(String location, StructType schema) {
    try {
      Table t = Table.open(location, store.options()); // not store.open: a missing table is expected here
      if (!t.snapshot().schema().equals(schema) || !t.snapshot().partitionColumns().equals(List.of("date"))) {
        throw new CliException(location + " holds a table that is not the quickstart's; give quickstart a new "
            + "directory.");
      }
      out.println("   reusing the quickstart table from an earlier run (version " + t.snapshot().version() + ")");
      return t;
    } catch (TableNotFoundException e) {
      Table t = store.create(location).schema(schema).partitionBy("date").create();
      out.println("   created version 0: " + SCHEMA);
      out.println("   partitioned by date: each day's rows go to their own directory, date=YYYY-MM-DD/");
      return t;
    }
  }

  private String describe(CommitResult r, int day) {
    if (!r.committed()) {
      return "skipped: already committed (txn " + TXN_APP + "/" + day + " is in the table), nothing written";
    }
    Map<String, String> m = r.metrics();
    return "committed version " + r.version() + ": " + Fmt.plural(WriteCommand.metric(m, "numOutputRows"), "row")
        + " in " + Fmt.plural(WriteCommand.metric(m, "numFiles"), "file") + " ("
        + Fmt.bytes(WriteCommand.metric(m, "numOutputBytes")) + ")";
  }

  private void printHistory(List<HistoryEntry> entries) {
    TextTable table = new TextTable(List.of("version", "operation", "details"), new boolean[] {true, false, false}, 90);
    for (HistoryEntry e : entries) {
      Map<String, String> p = e.operationParameters() == null ? Map.of() : e.operationParameters();
      Map<String, String> m = e.operationMetrics() == null ? Map.of() : e.operationMetrics();
      List<String> details = new ArrayList<>();
      if (p.containsKey("predicate")) {
        details.add("replaceWhere " + unwrap(p.get("predicate")));
      } else if (p.containsKey("mode")) {
        details.add("mode " + p.get("mode"));
      } else if (p.containsKey("partitionBy")) {
        details.add("partitionBy " + p.get("partitionBy"));
      }
      if (m.containsKey("numOutputRows")) {
        details.add("+" + Fmt.plural(WriteCommand.metric(m, "numOutputRows"), "row"));
      }
      if (m.containsKey("numFiles")) {
        details.add("+" + Fmt.plural(WriteCommand.metric(m, "numFiles"), "file"));
      }
      if (WriteCommand.metric(m, "numRemovedFiles") > 0) {
        details.add("-" + Fmt.plural(WriteCommand.metric(m, "numRemovedFiles"), "file"));
      }
      table.add(String.valueOf(e.version()), e.operation() == null ? "-" : e.operation(), String.join(", ", details));
    }
    table.print(out, "   ");
  }

  /** The commitInfo stores predicates as a JSON array of SQL texts; show the SQL. */
  private static String unwrap(String jsonArray) {
    try {
      List<String> texts = new ArrayList<>();
      JsonValues.MAPPER.readTree(jsonArray).forEach(n -> texts.add(n.asText()));
      return String.join(" AND ", texts);
    } catch (java.io.IOException | RuntimeException e) {
      return jsonArray;
    }
  }

  /**
   * {@code n} seeded pseudo-random events of day {@code day}: event ids (day+1)*1,000,000 + i, so each day's
   * file has its own id range (which the point lookup's stats skipping relies on).
   */
  static Iterator<Row> events(StructType schema, int day, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 31 + day);
    LocalDate date = FIRST_DAY.plusDays(day);
    Instant midnight = date.atStartOfDay().toInstant(ZoneOffset.UTC);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(100);
      String type = kind < 60 ? "view" : kind < 85 ? "click" : kind < 97 ? "purchase" : "refund";
      Double amount = null;
      if (type.equals("purchase") || type.equals("refund")) {
        double cents = 500 + rnd.nextInt(50_000);
        amount = (type.equals("refund") ? -cents : cents) / 100.0;
      }
      rows.add(Row.of(schema, (day + 1) * 1_000_000L + i, 1L + rnd.nextInt(2000), type, amount,
          COUNTRIES[rnd.nextInt(COUNTRIES.length)], midnight.plusSeconds(rnd.nextInt(86_400)), date));
    }
    return rows.iterator();
  }
}
