package io.tidelake.cli;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.table.AppendFiles;
import io.tidelake.table.CommitResult;
import io.tidelake.table.OverwriteFiles;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tide write}: streams rows from a jsonl or csv file into one append or overwrite commit. Rows are
 * written to data files as they are read, so the input may be larger than memory; a bad row fails the
 * whole write (files already written are deleted, nothing is committed).
 */
@Command(name = "write", description = "Append or overwrite rows from a JSON-lines or csv file, in one commit.",
    footer = {"", "jsonl: one JSON object per line, keys are column names (missing = null); numbers, or strings for "
        + "dates, timestamps and decimals; binary as base64; objects/arrays for struct, array and map columns.",
        "csv: a header row of column names; RFC 4180 quoting; an empty cell is null, \"\" the empty string; "
        + "struct/array/map cells as JSON text.",
        "", "Examples:",
        "  tide write /tmp/t --input day1.jsonl --txn-app ingest --txn-version 1",
        "  tide write /tmp/t --input fix.csv --replace-where \"date = '2025-01-02'\""})
final class WriteCommand implements Callable<Integer> {
  enum Mode { append, overwrite }

  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input file ('-' for stdin).")
  String input;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "jsonl or csv (default: from the file extension).")
  RowInput.Format format;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "append (default) or overwrite (the whole table, or with --replace-where only matching rows).")
  Mode mode;

  @Option(names = "--replace-where", paramLabel = "PREDICATE",
      description = "Overwrite only the rows matching this predicate; every input row must match it.")
  String replaceWhere;

  @Option(names = "--allow-empty",
      description = "Let an overwrite with an empty input commit (it deletes the rows it replaces).")
  boolean allowEmpty;

  @Option(names = "--txn-app", paramLabel = "ID",
      description = "Idempotent write: the writing application's id (with --txn-version).")
  String txnApp;

  @Option(names = "--txn-version", paramLabel = "N",
      description = "Idempotent write: the batch number; skipped when the table already has it (or a later "
          + "one) for the id.")
  Long txnVersion;

  @Option(names = "--expect", paramLabel = "SUITE.json",
      description = "Audit the rows with this Great Expectations suite before publishing them (write-audit-publish);"
          + " exit 3 and nothing committed when it blocks.")
  String expect;

  @Option(names = "--quarantine", paramLabel = "QTABLE",
      description = "With --expect: rows failing expectations marked on_failure quarantine go to this table "
          + "(created on first use) instead of the target.")
  String quarantine;

  @Option(names = "--json", description = "Print the commit as one JSON object (version, committed, operation, "
      + "operationMetrics; with --expect also quarantinedRows and the expectation results).")
  boolean json;

  @Override
  public Integer call() {
    validate();
    if (quarantine != null && txnApp == null) {
      // exactly once across a crash between the quarantine commit and the target's: both carry a txn
      txnApp = DerivedTxn.forInput(input, location, mode == null ? "append" : mode.name(), replaceWhere);
      txnVersion = 0L;
      derivedTxn = true;
    }
    RowInput.Format fmt = format != null ? format : RowInput.Format.fromFileName(input);
    if (fmt == null) {
      throw new ParameterException(spec.commandLine(), "cannot tell the format of '" + input
          + "' from its name; add --format jsonl or --format csv");
    }
    Table table = store.open(location);
    Snapshot base = table.snapshot();
    boolean overwrite = mode == Mode.overwrite || replaceWhere != null;
    // the update is set up (replaceWhere parsed) before the input is opened: option errors come first
    try (ProgressReporter progress = ProgressReporter.forStderr(spec.commandLine().getErr())) {
      write(table, base, fmt, overwrite, progress);
    }
    return TideCli.EXIT_OK;
  }

  private void write(Table table, Snapshot base, RowInput.Format fmt, boolean overwrite, ProgressReporter progress) {
    if (overwrite) {
      OverwriteFiles update = table.newOverwrite().onProgress(progress);
      if (replaceWhere != null) {
        PredicateHints.withHints("--replace-where", replaceWhere, () -> update.replaceWhere(replaceWhere));
      }
      if (txnApp != null) {
        update.txn(txnApp, txnVersion);
      }
      if (expect != null) {
        update.expect(suite());
      }
      if (quarantine != null) {
        update.quarantineTo(quarantine);
      }
      if (feed(fmt, base, update::addRows, update::abort, true)) {
        CommitResult r = update.commit();
        progress.close(); // the bar's last frame before the result line, not through it
        report(table, r, true);
      }
    } else {
      AppendFiles update = table.newAppend().onProgress(progress);
      if (txnApp != null) {
        update.txn(txnApp, txnVersion);
      }
      if (expect != null) {
        update.expect(suite());
      }
      if (quarantine != null) {
        update.quarantineTo(quarantine);
      }
      if (feed(fmt, base, update::addRows, update::abort, false)) {
        CommitResult r = update.commit();
        progress.close();
        report(table, r, false);
      }
    }
  }

  /** The --expect suite file, read and parsed (checked against the table when the write binds it). */
  io.tidelake.quality.ExpectationSuite suite() {
    return readSuite(expect);
  }

  static io.tidelake.quality.ExpectationSuite readSuite(String file) {
    java.nio.file.Path p = java.nio.file.Path.of(file);
    if (!java.nio.file.Files.isRegularFile(p)) {
      throw new CliException("Expectation suite " + file + " does not exist or is not a file.");
    }
    return io.tidelake.quality.ExpectationSuite.fromFile(p);
  }

  private void validate() {
    if (quarantine != null && expect == null) {
      throw new ParameterException(spec.commandLine(), "--quarantine needs --expect SUITE.json");
    }
    if (replaceWhere != null && mode == Mode.append) {
      throw new ParameterException(spec.commandLine(), "--replace-where overwrites rows; it cannot be used with "
          + "--mode append");
    }
    if ((txnApp == null) != (txnVersion == null)) {
      throw new ParameterException(spec.commandLine(), "--txn-app and --txn-version go together");
    }
    if (txnApp != null && (txnApp.isBlank() || txnVersion < 0)) {
      throw new ParameterException(spec.commandLine(), "--txn-app must not be empty and --txn-version must be >= 0");
    }
  }

  /**
   * Streams the input into the update; on any failure the update is aborted (its files deleted). Returns
   * false when the input has no rows and there is nothing to commit.
   */
  boolean feed(RowInput.Format fmt, Snapshot base, Consumer<Iterator<Row>> add, Runnable abort,
      boolean overwrite) {
    try (RowInput rows = RowInput.open(input, fmt, base.schema())) {
      try {
        if (!rows.hasNext() && !emptyInput(base, overwrite)) {
          abort.run();
          return false;
        }
        add.accept(rows);
        return true;
      } catch (TidelakeException e) {
        abort.run(); // addRows cleans up after a bad row, but not when the input itself fails
        throw rows.atCurrentRow(e);
      } catch (RuntimeException e) {
        abort.run();
        throw e;
      }
    }
  }

  /**
   * An input without rows (even a 0-byte csv without its header). An overwrite of nothing would delete
   * every row it replaces, which an empty file (a failed export, a wrong path) almost never means, so it
   * needs --allow-empty. An empty append would be a commit that changes nothing: none is made.
   */
  private boolean emptyInput(Snapshot base, boolean overwrite) {
    String what = input.equals("-") ? "the input (stdin)" : input;
    if (overwrite && !allowEmpty) {
      throw new CliException(what + " has no rows; an overwrite with no rows would delete every row "
          + (replaceWhere != null ? "matching --replace-where" : "of the table")
          + ". Nothing was changed; add --allow-empty if that is what you want.");
    }
    if (!overwrite) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("tide: " + what + " has no rows; nothing to append, no commit made (" + location
          + " stays at version " + base.version() + ").");
      err.flush();
      return false;
    }
    return true; // overwrite with --allow-empty: commit the removal
  }

  /** Whether the txn was derived from the input (--quarantine without --txn-app). */
  private boolean derivedTxn;

  private void report(Table table, CommitResult r, boolean overwrite) {
    PrintWriter out = spec.commandLine().getOut();
    io.tidelake.quality.SuiteResult audit = expect == null || !r.committed() ? null : auditOf(table, r.version());
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode o = JsonValues.MAPPER.createObjectNode();
      o.put("version", r.version());
      o.put("committed", r.committed());
      o.put("operation", overwrite ? "WRITE (overwrite)" : "WRITE");
      r.metrics().forEach(o.putObject("operationMetrics")::put);
      if (txnApp != null) {
        o.put("txnApp", txnApp);
        o.put("txnVersion", txnVersion);
      }
      if (audit != null) {
        o.put("quarantinedRows", audit.quarantinedRows());
        try {
          o.set("expectations", JsonValues.MAPPER.readTree(audit.toCompactJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
      WapCommand.printJson(out, o);
      return;
    }
    if (!r.committed()) {
      out.println("Skipped: txn " + txnApp + "/" + txnVersion + " is already committed to " + table.location()
          + " (still at version " + r.version() + "); nothing was written."
          + (derivedTxn ? " (--quarantine makes a write exactly-once per input file content and target; pass "
          + "--txn-app/--txn-version to write the same content again.)" : ""));
      out.flush();
      return;
    }
    Map<String, String> m = r.metrics();
    StringBuilder sb = new StringBuilder("Committed version ").append(r.version()).append(" of ")
        .append(table.location()).append(": ")
        .append(overwrite ? (replaceWhere != null ? "replaceWhere " + replaceWhere : "overwrite") : "append")
        .append(", ").append(Fmt.plural(metric(m, "numOutputRows"), "row")).append(" in ")
        .append(Fmt.plural(metric(m, "numFiles"), "new file")).append(" (")
        .append(Fmt.bytes(metric(m, "numOutputBytes"))).append(")");
    if (overwrite) {
      sb.append(", ").append(Fmt.plural(metric(m, "numRemovedFiles"), "file")).append(" removed");
      if (m.containsKey("numDeletedRows")) {
        sb.append(" (").append(Fmt.plural(metric(m, "numDeletedRows"), "row")).append(" replaced)");
      }
    }
    if (audit != null) {
      sb.append(audit.quarantinedRows() > 0 ? ", " + Fmt.plural(audit.quarantinedRows(), "row") + " quarantined to "
          + quarantine : ", no row quarantined");
    }
    out.println(sb);
    out.flush();
  }

  /** The expectation results the commit recorded (commitInfo {@code tidelakeExpectations}), or null. */
  private static io.tidelake.quality.SuiteResult auditOf(Table table, long version) {
    for (io.tidelake.table.HistoryEntry h : table.history(10)) {
      if (h.version() == version) {
        Object e = h.commitInfo().get("tidelakeExpectations");
        return e == null ? null : io.tidelake.quality.SuiteResult.fromJson(String.valueOf(e));
      }
    }
    return null;
  }

  static long metric(Map<String, String> m, String key) {
    try {
      return Long.parseLong(m.getOrDefault(key, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
