package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructType;
import io.tidelake.table.CommitResult;
import io.tidelake.table.RowDelta;
import io.tidelake.table.Table;
import io.tidelake.table.TableAlreadyExistsException;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.RemoveFile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Delta table sink, exactly-once as delta-spark's: each batch commits its files with
 * {@code txn(appId = query id, version = batch id)} in one commit, and a batch whose txn the table already
 * has is skipped (a re-run after a crash between the sink commit and the checkpoint's commit file).
 * commitInfo: operation {@code STREAMING UPDATE}, parameters {@code outputMode}, {@code queryId},
 * {@code epochId}. A missing table is created on the first batch with the output schema. Output mode
 * update goes through the user's {@link UpsertFunction}, or, for windowed aggregates, {@link WindowUpsert}.
 */
final class TableSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(TableSink.class);

  private final ObjectStore store;
  private final String location;
  private final boolean ownsStore;
  private final List<String> partitionBy;
  private final UpsertFunction upsert;
  private final WindowUpsert windowUpsert;
  private io.tidelake.quality.ExpectationSuite expectations;
  private boolean stageBatches;
  private Table table;

  TableSink(StoreLocation where, List<String> partitionBy, UpsertFunction upsert) {
    this(where, partitionBy, upsert, null);
  }

  /** With {@code windowUpsert}: output mode update replaces the windows' rows by key (no user function). */
  TableSink(StoreLocation where, List<String> partitionBy, UpsertFunction upsert, WindowUpsert windowUpsert) {
    this.store = where.open();
    this.location = where.root();
    this.ownsStore = where.ownsStore();
    this.partitionBy = partitionBy;
    this.upsert = upsert;
    this.windowUpsert = windowUpsert;
  }

  /** Audits each appended batch against {@code suite} before its commit (null: no audit). */
  TableSink expect(io.tidelake.quality.ExpectationSuite suite) {
    this.expectations = suite;
    return this;
  }

  /**
   * Stages each appended batch as the staged commit {@code <queryId>-<batchId>} instead of committing it
   * (write-audit-publish: someone publishes or discards it later); the batch counts as done for the query.
   */
  TableSink stageBatches(boolean stage) {
    this.stageBatches = stage;
    return this;
  }

  @Override
  public void prepare(StructType schema, OutputMode mode) {
    if (mode == OutputMode.UPDATE && upsert == null && windowUpsert == null) {
      throw new StreamingException("Output mode update into table " + location + " needs an upsert function "
          + "(toTable(location).update(fn)), e.g. a MERGE on the key (tide stream --output-mode update --key does that)");
    }
    if (Table.exists(store, location)) {
      StructType sinkSchema = table(schema).snapshot().schema();
      for (String column : schema.fieldNames()) {
        if (sinkSchema.field(column) == null) {
          throw new StreamingException("The query's output column '" + column + "' is not in the sink table "
              + location + " (columns: " + String.join(", ", sinkSchema.fieldNames()) + "). Select the sink's "
              + "columns, add the column to the sink first, or write to a new sink.");
        }
      }
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public java.util.Optional<String> tableId() {
    if (table == null) {
      if (!Table.exists(store, location)) {
        return java.util.Optional.empty();
      }
      table = Table.open(store, location);
    }
    return java.util.Optional.of(table.snapshot().metadata().id());
  }

  private Table table(StructType schema) {
    if (table == null) {
      if (!Table.exists(store, location)) {
        try {
          Table.create(store, location).schema(schema).partitionBy(partitionBy).create().close();
        } catch (TableAlreadyExistsException e) {
          // another writer created it first: use theirs
        }
      }
      table = Table.open(store, location);
    }
    return table;
  }

  @Override
  public Result addBatch(String queryId, long batchId, StructType schema, Iterator<Row> rows, OutputMode mode)
      throws Exception {
    Table t = table(schema);
    if (t.snapshot().transactionVersion(queryId).orElse(-1) >= batchId) {
      LOG.info("Skipping already complete epoch {} of query {} (table {} has it)", batchId, queryId, location);
      return new Result(0, -1);
    }
    if (stageBatches && isStaged(t, stageId(queryId, batchId))) {
      LOG.info("Skipping already staged epoch {} of query {} (table {} has it staged)", batchId, queryId, location);
      return new Result(0, -1);
    }
    CountingIterator<Row> counted = new CountingIterator<>(rows);
    if (mode == OutputMode.UPDATE && upsert != null) {
      List<Row> all = new ArrayList<>();
      counted.forEachRemaining(all::add);
      upsert.apply(t, all, queryId, batchId);
      return new Result(counted.count(), t.snapshot().version());
    }
    if (mode == OutputMode.UPDATE) {
      List<Row> all = new ArrayList<>();
      counted.forEachRemaining(all::add);
      CommitResult r = windowUpsert.commit(t, all, queryId, batchId);
      return new Result(all.size(), r.committed() ? r.version() : -1);
    }
    RowDelta d = t.newRowDelta();
    boolean committing = false;
    try {
      if (mode == OutputMode.COMPLETE) {
        if (d.changeDataFeedEnabled()) {
          throw new NotYetSupportedException("Output mode complete into " + location + ", which has the change "
              + "data feed on, is not supported yet; use append, or a sink without delta.enableChangeDataFeed");
        }
        for (AddFile f : d.snapshot().files()) {
          d.removeFile(f);
        }
        d.validateNoConcurrentData();
      }
      d.dataWriter().writeAll(counted);
      if (expectations != null) {
        d.expect(expectations);
      }
      committing = true; // from here on the commit cleans up itself (and keeps files when its outcome is unknown)
      if (stageBatches) {
        // no txn(queryId, batchId): staged batches are published in any order, and Delta's rule fails a commit
        // whose app id another commit advanced since its base; the staged commit's own txn makes publish
        // exactly-once, and the staged record (kept after publish) makes a re-run of the batch a no-op
        d.operation("STREAMING UPDATE", params(queryId, batchId, mode), Map.of(
            "numOutputRows", String.valueOf(counted.count()))).stage(stageId(queryId, batchId));
        return new Result(counted.count(), -1);
      }
      CommitResult r = commit(d, queryId, batchId, mode, counted.count(), Map.of());
      return new Result(counted.count(), r.committed() ? r.version() : -1);
    } catch (RuntimeException | Error e) {
      if (!committing) {
        d.abort();
      }
      throw e;
    }
  }

  /**
   * Commits one batch's delta as delta-spark's sink does: {@code txn(queryId, batchId)}, operation
   * {@code STREAMING UPDATE} with {@code outputMode}, {@code queryId}, {@code epochId}, and the file and row
   * metrics (plus {@code extraMetrics}). The delta's files are deleted when it does not commit.
   */
  static CommitResult commit(RowDelta d, String queryId, long batchId, OutputMode mode, long outputRows,
      Map<String, String> extraMetrics) {
    List<Action> actions;
    try {
      actions = d.apply();
    } catch (RuntimeException | Error e) {
      d.abort(); // e.g. a failed file write: leave nothing behind
      throw e;
    }
    int added = 0;
    int removed = 0;
    long bytes = 0;
    for (Action a : actions) {
      if (a instanceof AddFile f) {
        added++;
        bytes += f.size();
      } else if (a instanceof RemoveFile) {
        removed++;
      }
    }
    Map<String, String> params = params(queryId, batchId, mode);
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numRemovedFiles", String.valueOf(removed));
    metrics.put("numOutputRows", String.valueOf(outputRows));
    metrics.put("numOutputBytes", String.valueOf(bytes));
    metrics.put("numAddedFiles", String.valueOf(added));
    metrics.putAll(extraMetrics);
    return d.txn(queryId, batchId).operation("STREAMING UPDATE", params, metrics).commit();
  }

  private static Map<String, String> params(String queryId, long batchId, OutputMode mode) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("outputMode", mode.deltaName());
    params.put("queryId", queryId);
    params.put("epochId", String.valueOf(batchId));
    return params;
  }

  /** The staged-commit id of a batch staged by {@link #stageBatches}. */
  static String stageId(String queryId, long batchId) {
    return queryId + "-" + batchId;
  }

  private static boolean isStaged(Table t, String id) {
    try {
      t.stagedCommit(id);
      return true;
    } catch (io.tidelake.table.StagedCommitException e) {
      if (e.kind() == io.tidelake.table.StagedCommitException.Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (table != null) {
      table.close();
    }
    if (ownsStore) {
      store.close();
    }
  }
}
