package io.tidelake.table;

import io.tidelake.format.predicate.Predicate;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.PlainJson;
import io.tidelake.table.internal.commit.ReadSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pending DELETE: files whose partition values satisfy the predicate are dropped whole; files it may
 * partly match (by partition values and min/max stats) are rewritten without the deleted rows
 * (copy-on-write); rows where the predicate is NULL are kept, as in SQL. Without a predicate every file
 * is removed.
 */
public final class DeleteRows extends PendingUpdate<DeleteRows> {
  private Predicate condition;
  private String conditionText;

  DeleteRows(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  public DeleteRows where(String predicate) {
    return where(Filters.parse(predicate, base.schema()));
  }

  public DeleteRows where(Predicate predicate) {
    this.condition = Filters.bind(predicate, base.schema());
    this.conditionText = Filters.toSql(condition);
    return this;
  }

  public CommitResult commit() {
    checkOpen();
    MatchingFiles touched = MatchingFiles.of(base, condition);
    RowWriteSession copy = new RowWriteSession(ctx, base, "DELETE", progress, null);
    long deletedFromRewrites = condition == null ? 0 : touched.copySurvivors(ctx, base, condition, copy);
    long copiedRows = copy.rowsWritten();
    List<AddFile> copiedFiles = copy.finish();

    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    Set<String> readPaths = new HashSet<>();
    long removedBytes = 0;
    for (AddFile old : touched.touched()) {
      actions.add(old.toRemove(now, true));
      readPaths.add(old.path());
      removedBytes += old.size();
    }
    long addedBytes = 0;
    for (AddFile a : copiedFiles) {
      addedBytes += a.size();
    }
    actions.addAll(copiedFiles);
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numRemovedFiles", String.valueOf(touched.touched().size()));
    metrics.put("numAddedFiles", String.valueOf(copiedFiles.size()));
    Long droppedWhole = touched.rowsInDroppedFiles();
    if (droppedWhole != null) {
      metrics.put("numDeletedRows", String.valueOf(droppedWhole + deletedFromRewrites));
    }
    metrics.put("numCopiedRows", String.valueOf(copiedRows));
    metrics.put("numRemovedBytes", String.valueOf(removedBytes));
    metrics.put("numAddedBytes", String.valueOf(addedBytes));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", PlainJson.toJsonText(conditionText == null ? List.of() : List.of(conditionText)));
    ReadSet reads = condition == null
        ? new ReadSet(base.version(), true, null, readPaths, Set.of())
        : new ReadSet(base.version(), false, Filters.addMatcher(condition, base), readPaths, Set.of());
    if (actions.isEmpty() && txnAppId == null) {
      markDone(); // nothing matched: no commit, as Spark does for a DELETE that touches no file
      return new CommitResult(base.version(), false, 0, metrics);
    }
    return commit("DELETE", params, metrics, actions, reads, false, copy.locations(copiedFiles));
  }
}
