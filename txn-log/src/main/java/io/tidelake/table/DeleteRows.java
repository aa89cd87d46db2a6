package io.tidelake.table;

import io.tidelake.format.predicate.Predicate;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.PlainJson;
import io.tidelake.table.internal.commit.ReadSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    long deletedFromRewrites;
    List<AddFile> copiedFiles;
    try {
      deletedFromRewrites = condition == null ? 0 : touched.copySurvivors(ctx, base, condition, copy);
      copiedFiles = copy.finish();
    } catch (RuntimeException e) {
      copy.abort(); // e.g. a damaged file among those to rewrite: leave nothing behind
      markDone();
      throw e;
    }
    long copiedRows = copy.rowsWritten();

    List<Action> actions = touched.removes(System.currentTimeMillis());
    actions.addAll(copiedFiles);
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numRemovedFiles", String.valueOf(touched.touched().size()));
    metrics.put("numAddedFiles", String.valueOf(copiedFiles.size()));
    Long droppedWhole = touched.rowsInDroppedFiles();
    if (droppedWhole != null) {
      metrics.put("numDeletedRows", String.valueOf(droppedWhole + deletedFromRewrites));
    }
    metrics.put("numCopiedRows", String.valueOf(copiedRows));
    metrics.put("numRemovedBytes", String.valueOf(MatchingFiles.bytes(touched.touched())));
    metrics.put("numAddedBytes", String.valueOf(MatchingFiles.bytes(copiedFiles)));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", PlainJson.toJsonText(conditionText == null ? List.of() : List.of(conditionText)));
    ReadSet reads = touched.readSet(base, condition);
    if (actions.isEmpty() && txnAppId == null) {
      markDone(); // nothing matched: no commit, as Spark does for a DELETE that touches no file
      return new CommitResult(base.version(), false, 0, metrics);
    }
    return commit("DELETE", params, metrics, actions, reads, false, locations(copiedFiles));
  }
}
