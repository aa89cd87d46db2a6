package io.tidelake.cli;

import io.tidelake.compaction.OptimizeMetrics;
import io.tidelake.compaction.VacuumResult;
import io.tidelake.table.ExpiredLogCleanup;
import io.tidelake.table.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide maintain}: the nightly job — optimize, checkpoint, log cleanup and vacuum by the table's properties. */
@Command(name = "maintain", description = "Run the nightly maintenance by the table's own properties: OPTIMIZE, "
    + "a checkpoint, expired log cleanup (delta.logRetentionDuration) and VACUUM "
    + "(delta.deletedFileRetentionDuration).",
    footer = {"", "Example:", "  tide maintain /tmp/t --json"})
final class MaintainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--json", description = "Print the results of every step as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Table t = store.open(location);
    // every step's settings are checked before the first one commits: a bad retention property must not
    // surface after OPTIMIZE already committed
    Map<String, String> props = t.snapshot().properties();
    io.tidelake.compaction.Retention.ofProperty(props, "delta.deletedFileRetentionDuration",
        io.tidelake.compaction.Retention.DEFAULT_FILE_RETENTION);
    io.tidelake.compaction.Retention.ofProperty(props, ExpiredLogCleanup.RETENTION_PROPERTY,
        io.tidelake.compaction.Retention.DEFAULT_LOG_RETENTION);
    OptimizeMetrics optimized = OptimizeCommand.run(t, spec, null, null, null, null);
    Object optimizeDoc = json ? OptimizeCommand.document(t, optimized) : null; // its version, before vacuum commits
    // cleanup before the checkpoint: the new checkpoint is never an expired one, so the order changes nothing
    // but lets this command report what went (the checkpoint would otherwise clean up silently)
    boolean cleanup = !"false".equalsIgnoreCase(
        t.snapshot().properties().getOrDefault(ExpiredLogCleanup.ENABLED_PROPERTY, "true").trim());
    ExpiredLogCleanup.Result cleaned = cleanup ? CleanupLogCommand.run(t, null, false)
        : new ExpiredLogCleanup.Result(-1, java.util.List.of());
    long checkpointed = t.snapshot().version();
    t.checkpoint();
    VacuumResult vacuumed = VacuumCommand.run(t, spec, null, false, false);
    if (json) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("optimize", optimizeDoc);
      d.put("checkpointVersion", checkpointed);
      d.put("cleanupLog", CleanupLogCommand.document(cleaned));
      d.put("vacuum", vacuumed.toMap());
      MaintenanceOutput.printJson(spec, d);
    } else {
      MaintenanceOutput.println(spec, OptimizeCommand.summary(optimized));
      MaintenanceOutput.println(spec, "Checkpointed version " + checkpointed);
      MaintenanceOutput.println(spec, CleanupLogCommand.summary(cleaned));
      MaintenanceOutput.println(spec, VacuumCommand.summary(vacuumed));
    }
    return TideCli.EXIT_OK;
  }
}
