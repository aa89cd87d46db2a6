package io.tidelake.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.Values;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Scan;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide cat}: prints the rows of a table (or of an older version), optionally filtered. */
@Command(name = "cat", description = "Print the rows of a table, optionally filtered, projected, or as of an "
    + "older version.",
    footer = {"", "Examples:",
        "  tide cat /tmp/t --limit 10 \\",
        "      --where \"date >= '2025-01-02' AND country IN ('DE','FR')\"",
        "  tide cat /tmp/t --version 1 --columns id,amount --format csv"})
final class CatCommand implements Callable<Integer> {
  enum Format { table, jsonl, csv, canonical }

  /** Rows shown by --format table without --limit: an aligned table needs every row in memory. */
  static final int DEFAULT_TABLE_ROWS = 50;
  static final int MAX_CELL_WIDTH = 40;
  /** Rows between checks that stdout is still open: a flush per check, so not every row. */
  static final int CHECK_EVERY = 256;

  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--version", paramLabel = "N", description = "Read version N (time travel).")
  Long version;

  @Option(names = "--timestamp", paramLabel = "T",
      description = "Read the version current at time T (ISO instant, 'yyyy-MM-dd HH:mm:ss' UTC, a date, "
          + "or epoch milliseconds).")
  String timestamp;

  @Option(names = "--where", paramLabel = "PREDICATE",
      description = "Filter, e.g. \"country IN ('DE','FR')\"; quote text and dates.")
  String where;

