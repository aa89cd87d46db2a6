package io.tidelake.cli;

import io.tidelake.stream.Trigger;
import io.tidelake.stream.WindowSpec;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The event-time window options {@code tide stream} and {@code tide backfill} share. */
final class WindowOptions {
  @Option(names = "--window", paramLabel = "SPEC",
      description = "Event-time window: \"tumbling(ts, 1 hour)\" or \"sliding(ts, 1 hour, 15 minutes)\"; the output is "
          + "window_start, window_end, the --group-by columns, then the --agg aggregates.")
  String window;

  @Option(names = "--group-by", paramLabel = "COLS", description = "Window grouping columns: a,b.")
  String groupBy;

  @Option(names = "--agg", paramLabel = "LIST",
      description = "Window aggregates (default count(*) AS count): \"count(*) AS n, sum(amount) AS total\"; count, count(DISTINCT x), sum, min, max, avg, first, last.")
  String agg;

  @Option(names = "--watermark", paramLabel = "DELAY",
      description = "How late an event may be and still count, e.g. \"10 minutes\" (default 0).")
  String watermark;

  /**
   * The window, or null without {@code --window}; {@code extraOption} names another option of the command
   * that needs a window (e.g. --late-table) and is set, or null.
   */
  WindowSpec spec(String extraOption) {
    if (window == null) {
      if (groupBy != null || agg != null || watermark != null || extraOption != null) {
        throw new CliException("--group-by, --agg, --watermark" + (extraOption == null ? "" : " and " + extraOption)
            + " belong to a windowed query: add --window \"tumbling(ts, 1 hour)\"");
      }
      return null;
    }
    WindowSpec w = WindowSpec.parse(window);
    if (groupBy != null) {
      w.groupBy(Arrays.stream(groupBy.split(",")).map(String::trim).toList());
    }
    if (agg != null) {
      w.agg(agg);
    }
    if (watermark != null) {
      w.watermark(Trigger.parseDuration(watermark));
    }
    return w;
  }
}
