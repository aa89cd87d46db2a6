package io.tidelake.merge.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tidelake.merge.MergeClause;
import io.tidelake.merge.MergeClause.Kind;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.RemoveFile;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MERGE's commitInfo as delta-spark writes it: operationParameters {@code predicate} (a JSON array with the
 * ON condition) and {@code matchedPredicates} / {@code notMatchedPredicates} / {@code notMatchedBySourcePredicates}
 * (JSON arrays of {@code {"predicate": sql, "actionType": ...}}, predicate left out when unconditional),
 * and the file and byte metrics counted from the commit's actions (a remove + add of one path is a
 * deletion vector update, not a file removed and added).
 */
final class MergeCommitInfo {
  private MergeCommitInfo() {}

  static Map<String, String> parameters(BoundMerge m) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("predicate", "[" + json(m.on.toSql()) + "]");
    p.put("matchedPredicates", clauses(m, Kind.MATCHED));
    p.put("notMatchedPredicates", clauses(m, Kind.NOT_MATCHED));
    p.put("notMatchedBySourcePredicates", clauses(m, Kind.NOT_MATCHED_BY_SOURCE));
    return p;
  }

  private static String clauses(BoundMerge m, Kind kind) {
    List<BoundMerge.Clause> list = kind == Kind.MATCHED ? m.matched
        : kind == Kind.NOT_MATCHED ? m.notMatched : m.notMatchedBySource;
    StringBuilder sb = new StringBuilder("[");
    for (BoundMerge.Clause c : list) {
      MergeClause mc = c.clause();
      sb.append(sb.length() > 1 ? "," : "").append('{');
      if (c.condition() != null) {
        sb.append("\"predicate\":").append(json(c.condition().toSql())).append(',');
      }
      sb.append("\"actionType\":").append(json(mc.action().actionType())).append('}');
    }
    return sb.append(']').toString();
  }

  /** numTargetFilesAdded/Removed, numTargetChangeFilesAdded, numTargetBytesAdded/Removed. */
  static void files(List<Action> actions, Map<String, String> out) {
    Set<String> dvUpdates = new HashSet<>();
    for (Action a : actions) {
      if (a instanceof AddFile x && x.deletionVector() != null) {
        dvUpdates.add(x.path());
      }
    }
    long filesAdded = 0;
    long filesRemoved = 0;
    long cdc = 0;
    long bytesAdded = 0;
    long bytesRemoved = 0;
    for (Action a : actions) {
      if (a instanceof AddFile x && !dvUpdates.contains(x.path())) {
        filesAdded++;
        bytesAdded += x.size();
      } else if (a instanceof RemoveFile x && !dvUpdates.contains(x.path())) {
        filesRemoved++;
        bytesRemoved += x.size() == null ? 0 : x.size();
      } else if (a instanceof AddCDCFile) {
        cdc++;
      }
    }
    out.put("numTargetFilesAdded", String.valueOf(filesAdded));
    out.put("numTargetFilesRemoved", String.valueOf(filesRemoved));
    out.put("numTargetChangeFilesAdded", String.valueOf(cdc));
    out.put("numTargetBytesAdded", String.valueOf(bytesAdded));
    out.put("numTargetBytesRemoved", String.valueOf(bytesRemoved));
  }

  static String json(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
