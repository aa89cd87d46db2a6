package io.tidelake.cli;

import io.tidelake.table.CommitResult;
import io.tidelake.table.DeleteRows;
import io.tidelake.table.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide delete}: delta-spark's DELETE ... WHERE, in one commit. */
@Command(name = "delete", description = "Delete the rows matching a predicate (by deletion vector when the table "
    + "has delta.enableDeletionVectors=true, else by rewriting the files that hold them).",
    footer = {"", "Examples:",
        "  tide delete /tmp/t --where \"country = 'XX'\"",
        "  tide delete /tmp/t --where \"date < '2024-01-01'\" --json"})
final class DeleteCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--where", required = true, paramLabel = "PREDICATE",
      description = "The rows to delete; use TRUE to delete every row.")
  String where;

  @Option(names = "--json", description = "Print the commit (version, operation, metrics) as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Table t = store.open(location);
    DeleteRows d = t.newDelete();
    PredicateHints.withHints("--where", where, () -> d.where(where));
    CommitResult r = d.commit();
    String n = r.metrics().get("numDeletedRows");
    CommitOutput.print(spec, json, "DELETE", r, n != null ? "Deleted " + n + " rows"
        : "Deleted " + CommitOutput.metric(r, "numRemovedFiles") + " files");
    return TideCli.EXIT_OK;
  }
}
