package io.tidelake.table;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.Expressions;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.PlainJson;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pending UPDATE (delta-spark's {@code UPDATE t SET a = expr, ... WHERE pred}):
 * {@code table.newUpdate().set("amount", "amount * 1.1").where("country = 'DE'").commit()}.
 *
 * <p>Files are pruned by the predicate's partition values and stats; in each remaining file the matching
 * rows are rewritten with the new values. With {@code delta.enableDeletionVectors=true} the old rows are
 * deleted by deletion vector and only the updated rows are written; otherwise every file with a match is
 * rewritten whole (copy-on-write). With the change data feed on, each updated row is recorded as an
 * {@code update_preimage} and an {@code update_postimage}. SET expressions are bound and type-checked
 * against the schema before any row is read; a value a column cannot hold fails the update and leaves
 * the table unchanged. The WHERE predicate must be deterministic (no {@code current_date()}): write the
 * moment as a literal.
 */
public final class UpdateRows extends PendingUpdate<UpdateRows> {
  private final LinkedHashMap<String, Expression> assignments = new LinkedHashMap<>();
  private Predicate condition;
  private String conditionText;

  UpdateRows(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  /** {@code column = expression}, the expression in Tidelake's expression language over the table's columns. */
  public UpdateRows set(String column, String expression) {
    checkOpen();
    StructField target = base.schema().field(column);
    if (target == null) {
      // let the assignment parser produce the did-you-mean message
      return set(column + " = " + expression);
    }
    put(target.name(), Expressions.assignTo(Expressions.parse(expression, base.schema()), target));
    return this;
  }

  /** Several assignments in one text: {@code "amount = amount * 1.1, status = 'closed'"}. */
  public UpdateRows set(String assignmentList) {
    checkOpen();
    Expressions.parseAssignments(assignmentList, base.schema(), null).forEach(this::put);
    return this;
  }

  private void put(String column, Expression e) {
    if (assignments.containsKey(column)) {
      throw new IllegalArgumentException("Column " + column + " is assigned twice in this UPDATE");
    }
    assignments.put(column, e);
  }

  public UpdateRows where(String predicate) {
    return where(Filters.parse(predicate, base.schema()));
  }

  public UpdateRows where(Predicate predicate) {
    checkOpen();
    Predicate bound = Filters.bind(predicate, base.schema());
    RowChanges.requireDeterministic(bound, "UPDATE");
    this.condition = bound;
    this.conditionText = Filters.toSql(bound);
    return this;
  }

  /** Updated rows: every column of the schema, assigned ones computed from the old row. */
  private Row updated(Row old, StructType schema, Expression[] exprs) {
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = exprs[i] == null ? old.get(i) : exprs[i].eval(old);
    }
    return GenericRow.trusted(schema, v);
  }

  public CommitResult commit() {
    checkOpen();
    if (assignments.isEmpty()) {
      throw new IllegalStateException("An UPDATE needs at least one SET assignment, e.g. set(\"amount\", \"0\")");
    }
    markDone();
    long start = System.nanoTime();
    StructType schema = base.schema();
    Expression[] exprs = new Expression[schema.size()];
    assignments.forEach((c, e) -> exprs[schema.indexOf(c)] = e);
    RowDelta delta = inheritSettings(new RowDelta(ctx, base));
    MatchingFiles candidates = MatchingFiles.of(base, condition);
    boolean dv = RowChanges.dvEnabled(base);
    boolean cdf = RowChanges.cdfEnabled(base);
    Filters.RowTest test = condition == null ? r -> true : Filters.rowTest(condition, schema);
    long updatedRows = 0;
    long copiedRows = 0;
    long scanNanos;
    List<Action> actions;
    try {
      if (condition == null) {
        delta.validateNoConcurrentData();
      } else {
        delta.conflictDetectionFilter(condition).validateFilesRead(candidates.touched());
      }
      DataWriter out = delta.dataWriter();
      // a staged copy-on-write UPDATE writes the rows it keeps apart, so its staged rows are only the updated
      // ones; a direct commit keeps delta-spark's layout (kept and updated rows in the same new files)
      DataWriter kept = dv ? null : stageRequest != null ? delta.copyWriter() : out;
      long scanStart = System.nanoTime();
      for (AddFile f : candidates.touched()) {
        // first pass on the predicate's columns only: a file without a match is never read in full
        DeletedRows matches = condition == null ? null : RowChanges.matching(base, f, condition);
        if (matches != null && matches.isEmpty()) {
          continue;
        }
        DeletedRows.Builder positions = DeletedRows.builder();
        java.util.PrimitiveIterator.OfLong next = matches == null ? null : matches.iterator();
        long want = next == null ? -1 : next.nextLong();
        long n = 0;
        // deletion vectors: only the matched rows are needed (pages without one are not decoded);
        // copy-on-write: every row, the others copied in the same pass
        try (PositionedRowIterator it = dv && matches != null ? base.readRows(f, null, matches)
            : base.readFile(f, null, null)) {
          while (it.hasNext()) {
            Row r = it.next();
            long i = it.rowIndex();
            if (next != null && i != want) {
              if (!dv) {
                kept.write(r); // copy-on-write: the other rows are copied in the same pass
                copiedRows++;
              }
              continue;
            }
            if (next != null) {
              want = next.hasNext() ? next.nextLong() : Long.MAX_VALUE;
            }
            Row u = updated(r, schema, exprs);
            out.write(u);
            positions.add(i);
            n++;
            if (cdf) {
              delta.changeDataWriter().write(r, ChangeType.UPDATE_PREIMAGE);
              delta.changeDataWriter().write(u, ChangeType.UPDATE_POSTIMAGE);
            }
          }
        }
        updatedRows += n;
        if (dv) {
          delta.deleteRows(f, positions.build());
        } else {
          delta.removeFile(f);
        }
      }
      scanNanos = System.nanoTime() - scanStart;
      actions = delta.apply();
    } catch (RuntimeException e) {
      delta.abort();
      throw e;
    }
    Map<String, String> metrics = new LinkedHashMap<>();
    RowLevelMetrics.files(actions, metrics);
    metrics.put("numUpdatedRows", String.valueOf(updatedRows));
    metrics.put("numCopiedRows", String.valueOf(copiedRows));
    RowLevelMetrics.times(metrics, start, scanNanos);
    RowLevelMetrics.bytes(actions, metrics);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", PlainJson.toJsonText(conditionText == null ? List.of() : List.of(conditionText)));
    if (actions.isEmpty() && txnAppId == null && stageRequest == null) {
      delta.abort(); // no row matched: nothing to commit, as delta-spark
      return new CommitResult(base.version(), false, 0, metrics);
    }
    delta.operation("UPDATE", params, metrics);
    if (cdf) {
      delta.declareWriterFeatures(WriterFeatures.CHANGE_DATA_FEED);
    }
    CommitResult r = delta.commit();
    staged = delta.staged;
    return r;
  }

  /**
   * Finds and writes what the UPDATE changes (new files, deletion vectors, change data) and keeps it as the
   * staged commit {@code id} instead of committing: {@code staged.scan()} shows the table without the
   * changed rows' old versions, {@code stagedRows()} only the rows it writes anew, and {@code publish()}
   * commits it conflict-checked with the read set a direct commit would have. A UPDATE that matches no row is
   * staged too (its publish commits no file).
   *
   * @throws StagedCommitException ALREADY_EXISTS when the table has a staged commit with that id
   */
  public StagedCommit stage(String id) {
    return stageVia(id, null, this::commit, this::markDone);
  }

  /** The assignments, in order, as SQL text (for messages and tools). */
  public List<String> assignmentsSql() {
    List<String> out = new ArrayList<>();
    assignments.forEach((c, e) -> out.add(c + " = " + e.toSql()));
    return out;
  }
}
