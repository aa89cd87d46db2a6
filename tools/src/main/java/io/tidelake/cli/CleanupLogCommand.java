package io.tidelake.cli;

import io.tidelake.compaction.LogCleanup;
import io.tidelake.compaction.Retention;
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

/** {@code tide cleanup-log}: Delta's metadata cleanup on demand. */
@Command(name = "cleanup-log", description = "Delete commit and checkpoint files older than the log retention "
    + "that precede a checkpoint that stays (Delta's rule). Time travel to those versions is then impossible.",
    footer = {"", "Examples:", "  tide cleanup-log /tmp/t", "  tide cleanup-log /tmp/t --retain 7d --force"})
final class CleanupLogCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--retain", paramLabel = "DURATION", description = "Log retention such as 30d (default the "
      + "table's delta.logRetentionDuration, else 30 days).")
  String retain;

  @Option(names = "--force", description = "Allow a retention shorter than the table's.")
  boolean force;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Table t = store.open(location);
    ExpiredLogCleanup.Result r = run(t, retain, force);
    if (json) {
      MaintenanceOutput.printJson(spec, document(r));
    } else {
      MaintenanceOutput.println(spec, summary(r));
    }
    return TideCli.EXIT_OK;
  }

  static ExpiredLogCleanup.Result run(Table t, String retain, boolean force) {
    LogCleanup c = LogCleanup.of(t);
    if (retain != null) {
      c.retain(Retention.parse(retain));
    }
    if (force) {
      c.force();
    }
    return c.execute();
  }

  static Map<String, Object> document(ExpiredLogCleanup.Result r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("numDeletedLogFiles", r.deleted().size());
    d.put("earliestVersion", r.checkpointVersion() < 0 ? null : r.checkpointVersion());
    return d;
  }

  static String summary(ExpiredLogCleanup.Result r) {
    return r.checkpointVersion() < 0 ? "Nothing to clean up: no checkpoint older than the retention"
        : "Deleted " + Fmt.plural(r.deleted().size(), "log file") + "; the log now starts at version "
            + r.checkpointVersion();
  }
}
