package io.tidelake.table;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.RemoveFile;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * delta-spark's file, byte and time metrics of DELETE and UPDATE, computed from the commit's actions.
 * A remove + add of the same path is a deletion vector update, not a removed and an added file: with
 * deletion vectors only fully removed files count (DMLWithDeletionVectorsHelper).
 */
final class RowLevelMetrics {
  private RowLevelMetrics() {}

  private static Set<String> vectorUpdates(List<Action> actions) {
    Set<String> out = new HashSet<>();
    for (Action a : actions) {
      if (a instanceof AddFile x && x.deletionVector() != null) {
        out.add(x.path());
      }
    }
    return out;
  }

  static void files(List<Action> actions, Map<String, String> m) {
    Set<String> dv = vectorUpdates(actions);
    int added = 0;
    int removed = 0;
    int cdc = 0;
    for (Action a : actions) {
      if (a instanceof AddFile x && !dv.contains(x.path())) {
        added++;
      } else if (a instanceof RemoveFile x && !dv.contains(x.path())) {
        removed++;
      } else if (a instanceof AddCDCFile) {
        cdc++;
      }
    }
    m.put("numRemovedFiles", String.valueOf(removed));
    m.put("numAddedFiles", String.valueOf(added));
    m.put("numAddedChangeFiles", String.valueOf(cdc));
  }

  static void bytes(List<Action> actions, Map<String, String> m) {
    Set<String> dv = vectorUpdates(actions);
    long added = 0;
    long removed = 0;
    for (Action a : actions) {
      if (a instanceof AddFile x && !dv.contains(x.path())) {
        added += x.size();
      } else if (a instanceof RemoveFile x && !dv.contains(x.path())) {
        removed += x.size() == null ? 0 : x.size();
      }
    }
    m.put("numRemovedBytes", String.valueOf(removed));
    m.put("numAddedBytes", String.valueOf(added));
  }

  static void times(Map<String, String> m, long startNanos, long scanNanos) {
    long total = (System.nanoTime() - startNanos) / 1_000_000;
    m.put("executionTimeMs", String.valueOf(total));
    m.put("scanTimeMs", String.valueOf(scanNanos / 1_000_000));
    m.put("rewriteTimeMs", String.valueOf(Math.max(0, total - scanNanos / 1_000_000)));
  }
}
