package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.quality.BoundSuite;
import io.tidelake.quality.ExpectationFailedException;
import io.tidelake.quality.SuiteAudit;
import io.tidelake.quality.SuiteResult;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.commit.CommitRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one-call write-audit-publish of an append or overwrite with {@code expect(suite)}: its data files
 * are written (invisible: nothing is committed yet), audited in one pass, rows failing a quarantining
 * expectation are taken out (their files rewritten without them) and appended to the quarantine table,
 * then the rest is committed. A blocking result commits nothing and deletes the files.
 *
 * <p><b>Exactly once.</b> With the update's {@code txn(appId, version)}, the quarantine append commits
 * {@code txn("tidelake.quarantine." + appId + "@" + target, version)} and the target commit {@code
 * txn(appId, version)}: after a crash between the two, a re-run skips the quarantine commit and makes the
 * target one, so every row ends in exactly one of the tables once. Without a txn a re-run loads again.
 */
final class WriteAuditPublish {
  /** Quarantine table columns added to the target's. */
  static final String REASONS = "_quarantine_reasons";
  static final String RUN_ID = "_quarantine_run_id";
  static final String AT = "_quarantined_at";
  static final String TARGET = "_target_table";

  /** Test hook: runs between the quarantine commit and the target commit (to inject a crash). */
  static volatile Runnable afterQuarantineCommit = () -> {};

  private WriteAuditPublish() {}

  private record Quarantined(Row row, List<String> reasons) {}

