package io.tidelake.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.store.FileInfo;
import io.tidelake.quality.BoundSuite;
import io.tidelake.quality.SuiteAudit;
import io.tidelake.quality.SuiteResult;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.ActionCodec;
import io.tidelake.table.internal.commit.CommitRequest;
import io.tidelake.table.internal.log.LogPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where and how staged commits are kept: one JSON record per commit at
 * {@code <table>/_delta_log/_tidelake_staged/<id>.json}. Delta readers list {@code _delta_log} without
 * descending into it and only interpret version-numbered files, log cleanup only deletes expired commit
 * and checkpoint files of that directory, and VACUUM never looks inside {@code _delta_log}: so the record
 * is invisible to every Delta engine, travels with the log when a table is copied, and is read by
 * Tidelake only. The data files it names sit in the table's normal (non-hidden) directories, as the
 * protocol requires, and so are unreferenced files to other engines' VACUUM until published.
 */
final class StagedCommits {
  static final String DIR = "_tidelake_staged";
  /** The table property holding how long a staged commit may wait for publish (Delta interval syntax). */
  static final long DEFAULT_RETENTION_MS = 7L * 24 * 3600 * 1000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** What {@code stage(id)} asks of the commit path. */
  record Request(String id, BoundSuite suite) {}

  private StagedCommits() {}

  static Snapshot latest(TableContext ctx) {
    return new Snapshot(ctx, ctx.snapshots().latest());
  }

  static Snapshot at(TableContext ctx, long version) {
    return new Snapshot(ctx, ctx.snapshots().at(version));
  }

  static String dir(String root) {
    return LogPaths.logDir(root) + "/" + DIR;
  }

  static String recordPath(String root, String id) {
    return dir(root) + "/" + id + ".json";
  }

  static void checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new StagedCommitException(StagedCommitException.Kind.INVALID_ID, id, "Staged commit id '" + id
          + "' is not allowed: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    }
  }

  /** Persists the staged commit of {@code req} (files already written), auditing its rows first. */
  static StagedCommit persist(PendingUpdate<?> u, CommitRequest req, Request stage) {
    List<AddFile> newRows = newRowFiles(req.actions(), u.copiedFiles);
    SuiteResult audit = stage.suite() == null ? null : audit(u.base, newRows, stage.suite());
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("id", stage.id());
    rec.put("nonce", UUID.randomUUID().toString());
    rec.put("baseVersion", u.base.version());
    rec.put("createdTime", System.currentTimeMillis());
    rec.put("operation", req.operation());
    rec.put("operationParameters", req.parameters());
    rec.put("operationMetrics", req.metrics());
    rec.put("isBlindAppend", req.blindAppend());
    rec.put("isolation", u.isolation.name());
    rec.put("isolationLevel", req.isolationLevel());
    Map<String, Object> reads = new LinkedHashMap<>();
    reads.put("wholeTable", req.reads().wholeTable());
    reads.put("predicate", u.stagedReadPredicate());
    reads.put("paths", new ArrayList<>(req.reads().readPaths()));
    reads.put("appIds", new ArrayList<>(req.reads().appIds()));
    rec.put("readSet", reads);
    if (u.txnAppId != null) {
      rec.put("txn", Map.of("appId", u.txnAppId, "version", u.txnVersion));
    }
    rec.put("honouredFeatures", new ArrayList<>(req.honouredFeatures()));
    List<String> actions = new ArrayList<>();
    for (Action a : req.actions()) {
      actions.add(ActionCodec.INSTANCE.toJson(a));
    }
    rec.put("actions", actions);
    rec.put("dataFiles", req.ownFiles());
    rec.put("copiedFiles", new ArrayList<>(u.copiedFiles));
    rec.put("expectations", audit == null ? null : audit.toCompactJson());
    if (!u.ctx.store().putIfAbsent(recordPath(u.ctx.root(), stage.id()), bytes(rec))) {
      throw new StagedCommitException(StagedCommitException.Kind.ALREADY_EXISTS, stage.id(), "Table "
          + u.ctx.root() + " already has a staged commit '" + stage.id() + "'. Publish or discard it first, or "
          + "stage under another id; nothing was staged.");
    }
    return new StagedCommit(u.ctx, rec);
  }

  static List<AddFile> addedFiles(List<Action> actions) {
    List<AddFile> out = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof AddFile f && f.dataChange()) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * The added files that hold new rows: not {@code copied} ones (rows kept by a copy-on-write rewrite), and
   * not a file the same actions also remove (a deletion-vector update: the file re-added with its new
   * vector holds only rows the table already had).
   */
  static List<AddFile> newRowFiles(List<Action> actions, java.util.Collection<String> copied) {
    java.util.Set<String> removed = new java.util.HashSet<>();
    for (Action a : actions) {
      if (a instanceof io.tidelake.table.actions.RemoveFile r) {
        removed.add(r.path());
      }
    }
    List<AddFile> out = addedFiles(actions);
    out.removeIf(f -> copied.contains(f.path()) || removed.contains(f.path()));
    return out;
  }

  /**
   * One streaming pass of the suite over the rows of {@code files}, reading only the columns it needs: by
   * column, without assembling rows, when every expectation looks at one column (else by rows).
   */
  static SuiteResult audit(Snapshot base, List<AddFile> files, BoundSuite suite) {
    List<String> columns = suite.columnsRead();
    SuiteAudit audit = suite.newProjectedAudit();
    try {
      feed(base, files, columns, audit);
    } catch (RuntimeException | Error e) {
      audit.abandon();
      throw e;
    }
    return audit.finish();
  }

  private static void feed(Snapshot base, List<AddFile> files, List<String> columns, SuiteAudit audit) {
    for (AddFile f : files) {
      io.tidelake.format.parquet.DataFileColumns byColumn = audit.byColumns()
          ? io.tidelake.table.internal.ColumnScans.open(base.context(), base, f, columns) : null;
      if (byColumn != null) {
        try (byColumn) {
          while (byColumn.nextRowGroup()) {
            audit.acceptColumns(byColumn);
          }
        }
        continue;
      }
      try (CloseableIterator<Row> it = base.readFile(f, columns, null)) {
        while (it.hasNext()) {
          audit.accept(it.next());
        }
      }
    }
  }

  static byte[] bytes(Map<String, Object> rec) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(rec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The record of {@code id}, or null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> read(TableContext ctx, String id) {
    String path = recordPath(ctx.root(), id);
    if (ctx.store().stat(path).isEmpty()) {
      return null;
    }
    try {
      return MAPPER.readValue(new String(ctx.store().readAll(path), StandardCharsets.UTF_8), Map.class);
    } catch (JsonProcessingException e) {
      throw new CorruptLogException("Staged commit record " + path + " is not valid JSON (" + e.getOriginalMessage()
          + "). Delete the file; its data files are then removed by vacuum.");
    } catch (io.tidelake.format.store.ObjectNotFoundException e) {
      return null; // discarded meanwhile
    }
  }

  static List<StagedCommit> list(TableContext ctx) {
    List<StagedCommit> out = new ArrayList<>();
    for (FileInfo f : ctx.store().list(dir(ctx.root()), null)) {
      if (f.name().endsWith(".json")) {
        Map<String, Object> rec = read(ctx, f.name().substring(0, f.name().length() - 5));
        if (rec != null) {
          out.add(new StagedCommit(ctx, rec));
        }
      }
    }
    return out;
  }
}
