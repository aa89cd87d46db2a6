package io.tidelake.cli;

import io.tidelake.table.CommitResult;
import io.tidelake.table.Table;
import io.tidelake.table.UpdateRows;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide update}: delta-spark's UPDATE ... SET ... WHERE, in one commit. */
@Command(name = "update", description = "Update the rows matching a predicate: SET column = expression, ...",
    footer = {"", "Examples:",
        "  tide update /tmp/t --set \"amount = amount * 1.1\" --where \"country = 'DE'\"",
        "  tide update /tmp/t --set \"status = 'closed', updated = current_timestamp()\" --json"})
final class UpdateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--set", required = true, paramLabel = "ASSIGNMENTS",
      description = "Comma-separated assignments, e.g. \"a = a + 1, b = 'x'\" (expressions may use any column).")
  String set;

  @Option(names = "--where", paramLabel = "PREDICATE", description = "Only rows matching it (default: every row).")
  String where;

  @Option(names = "--json", description = "Print the commit (version, operation, metrics) as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Table t = store.open(location);
    UpdateRows u = t.newUpdate().set(set);
    if (where != null) {
      PredicateHints.withHints("--where", where, () -> u.where(where));
    }
    CommitResult r = u.commit();
    CommitOutput.print(spec, json, "UPDATE", r, "Updated " + CommitOutput.metric(r, "numUpdatedRows") + " rows");
    return TideCli.EXIT_OK;
  }
}
