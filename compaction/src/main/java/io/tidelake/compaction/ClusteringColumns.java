package io.tidelake.compaction;

import io.tidelake.format.types.StructField;
import io.tidelake.table.Snapshot;
import java.util.List;

/** Checks Z-order and sort columns: known, top-level, not partition columns (as Delta requires). */
final class ClusteringColumns {
  private ClusteringColumns() {}

  static void check(Snapshot snap, List<String> columns, String what) {
    for (String c : columns) {
      StructField field = null;
      for (StructField f : snap.schema().fields()) {
        if (f.name().equalsIgnoreCase(c)) {
          field = f;
        }
      }
      if (field == null) {
        throw new MaintenanceArgumentException("OPTIMIZE " + what + " column '" + c + "' is not a column of "
            + snap.location() + " (columns: " + snap.schema().fieldNames() + "). Use one of those names.");
      }
      for (String p : snap.partitionColumns()) {
        if (p.equalsIgnoreCase(c)) {
          throw new MaintenanceArgumentException("OPTIMIZE " + what + " column '" + c + "' is a partition column of "
              + snap.location() + "; files are already separated by it. Cluster by non-partition columns.");
        }
      }
    }
  }
}
