package io.tidelake.cli;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.table.ChangeFeed;
import io.tidelake.table.Table;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide changes}: the change data feed of a version range (delta-spark's table_changes). */
@Command(name = "changes", description = "Print the change data feed of versions FROM..TO: each changed row with "
    + "_change_type, _commit_version and _commit_timestamp (needs delta.enableChangeDataFeed=true).",
    footer = {"", "Examples:",
        "  tide changes /tmp/t --from 3",
        "  tide changes /tmp/t --from 3 --to 5 --format jsonl"})
final class ChangesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--from", required = true, paramLabel = "V", description = "First version (inclusive).")
  long from;

  @Option(names = "--to", paramLabel = "V", description = "Last version (inclusive; default: the newest).")
  Long to;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default), jsonl, csv, or canonical (sorted golden-table lines with the CDF columns).")
  CatCommand.Format format;

  @Option(names = "--limit", paramLabel = "N", description = "At most N rows.")
  Long limit;

  @Override
  public Integer call() throws IOException {
    if (from < 0 || (to != null && to < from)) {
      throw new ParameterException(spec.commandLine(), "--from must be >= 0 and --to >= --from");
    }
    Table t = store.open(location);
    ChangeFeed feed = to == null ? t.changeFeed(from) : t.changeFeed(from, to);
    try (CloseableIterator<Row> rows = feed.rows()) {
      CatCommand.printRows(spec, format, limit, rows, feed.schema());
    }
    return TideCli.EXIT_OK;
  }
}
