package io.tidelake.cli;

import io.tidelake.table.CommitResult;
import io.tidelake.table.Table;
import io.tidelake.table.UpdateProperties;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide alter}: ALTER TABLE SET / UNSET TBLPROPERTIES, upgrading the protocol when a feature is enabled. */
@Command(name = "alter", description = "Set or remove table properties; enabling deletion vectors or the change "
    + "data feed upgrades the table protocol in the same commit.",
    footer = {"", "Examples:",
        "  tide alter /tmp/t --set-property delta.enableDeletionVectors=true",
        "  tide alter /tmp/t --set-property delta.enableChangeDataFeed=true --json"})
final class AlterCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--set-property", paramLabel = "KEY=VALUE", description = "A property to set (repeatable).")
  List<String> set = List.of();

  @Option(names = "--unset-property", paramLabel = "KEY", description = "A property to remove (repeatable).")
  List<String> unset = List.of();

  @Option(names = "--json", description = "Print the commit (version, operation, metrics) as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    if (set.isEmpty() && unset.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give at least one --set-property KEY=VALUE or --unset-property KEY");
    }
    if (!set.isEmpty() && !unset.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "set and unset properties in two separate commands");
    }
    Table t = store.open(location);
    UpdateProperties u = t.newPropertiesUpdate();
    for (String kv : set) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(spec.commandLine(), "--set-property needs KEY=VALUE, got '" + kv + "'");
      }
      u.set(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
    }
    unset.forEach(k -> u.remove(k.strip()));
    CommitResult r = u.commit();
    CommitOutput.print(spec, json, set.isEmpty() ? "UNSET TBLPROPERTIES" : "SET TBLPROPERTIES", r,
        "Properties updated; protocol " + t.snapshot().protocol().minReaderVersion() + ","
            + t.snapshot().protocol().minWriterVersion());
    return TideCli.EXIT_OK;
  }
}
