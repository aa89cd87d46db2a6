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
 * readers) under an id, audited by {@code --expect} when given; {@code tide wap publish} commits it. With
 * {@code --mode delete --where PRED} or {@code --mode update --set "..." [--where PRED]} it stages a DELETE
 * or an UPDATE instead (as {@code tide delete} / {@code tide update} would commit it).
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

  /** What is staged. */
  enum Mode { append, overwrite, delete, update }

  @Option(names = "--input", paramLabel = "FILE", description = "Input file ('-' for stdin); append and overwrite.")
  String input;

  @Option(names = "--where", paramLabel = "PREDICATE", description = "--mode delete / update: the rows to change.")
  String where;

  @Option(names = "--set", paramLabel = "ASSIGNMENTS",
      description = "--mode update: e.g. \"amount = amount * 1.1, status = 'closed'\".")
  String set;

  @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl or csv (default: from the file extension).")
  RowInput.Format format;

  @Option(names = "--mode", paramLabel = "MODE", description = "append (default), overwrite, delete or update.")
  Mode mode;

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
    if (mode == Mode.delete || mode == Mode.update) {
      return stageRowLevel();
    }
    if (input == null) {
      throw new ParameterException(spec.commandLine(), "--input FILE is required to stage an append or overwrite");
    }
    if (where != null || set != null) {
      throw new ParameterException(spec.commandLine(), "--where and --set go with --mode delete or --mode update");
    }
    if (replaceWhere != null && mode == Mode.append) {
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
    if (mode == Mode.overwrite || replaceWhere != null) {
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
    return print(table, staged);
  }

  private Integer stageRowLevel() {
    String m = "--mode " + mode;
    if (input != null || replaceWhere != null || expect != null) {
      throw new ParameterException(spec.commandLine(), m + " takes no --input, --replace-where or --expect");
    }
    if (mode == Mode.delete && where == null) {
      throw new ParameterException(spec.commandLine(), m + " needs --where PREDICATE (the rows to delete)");
    }
    if (mode == Mode.update && set == null) {
      throw new ParameterException(spec.commandLine(), m + " needs --set ASSIGNMENTS");
    }
    if (mode == Mode.delete && set != null) {
      throw new ParameterException(spec.commandLine(), "--set goes with --mode update");
    }
    Table table = store.open(location);
    StagedCommit staged;
    if (mode == Mode.delete) {
      io.tidelake.table.DeleteRows d = table.newDelete();
      PredicateHints.withHints("--where", where, () -> d.where(where));
      staged = d.stage(id);
    } else {
      io.tidelake.table.UpdateRows u = table.newUpdate().set(set);
      if (where != null) {
        PredicateHints.withHints("--where", where, () -> u.where(where));
      }
      staged = u.stage(id);
    }
    return print(table, staged);
  }

  private Integer print(Table table, StagedCommit staged) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      WapCommand.printJson(out, WapCommand.json(staged, true));
    } else {
      out.println("Staged " + staged.id() + " on version " + staged.baseVersion() + " of " + table.location() + ": "
          + WapCommand.changeSummary(staged.operationMetrics()) + " in " + staged.dataFiles().size()
          + " files, not visible until published; audit "
          + WapCommand.auditSummary(staged));
      out.flush();
    }
    return TideCli.EXIT_OK;
  }
}