  @Option(names = "--columns", split = ",", paramLabel = "COLUMN", description = "Only these columns, in this order.")
  List<String> columns;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default), jsonl, csv, or canonical (sorted golden-table lines).")
  Format format;

  @Option(names = "--limit", paramLabel = "N",
      description = "At most N rows (default for --format table: " + DEFAULT_TABLE_ROWS + ").")
  Long limit;

  @Option(names = "--explain", description = "Print what the scan would read (files after partition pruning and "
      + "statistics skipping, rows, bytes) instead of the rows.")
  boolean explain;

  @Option(names = "--json", description = "With --explain: the plan as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (version != null && timestamp != null) {
      throw new ParameterException(spec.commandLine(), "use --version or --timestamp, not both");
    }
    if (limit != null && limit < 0) {
      throw new ParameterException(spec.commandLine(), "--limit must not be negative");
    }
    Table t = store.open(location);
    Snapshot snap = version != null ? t.snapshotAt(version)
        : timestamp != null ? asOf(t, parseTime(timestamp)) : t.snapshot();
    List<String> cols = columns(snap);
    Scan scan = snap.newScan().select(cols);
    if (where != null) {
      PredicateHints.withHints("--where", where, () -> scan.where(where));
    }
    if (explain || json) {
      if (!explain) {
        throw new ParameterException(spec.commandLine(), "--json needs --explain (rows have --format jsonl)");
      }
      java.util.Map<String, Object> plan = ScanExplain.of(snap.version(), where, scan.plan());
      if (json) {
        MaintenanceOutput.printJson(spec, plan);
      } else {
        MaintenanceOutput.println(spec, ScanExplain.text(plan));
      }
      return TideCli.EXIT_OK;
    }
    PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16));
    try (CloseableIterator<Row> rows = scan.rows()) {
      switch (format) {
        case table -> printTable(rows, scan.outputSchema(), out);
        case jsonl -> printJsonl(rows, out);
        case csv -> printCsv(rows, scan.outputSchema(), out);
        case canonical -> printCanonical(rows, out);
        default -> throw new IllegalStateException(format.name());
      }
    }
    out.flush();
    return TideCli.EXIT_OK;
  }

  /** Prints rows as {@code tide cat} does (shared with {@code tide changes}). */
  static void printRows(CommandSpec spec, Format format, Long limit, CloseableIterator<Row> rows, StructType schema)
      throws IOException {
    CatCommand c = new CatCommand();
    c.spec = spec;
    c.format = format;
    c.limit = limit;
    PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16));
    switch (format) {
      case table -> c.printTable(rows, schema, out);
      case jsonl -> c.printJsonl(rows, out);
      case csv -> c.printCsv(rows, schema, out);
      case canonical -> c.printCanonical(rows, out);
      default -> throw new IllegalStateException(format.name());
    }
    out.flush();
  }

  /**
   * Time travel by timestamp. A time after the latest commit is an error, as in delta-spark
   * (DELTA_TIMESTAMP_GREATER_THAN_COMMIT): the latest version is not "as of" a future time, and a typo in
   * the year should not quietly read today's data.
   */
  private static Snapshot asOf(Table t, Instant time) {
    Snapshot latest = t.snapshot();
    if (time.toEpochMilli() > latest.timestamp()) {
      String max = Fmt.time(latest.timestamp());
      throw new CliException("The provided timestamp (" + time + ") is after the latest version available to "
          + "this table (" + t.location() + ", version " + latest.version() + " committed " + max + "). Use a "
          + "timestamp before or at " + max + ", or leave out --timestamp to read the latest version.");
    }
    return t.snapshotAsOf(time);
  }

  /** --columns as typed ("id, amount" has spaces), checked against the table with a did-you-mean. */
  private List<String> columns(Snapshot snap) {
    if (columns == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      String name = c.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (snap.schema().indexOf(name) < 0) {
        throw new ParameterException(spec.commandLine(), "--columns: unknown column '" + name + "'"
            + Suggest.hint(name, snap.schema().fieldNames()) + "; the table has " + snap.schema().fieldNames());
      }
      out.add(name);
    }
    return out.isEmpty() ? null : out;
  }

  /**
   * Whether stdout is gone ({@code tide cat ... | head} after head exits). Writes to a closed pipe fail
   * silently in a PrintWriter, so without this check a scan would read the whole table for nobody.
   */
  private boolean stdoutClosed(PrintWriter out) {
    out.flush();
    return spec.commandLine().getOut().checkError();
  }

  private Instant parseTime(String text) {
    String t = text.strip();
    try {
      return t.chars().allMatch(Character::isDigit)
          ? Instant.ofEpochMilli(Long.parseLong(t))
          : Values.parseTimestamp(t);
    } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new ParameterException(spec.commandLine(), "--timestamp '" + text + "' is not a time; use e.g. "
          + "2025-01-31T10:00:00Z, '2025-01-31 10:00:00' (UTC), 2025-01-31 or epoch milliseconds");
    }
  }

  private long max() {
    return limit == null ? Long.MAX_VALUE : limit;
  }

  private void printTable(CloseableIterator<Row> rows, StructType schema, PrintWriter out) {
    long max = limit == null ? DEFAULT_TABLE_ROWS : limit;
    List<String> headers = new ArrayList<>();
    boolean[] right = new boolean[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      StructField f = schema.field(i);
      headers.add(f.name());
      right[i] = f.type() instanceof DecimalType || (f.type() instanceof PrimitiveType p && p.isNumeric());
    }
    TextTable table = new TextTable(headers, right, MAX_CELL_WIDTH);
    boolean more = false;
    while (rows.hasNext()) {
      if (table.size() >= max) {
        more = true;
        break;
      }
      Row r = rows.next();
      String[] cells = new String[schema.size()];
      for (int i = 0; i < cells.length; i++) {
        cells[i] = TextValues.display(schema.field(i).type(), r.get(i));
      }
      table.add(cells);
    }
    table.print(out, "");
    if (more) {
      out.println("(first " + Fmt.count(table.size()) + " rows; use --limit N for more, or --format jsonl|csv)");
    } else {
      out.println("(" + Fmt.count(table.size()) + (table.size() == 1 ? " row)" : " rows)"));
    }
  }

  private void printJsonl(CloseableIterator<Row> rows, PrintWriter out) throws IOException {
    long n = 0;
    long max = max();
    try (JsonGenerator g = JsonValues.factory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
      while (n < max && rows.hasNext()) {
        JsonValues.writeRow(g, rows.next());
        g.flush();
        out.write('\n');
        n++;
        if (n % CHECK_EVERY == 0 && stdoutClosed(out)) {
          return;
        }
      }
    }
  }

  private void printCsv(CloseableIterator<Row> rows, StructType schema, PrintWriter out) {
    List<String> header = new ArrayList<>();
    for (StructField f : schema.fields()) {
      header.add(TextValues.csvCell(PrimitiveType.STRING, f.name()));
    }
    out.print(String.join(",", header) + "\n");
    long n = 0;
    long max = max();
    StringBuilder sb = new StringBuilder();
    while (n < max && rows.hasNext()) {
      Row r = rows.next();
      sb.setLength(0);
      for (int i = 0; i < schema.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(TextValues.csvCell(schema.field(i).type(), r.get(i)));
      }
      out.print(sb.append('\n'));
      n++;
      if (n % CHECK_EVERY == 0 && stdoutClosed(out)) {
        return;
      }
    }
  }

  private void printCanonical(CloseableIterator<Row> rows, PrintWriter out) {
    // sorted first, then cut: the first N canonical lines are the same whatever order files are read in
    List<String> lines = CanonicalRows.renderSorted(rows);
    long max = max();
    for (int i = 0; i < lines.size() && i < max; i++) {
      out.print(lines.get(i));
      out.print('\n');
    }
  }
}
