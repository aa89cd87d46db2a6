package io.tidelake.cli;

import io.tidelake.compaction.Optimize;
import io.tidelake.compaction.OptimizeMetrics;
import io.tidelake.table.Table;
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

/** {@code tide optimize}: Delta's OPTIMIZE (bin-packing compaction, or Z-order with --zorder-by). */
@Command(name = "optimize", description = "Compact small files (and files with many deleted rows) into files of "
    + "the target size, or Z-order partitions by columns. Changes no row; safe next to running writers.",
    footer = {"", "Examples:",
        "  tide optimize /tmp/t",
        "  tide optimize /tmp/t --where \"date = '2025-01-01'\" --zorder-by country,id --json"})
final class OptimizeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--where", paramLabel = "PREDICATE", description = "Only partitions matching this predicate "
      + "(partition columns only).")
  String where;

  @Option(names = "--zorder-by", split = ",", paramLabel = "COLUMN", description = "Z-order each chosen partition "
      + "by these non-partition columns.")
  List<String> zOrderBy;

  @Option(names = "--target-size", paramLabel = "SIZE", description = "Output file size (default the table's "
      + "delta.targetFileSize, else 128MB).")
  String targetSize;

  @Option(names = "--max-threads", paramLabel = "N", description = "Bins rewritten in parallel.")
  Integer maxThreads;

  @Option(names = "--json", description = "Print the metrics as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Table t = store.open(location);
    OptimizeMetrics m = run(t, spec, where, zOrderBy, targetSize, maxThreads);
    if (json) {
      MaintenanceOutput.printJson(spec, document(t, m));
    } else {
      MaintenanceOutput.println(spec, summary(m));
    }
    return TideCli.EXIT_OK;
  }

  static OptimizeMetrics run(Table t, CommandSpec spec, String where, List<String> zOrderBy, String targetSize,
      Integer maxThreads) {
    Optimize o = Optimize.of(t);
    if (where != null) {
      o.where(where); // parsed by execute(), before anything is written: a quoting mistake gets its hint there
    }
    if (zOrderBy != null && !zOrderBy.isEmpty()) {
      o.zOrderBy(zOrderBy.toArray(String[]::new));
    }
    if (targetSize != null) {
      o.targetFileSize(MaintenanceOutput.parseSize("--target-size", targetSize));
    }
    if (maxThreads != null) {
      o.maxThreads(maxThreads);
    }
    try (ProgressReporter progress = ProgressReporter.forStderr(spec.commandLine().getErr())) {
      Optimize running = o.onProgress(progress);
      return where == null ? running.execute() : PredicateHints.withHints("--where", where, running::execute);
    }
  }

  static Map<String, Object> document(Table t, OptimizeMetrics m) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("operation", "OPTIMIZE");
    d.put("committed", !m.versions().isEmpty());
    d.put("version", m.versions().isEmpty() ? t.snapshot().version() : m.versions().get(m.versions().size() - 1));
    d.put("operationMetrics", m.toMap());
    return d;
  }

  static String summary(OptimizeMetrics m) {
    if (m.versions().isEmpty()) {
      return "Nothing to optimize: " + Fmt.plural(m.totalConsideredFiles(), "file") + " considered, none worth "
          + "rewriting";
    }
    return "Optimized " + Fmt.plural(m.numRemovedFiles(), "file") + " (" + Fmt.bytes(m.numRemovedBytes()) + ") into "
        + Fmt.plural(m.numAddedFiles(), "file") + " (" + Fmt.bytes(m.numAddedBytes()) + ") in "
        + Fmt.plural(m.partitionsOptimized(), "partition") + " (version " + m.versions().get(m.versions().size() - 1)
        + ")";
  }
}
