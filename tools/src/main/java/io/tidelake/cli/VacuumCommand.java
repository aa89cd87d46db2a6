package io.tidelake.cli;

import io.tidelake.compaction.Retention;
import io.tidelake.compaction.Vacuum;
import io.tidelake.compaction.VacuumResult;
import io.tidelake.format.store.FileInfo;
import io.tidelake.table.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide vacuum}: Delta's VACUUM (files no version within the retention needs). */
@Command(name = "vacuum", description = "Delete files that no version within the retention needs: replaced and "
    + "abandoned data files, deletion vectors, old change data. Never the log, hidden files or anything outside "
    + "the table.",
    footer = {"", "Examples:",
        "  tide vacuum /tmp/t --dry-run",
        "  tide vacuum /tmp/t --retain 7d --json",
        "  tide vacuum /tmp/t --retain 0h --force   # only when no writer runs and old versions are not needed"})
final class VacuumCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--retain", paramLabel = "DURATION", description = "Retention such as 168h, 7d or 0h (default "
      + "the table's delta.deletedFileRetentionDuration, else 7 days).")
  String retain;

  @Option(names = "--dry-run", description = "List what would be deleted, with sizes; delete nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Allow a retention shorter than the table's.")
  boolean force;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Table t = store.open(location);
    VacuumResult r = run(t, spec, retain, dryRun, force);
    if (json) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("operation", "VACUUM");
      d.put("operationMetrics", r.toMap());
      if (dryRun) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileInfo f : r.files()) {
          files.add(Map.of("path", f.path(), "size", f.size()));
        }
        d.put("files", files);
      }
      MaintenanceOutput.printJson(spec, d);
    } else {
      if (dryRun) {
        for (FileInfo f : r.files()) {
          MaintenanceOutput.println(spec, f.path() + "\t" + f.size());
        }
      }
      MaintenanceOutput.println(spec, summary(r));
    }
    return TideCli.EXIT_OK;
  }

  static VacuumResult run(Table t, CommandSpec spec, String retain, boolean dryRun, boolean force) {
    Vacuum v = Vacuum.of(t);
    if (retain != null) {
      v.retain(Retention.parse(retain));
    }
    if (dryRun) {
      v.dryRun();
    }
    if (force) {
      v.force();
    }
    try (ProgressReporter progress = ProgressReporter.forStderr(spec.commandLine().getErr())) {
      return v.onProgress(progress).execute();
    }
  }

  static String summary(VacuumResult r) {
    if (r.dryRun()) {
      return "Would delete " + Fmt.plural(r.files().size(), "file") + " (" + Fmt.bytes(r.sizeOfDataToDelete()) + ")";
    }
    return "Deleted " + Fmt.plural(r.numDeletedFiles(), "file") + " (" + Fmt.bytes(r.sizeOfDataToDelete()) + ")"
        + (r.versions().isEmpty() ? "" : " (versions " + r.versions().get(0) + "-"
            + r.versions().get(r.versions().size() - 1) + ")");
  }
}