  static CommitResult run(PendingUpdate<?> u, CommitRequest req) {
    BoundSuite bound = u.suite.bind(u.base.schema());
    u.suite = null; // the final commit below takes the normal path
    if (bound.quarantines() && u.quarantine == null && u.quarantineLocation == null) {
      throw new TidelakeException("Suite '" + bound.suite().name() + "' quarantines rows (meta.on_failure = "
          + "quarantine), but the write names no quarantine table; add quarantineTo(table) (CLI: --quarantine"
          + " QTABLE). Nothing was committed.");
    }
    String target = u.ctx.root();
    String runId = u.txnAppId != null ? u.txnAppId + "." + u.txnVersion : UUID.randomUUID().toString();

    if (bound.quarantines() && u instanceof RowDelta && req.actions().stream().anyMatch(
        a -> a instanceof io.tidelake.table.actions.RemoveFile)) {
      // an updated row's old version is deleted in the same commit: quarantining the new one would lose it
      throw new StagedCommitException(StagedCommitException.Kind.NOT_SUPPORTED, null, "Suite '"
          + bound.suite().name() + "' quarantines rows (meta.on_failure = quarantine), but this "
          + req.operation() + " on " + target + " also deletes or replaces rows, so a quarantined updated row "
          + "would leave the table; quarantine is not supported yet for such writes. Nothing was committed; use "
          + "on_failure fail or warn.");
    }
    List<AddFile> adds = StagedCommits.newRowFiles(req.actions(), u.copiedFiles);
    Map<String, Set<Long>> dropped = new HashMap<>();
    List<Quarantined> quarantined = new ArrayList<>();
    SuiteResult result;
    if (!bound.quarantines()) {
      // nothing to quarantine: the staged-commit audit (only the columns needed, by column when it can)
      result = StagedCommits.audit(u.base, adds, bound);
    } else {
      SuiteAudit audit = bound.newAudit(); // whole rows: a quarantined row is copied out as it is
      try {
        for (AddFile f : adds) {
          try (PositionedRowIterator it = u.base.readFile(f, null, null)) {
            while (it.hasNext()) {
              Row row = it.next();
              List<String> reasons = audit.accept(row);
              if (!reasons.isEmpty()) {
                dropped.computeIfAbsent(f.path(), k -> new HashSet<>()).add(it.rowIndex());
                quarantined.add(new Quarantined(row, reasons));
              }
            }
          }
        }
      } catch (RuntimeException | Error e) {
        audit.abandon();
        throw e;
      }
      result = audit.finish();
    }
    if (result.blocked()) {
      throw new ExpectationFailedException("the " + req.operation() + " to " + target, result);
    }

    List<Action> actions = new ArrayList<>(req.actions());
    List<String> own = new ArrayList<>(req.ownFiles());
    Map<String, String> metrics = new LinkedHashMap<>(req.metrics());
    try {
      if (!dropped.isEmpty()) {
        for (Action a : actions) {
          if (a instanceof AddCDCFile) {
            throw new StagedCommitException(StagedCommitException.Kind.NOT_SUPPORTED, null, "Quarantining rows of an "
                + "overwrite that writes change data files is not supported yet; nothing was committed. Turn off "
                + "delta.enableChangeDataFeed, or use on_failure fail/warn.");
          }
        }
        removeQuarantined(u, adds, dropped, actions, own, metrics, quarantined.size());
      }
      if (!quarantined.isEmpty()) {
        appendToQuarantine(u, quarantined, runId, target);
      }
      afterQuarantineCommit.run();
    } catch (RuntimeException e) {
      // the rewritten files are not in req.ownFiles(), which the caller deletes: delete them here
      u.deleteQuietly(own);
      throw e;
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("tidelakeExpectations", result.toCompactJson());
    u.commitInfoExtras = extras;
    return u.commit(new CommitRequest(req.operation(), req.parameters(), metrics, actions, req.reads(),
        req.blindAppend(), own, req.isolationLevel(), req.honouredFeatures()));
  }

  /** Rewrites the files holding quarantined rows without them (the originals are deleted). */
  private static void removeQuarantined(PendingUpdate<?> u, List<AddFile> adds, Map<String, Set<Long>> dropped,
      List<Action> actions, List<String> own, Map<String, String> metrics, long quarantinedRows) {
    long files = 0;
    long bytes = 0;
    for (AddFile f : adds) {
      Set<Long> positions = dropped.get(f.path());
      if (positions == null) {
        continue;
      }
      List<AddFile> replacement;
      try (DataWriter w = new DataWriter(u.ctx, u.base);
          PositionedRowIterator it = u.base.readFile(f, null, null)) {
        while (it.hasNext()) {
          Row row = it.next();
          if (!positions.contains(it.rowIndex())) {
            w.write(row);
          }
        }
        replacement = w.finish();
      }
      int at = actions.indexOf(f);
      actions.remove(at);
      actions.addAll(at, replacement);
      String old = u.ctx.resolveDataPath(f.path());
      own.remove(old);
      u.ctx.store().delete(old);
      for (AddFile r : replacement) {
        own.add(u.ctx.resolveDataPath(r.path()));
        bytes += r.size();
      }
      files += replacement.size() - 1;
      bytes -= f.size();
    }
    adjust(metrics, "numFiles", files);
    adjust(metrics, "numOutputBytes", bytes);
    adjust(metrics, "numOutputRows", -quarantinedRows);
  }

  private static void adjust(Map<String, String> metrics, String key, long delta) {
    if (metrics.containsKey(key)) {
      metrics.put(key, String.valueOf(Long.parseLong(metrics.get(key)) + delta));
    }
  }

  private static void appendToQuarantine(PendingUpdate<?> u, List<Quarantined> rows, String runId, String target) {
    Table q = quarantineTable(u);
    StructType schema = q.snapshot().schema();
    if (q.location().equals(target) || schema.field(REASONS) == null) {
      // the target itself, or any table that is not a quarantine table: the rows kept out would land there
      throw new io.tidelake.format.SchemaViolationException(REASONS, -1, q.location() + " is not a quarantine "
          + "table (it " + (q.location().equals(target) ? "is the target table itself" : "has no " + REASONS
          + " column") + "); nothing was committed. Quarantine to a new location (created on first use with the "
          + "target's columns and " + REASONS + ", " + RUN_ID + ", " + AT + ", " + TARGET + ").");
    }
    List<String> missing = new ArrayList<>();
    for (StructField f : u.base.schema().fields()) {
      if (schema.field(f.name()) == null) {
        missing.add(f.name());
      }
    }
    if (!missing.isEmpty()) {
      // the quarantined rows would lose these values: the quarantine table must take every target column
      throw new io.tidelake.format.SchemaViolationException(missing.get(0), -1, "the quarantine table " + q.location()
          + " has no column" + (missing.size() > 1 ? "s " : " ") + missing + " of " + target + ", so quarantined "
          + "rows would lose their values; nothing was committed. Add the column(s) to the quarantine table "
          + "(ALTER TABLE ADD COLUMNS), or quarantine to a new table.");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<Row> out = new ArrayList<>(rows.size());
    for (Quarantined r : rows) {
      Object[] values = new Object[schema.size()];
      for (int i = 0; i < schema.size(); i++) {
        String name = schema.field(i).name();
        values[i] = switch (name) {
          case REASONS -> r.reasons();
          case RUN_ID -> runId;
          case AT -> now;
          case TARGET -> target;
          default -> r.row().schema().indexOf(name) >= 0 ? r.row().get(name) : null;
        };
      }
      out.add(Row.of(schema, values));
    }
    AppendFiles append = q.newAppend();
    if (u.txnAppId != null) {
      append.txn("tidelake.quarantine." + u.txnAppId + "@" + target, u.txnVersion);
    }
    append.addRows(out).commit();
  }

  /** The quarantine table, created on first use with the target's columns (nullable) plus the four of its own. */
  private static Table quarantineTable(PendingUpdate<?> u) {
    if (u.quarantine != null) {
      return u.quarantine;
    }
    if (Table.exists(u.ctx.store(), u.quarantineLocation)) {
      return Table.open(u.ctx.store(), u.quarantineLocation);
    }
    List<StructField> fields = new ArrayList<>();
    for (StructField f : u.base.schema().fields()) {
      fields.add(new StructField(f.name(), f.type(), true));
    }
    fields.add(new StructField(REASONS, new ArrayType(PrimitiveType.STRING, true), true));
    fields.add(new StructField(RUN_ID, PrimitiveType.STRING, true));
    fields.add(new StructField(AT, PrimitiveType.TIMESTAMP, true));
    fields.add(new StructField(TARGET, PrimitiveType.STRING, true));
    try {
      return Table.create(u.ctx.store(), u.quarantineLocation).schema(new StructType(fields)).create();
    } catch (TableAlreadyExistsException e) {
      return Table.open(u.ctx.store(), u.quarantineLocation); // a concurrent load created it
    }
  }
}
