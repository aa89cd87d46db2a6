package io.tidelake.cli;

import io.tidelake.table.OverwriteFiles;
import io.tidelake.table.Snapshot;
import io.tidelake.table.StagedCommit;
import io.tidelake.table.Table;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tide wap stage}: like {@code tide write}, but the rows are kept as a staged commit (invisible to
 * readers) under an id, audited by {@code --expect} when given; {@code tide wap publish} commits it.
 */
@Command(name = "stage", description = "Write rows as a staged commit (not visible until published).")
final class WapStageCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--id", required = true, paramLabel = "ID", description = "The staged commit's id (letters, "
      + "digits, '.', '_', '-').")
  String id;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input file ('-' for stdin).")
  String input;

  @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl or csv (default: from the file extension).")
  RowInput.Format format;

  @Option(names = "--mode", paramLabel = "MODE", description = "append (default) or overwrite.")
  WriteCommand.Mode mode;

  @Option(names = "--replace-where", paramLabel = "PREDICATE",
      description = "Overwrite only the rows matching this predicate; every input row must match it.")
  String replaceWhere;

  @Option(names = "--expect", paramLabel = "SUITE.json", description = "Audit the staged rows with this Great "
      + "Expectations suite; the results are stored with the staged commit.")
  String expect;

  @Option(names = "--json", description = "Print the staged commit as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    if (replaceWhere != null && mode == WriteCommand.Mode.append) {
      throw new ParameterException(spec.commandLine(), "--replace-where overwrites rows; it cannot be used with "
          + "--mode append");
    }
    RowInput.Format fmt = format != null ? format : RowInput.Format.fromFileName(input);
    if (fmt == null) {
      throw new ParameterException(spec.commandLine(), "cannot tell the format of '" + input
          + "' from its name; add --format jsonl or --format csv");
    }
    Table table = store.open(location);
    Snapshot base = table.snapshot();
    WriteCommand feeder = new WriteCommand();
    feeder.spec = spec;
    feeder.input = input;
    feeder.location = location;
    feeder.replaceWhere = replaceWhere;
    feeder.allowEmpty = true;
    io.tidelake.quality.ExpectationSuite suite = expect == null ? null : WriteCommand.readSuite(expect);
    StagedCommit staged;
    if (mode == WriteCommand.Mode.overwrite || replaceWhere != null) {
      OverwriteFiles update = table.newOverwrite();
      if (replaceWhere != null) {
        PredicateHints.withHints("--replace-where", replaceWhere, () -> update.replaceWhere(replaceWhere));
      }
      if (suite != null) {
        update.expect(suite);
      }
      feeder.feed(fmt, base, update::addRows, update::abort, true);
      staged = update.stage(id);
    } else {
      io.tidelake.table.AppendFiles update = table.newAppend();
      if (suite != null) {
        update.expect(suite);
      }
      if (!feeder.feed(fmt, base, update::addRows, update::abort, false)) {
        return TideCli.EXIT_OK; // no rows: nothing staged (the feeder said so on stderr)
      }
      staged = update.stage(id);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      WapCommand.printJson(out, WapCommand.json(staged, true));
    } else {
      out.println("Staged " + staged.id() + " on version " + staged.baseVersion() + " of " + table.location() + ": "
          + staged.operationMetrics().getOrDefault("numOutputRows", "0") + " rows in " + staged.dataFiles().size()
          + " files, not visible until published; audit " + WapCommand.auditSummary(staged));
      out.flush();
    }
    return TideCli.EXIT_OK;
  }
}
