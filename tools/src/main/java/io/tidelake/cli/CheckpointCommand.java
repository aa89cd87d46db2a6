package io.tidelake.cli;

import io.tidelake.table.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide checkpoint}: writes a checkpoint of the newest version now (then expired log cleanup). */
@Command(name = "checkpoint", description = "Write a checkpoint of the newest version now, so readers replay "
    + "less of the log; then delete expired log files when delta.enableExpiredLogCleanup is on (the default).",
    footer = {"", "Example:", "  tide checkpoint /tmp/t"})
final class CheckpointCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Table t = store.open(location);
    long version = t.snapshot().version();
    t.checkpoint();
    if (json) {
      MaintenanceOutput.printJson(spec, java.util.Map.of("version", version));
    } else {
      MaintenanceOutput.println(spec, "Wrote the checkpoint of version " + version);
    }
    return TideCli.EXIT_OK;
  }
}
