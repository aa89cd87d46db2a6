package io.tidelake.cli;

import io.tidelake.table.ScanFile;
import io.tidelake.table.ScanPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tide cat --explain}: what a scan would read, without reading it — the table's files, those left
 * after partition pruning and after min/max statistics skipping, and the rows (live rows by the files'
 * {@code numRecords} minus their deletion vectors; unknown when a file has no row count) and bytes to read.
 * What an operator looks at to see whether OPTIMIZE or Z-order pays off for a filter.
 */
final class ScanExplain {
  private static final Pattern NUM_RECORDS = Pattern.compile("\"numRecords\"\\s*:\\s*(\\d+)");

  private ScanExplain() {}

  static Map<String, Object> of(long version, String where, ScanPlan plan) {
    long bytes = 0;
    Long rows = 0L;
    for (ScanFile f : plan.files()) {
      bytes += f.add().size();
      Matcher m = f.add().stats() == null ? null : NUM_RECORDS.matcher(f.add().stats());
      if (rows != null && m != null && m.find()) {
        long dv = f.add().deletionVector() == null ? 0 : f.add().deletionVector().cardinality();
        rows += Long.parseLong(m.group(1)) - dv;
      } else {
        rows = null;
      }
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("version", version);
    d.put("filter", where);
    d.put("filesInTable", plan.totalFiles());
    d.put("filesAfterPartitionPruning", plan.afterPartitionPruning());
    d.put("filesAfterStatsSkipping", plan.afterStatsSkipping());
    d.put("rowsToRead", rows);
    d.put("bytesToRead", bytes);
    return d;
  }

  static String text(Map<String, Object> d) {
    Object rows = d.get("rowsToRead");
    return "version " + d.get("version") + (d.get("filter") == null ? "" : ", filter " + d.get("filter")) + "\n"
        + "files in the table:          " + d.get("filesInTable") + "\n"
        + "after partition pruning:     " + d.get("filesAfterPartitionPruning") + "\n"
        + "after statistics skipping:   " + d.get("filesAfterStatsSkipping") + "\n"
        + "rows to read:                " + (rows == null ? "unknown (a file has no row count)" : rows) + "\n"
        + "bytes to read:               " + Fmt.bytes((Long) d.get("bytesToRead"));
  }
}
