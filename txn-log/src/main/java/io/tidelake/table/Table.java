package io.tidelake.table;

import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.format.CloseableIterator;
import io.tidelake.format.TidelakeException;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.replay.CommitTimes;
import io.tidelake.table.internal.log.LogLister;
import io.tidelake.table.internal.log.LogPaths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Delta table at a location: the entry point of the Tidelake API.
 *
 * <pre>{@code
 * Table t = Table.create("/data/events").schema(schema).partitionBy("date").create();
 * t.newAppend().addRows(rows).txn("ingest", 42).commit();
 * try (CloseableIterator<Row> it = t.newScan().where("date >= '2025-01-01'").rows()) { ... }
 * }</pre>
 *
 * <p>A Table is safe to share between threads; each pending update belongs to one thread. Every update
 * is an optimistic transaction: it reads a snapshot, writes data files, and commits by creating the next
 * {@code _delta_log/<version>.json} if no one else did, re-checking Delta's conflict rules on a lost race.
 */
public final class Table implements AutoCloseable {
  private final TableContext ctx;
  /** Whether this table opened its store itself (from a location), and so must close it. */
  private final boolean ownsStore;

  private Table(TableContext ctx, boolean ownsStore) {
    this.ctx = ctx;
    this.ownsStore = ownsStore;
  }

  /** Starts creating a table at {@code location} (a path, {@code file:}, {@code s3://}, or a Hadoop URI). */
  public static CreateTable create(String location) {
    return create(location, Map.of());
  }

  /** As {@link #create(String)}, with store options (endpoint, region, credentials...). */
  public static CreateTable create(String location, Map<String, String> storeOptions) {
    String root = ObjectStores.normalize(location);
    return new CreateTable(new TableContext(ObjectStores.forLocation(root, storeOptions), root), true);
  }

  /** Starts creating a table in a store the caller manages. */
  public static CreateTable create(ObjectStore store, String location) {
    return new CreateTable(new TableContext(store, ObjectStores.normalize(location)), false);
  }

  /** Opens an existing table; fails with {@link TableNotFoundException} when there is none. */
  public static Table open(String location) {
    return open(location, Map.of());
  }

  /** Opens a table with store options; {@link #close()} releases the store (S3 client, Hadoop FileSystem). */
  public static Table open(String location, Map<String, String> storeOptions) {
    String root = ObjectStores.normalize(location);
    return open(new TableContext(ObjectStores.forLocation(root, storeOptions), root), true);
  }

  /** Opens a table in a store the caller manages (and closes). */
  public static Table open(ObjectStore store, String location) {
    return open(new TableContext(store, ObjectStores.normalize(location)), false);
  }

  private static Table open(TableContext ctx, boolean ownsStore) {
    Table t = new Table(ctx, ownsStore);
    try {
      t.snapshot(); // fail fast on a missing or unreadable table
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  /** Whether a Delta log with at least one commit or checkpoint exists at the location. */
  public static boolean exists(ObjectStore store, String location) {
    String root = ObjectStores.normalize(location);
    for (FileInfo f : store.list(LogPaths.logDir(root), null)) {
      if (LogPaths.deltaVersion(f.name()) >= 0 || LogPaths.checkpoint(f.name()) != null) {
        return true;
      }
    }
    return false;
  }

  static Table wrap(TableContext ctx, boolean ownsStore) {
    return new Table(ctx, ownsStore);
  }

  /** Releases the store if this table opened it; a no-op for a store the caller passed in. */
  @Override
  public void close() {
    if (ownsStore) {
      ctx.store().close();
    }
  }

  public String location() {
    return ctx.root();
  }

  TableContext context() {
    return ctx;
  }

  /**
   * The store location of a file as an add, remove or cdc action names it (URL-decoded once, resolved
   * against the table root; absolute paths as they are).
   *
   * @throws UnsafePathException when the path escapes the table root in a way Delta does not allow
   */
  public String resolvePath(String logPath) {
    return ctx.resolveDataPath(logPath);
  }

  /** {@link #resolvePath} for a table root and store without an open table. */
  public static String resolvePath(ObjectStore store, String root, String logPath) {
    return io.tidelake.table.internal.DataPaths.resolve(store, ObjectStores.normalize(root), logPath);
  }

  public ObjectStore store() {
    return ctx.store();
  }

  /** The newest version (refreshed: one LIST, and only new commits are read). */
  public Snapshot snapshot() {
    return new Snapshot(ctx, ctx.snapshots().latest());
  }

  /** Time travel to a version. */
  public Snapshot snapshotAt(long version) {
    return new Snapshot(ctx, ctx.snapshots().at(version));
  }

  /** Time travel to the newest version committed at or before {@code time}. */
  public Snapshot snapshotAsOf(Instant time) {
    return new Snapshot(ctx, ctx.snapshots().asOf(time.toEpochMilli()));
  }

  /** Appends rows (or prepared data files) in one commit. */
  public AppendFiles newAppend() {
    return new AppendFiles(ctx, snapshot());
  }

  /** Replaces the whole table, or with {@code replaceWhere} just the rows matching a predicate. */
  public OverwriteFiles newOverwrite() {
    return new OverwriteFiles(ctx, snapshot());
  }

  /**
   * Replaces the table's schema, partitioning, properties and rows in one commit (delta-spark's
   * {@code REPLACE TABLE AS SELECT}); history is kept. See {@link ReplaceTable}.
   */
  public ReplaceTable newReplace() {
    return new ReplaceTable(ctx, snapshot());
  }

  /** Deletes the rows matching a predicate (whole files dropped where possible, the rest rewritten). */
  public DeleteRows newDelete() {
    return new DeleteRows(ctx, snapshot());
  }

  /**
   * A row-level change built from parts: new files, removed files, rows deleted by position (deletion
   * vectors), change data files, and a declared read set. What DELETE, UPDATE and MERGE commit through.
   */
  public RowDelta newRowDelta() {
    return new RowDelta(ctx, snapshot());
  }

  /** Replaces files by files with the same rows, {@code dataChange=false} (compaction, clustering). */
  public RewriteFiles newRewrite() {
    return new RewriteFiles(ctx, snapshot());
  }

  /** Sets or removes table properties; enabling a feature (deletion vectors, change data feed) upgrades the protocol. */
  public UpdateProperties newPropertiesUpdate() {
    return new UpdateProperties(ctx, snapshot());
  }

  /** Updates the rows matching a predicate: {@code newUpdate().set("amount", "amount * 1.1").where(...)}. */
  public UpdateRows newUpdate() {
    return new UpdateRows(ctx, snapshot());
  }

  /** Changes the schema: adds nullable columns (existing rows read them as null). */
  public UpdateSchema newSchemaUpdate() {
    return new UpdateSchema(ctx, snapshot());
  }

  /** Writes data files without committing them: the first phase of a two-phase (many-worker) write. */
  public DataWriter newDataWriter() {
    return new DataWriter(ctx, snapshot());
  }

  /**
   * The staged commits (write-audit-publish) not yet published, oldest first: each names the data files it
   * wrote ({@link StagedCommit#dataFiles()}), which vacuum must keep until it is published, discarded or
   * {@linkplain StagedCommit#expired() expired}. Records live in {@code _delta_log/_tidelake_staged/}.
   */
  public List<StagedCommit> stagedCommits() {
    List<StagedCommit> out = new ArrayList<>();
    for (StagedCommit s : StagedCommits.list(ctx)) {
      if (s.publishedVersion().isEmpty()) {
        out.add(s);
      }
    }
    out.sort(java.util.Comparator.comparing(StagedCommit::createdAt).thenComparing(StagedCommit::id));
    return out;
  }

  /**
   * The staged commit {@code id} (published ones included).
   *
   * @throws StagedCommitException NOT_FOUND when there is none (never staged, or discarded)
   */
  public StagedCommit stagedCommit(String id) {
    StagedCommits.checkId(id);
    Map<String, Object> rec = StagedCommits.read(ctx, id);
    if (rec == null) {
      throw StagedCommit.notFound(id, ctx);
    }
    return new StagedCommit(ctx, rec);
  }

  /**
   * {@link #newDataWriter()} with explicit write options, e.g. a compaction's own target file size
   * ({@code WriteOptions.fromTableProperties(snapshot.properties()).withTargetFileSize(n)}).
   */
  public DataWriter newDataWriter(io.tidelake.format.parquet.WriteOptions options) {
    return new DataWriter(ctx, snapshot(), options);
  }

  /** A scan of the newest version. */
  public Scan newScan() {
    return snapshot().newScan();
  }

  /** Writes a checkpoint of the newest version now (normally done every delta.checkpointInterval commits). */
  public void checkpoint() {
    Snapshot s = snapshot();
    // a checkpoint is a write: a table whose writer features we cannot honour must not get one from us
    io.tidelake.table.internal.replay.ProtocolSupport.checkWritable(s.protocol(), s.metadata(), s.schema(), ctx.root());
    ctx.checkpointWriter().write(s.state());
    ExpiredLogCleanup.afterCheckpoint(ctx, s.properties());
  }

  /** The table's history, newest first, as far back as commit files remain. */
  public List<HistoryEntry> history() {
    return history(Integer.MAX_VALUE);
  }

  public List<HistoryEntry> history(int limit) {
    LogLister.Listing listing = new LogLister(ctx.store(), ctx.root()).list(0);
    List<HistoryEntry> out = new ArrayList<>();
    for (FileInfo f : listing.commits().descendingMap().values()) {
      if (out.size() >= limit) {
        break;
      }
      CommitInfo ci = null;
      for (Action a : ctx.replay().readCommit(f)) {
        if (a instanceof CommitInfo c) {
          ci = c;
          break;
        }
      }
      long version = LogPaths.deltaVersion(f.name());
      long ts = CommitTimes.of(ci, f);
      out.add(new HistoryEntry(version, ts, ci == null ? null : ci.operation(),
          ci == null ? Map.of() : ci.operationParameters(), ci == null ? Map.of() : ci.operationMetrics(), ci));
    }
    return out;
  }

  /**
   * The changes of every version in {@code [startVersion, endVersion]}, in order: what the streaming
   * reader consumes. Each commit file is read once.
   *
   * @throws VersionNotFoundException when a version in the range has no commit file
   */
  public List<VersionChanges> changes(long startVersion, long endVersion) {
    if (startVersion > endVersion) {
      return List.of();
    }
    List<VersionChanges> out = new ArrayList<>();
    try (CloseableIterator<VersionChanges> it = changesFrom(startVersion)) {
      while (it.hasNext() && out.size() < endVersion - startVersion + 1) {
        out.add(it.next());
      }
    }
    if (out.isEmpty() || out.get(out.size() - 1).version() != endVersion) {
      long missing = out.isEmpty() ? startVersion : out.get(out.size() - 1).version() + 1;
      throw new VersionNotFoundException("Version " + missing + " of " + ctx.root()
          + " has no commit file (not yet written, or cleaned up by log retention).");
    }
    return out;
  }

  /**
   * The changes of every version from {@code startVersion} on, lazily, from one listing of the log taken
   * now: commit files are read as the iterator reaches them, and it ends at the newest version the
   * listing saw (list again for later commits). Close it when done.
   *
   * @throws VersionNotFoundException when {@code startVersion} has no commit file (not yet written, or
   *     removed by log cleanup; the message names the earliest version left)
   */
  public CloseableIterator<VersionChanges> changesFrom(long startVersion) {
    List<FileInfo> commits = new ArrayList<>();
    long earliest = -1;
    for (FileInfo f : ctx.store().list(LogPaths.logDir(ctx.root()), LogPaths.listFrom(Math.max(0, startVersion)))) {
      long v = LogPaths.deltaVersion(f.name());
      if (v < 0 || v < startVersion) {
        continue;
      }
      if (earliest < 0) {
        earliest = v;
      }
      if (v != startVersion + commits.size()) {
        break; // a gap: stop at the contiguous run
      }
      commits.add(f);
    }
    if (commits.isEmpty() && earliest >= 0) {
      throw new VersionNotFoundException("Version " + startVersion + " of " + ctx.root() + " has no commit file "
          + "(cleaned up by log retention?); the earliest version after it is " + earliest + ".");
    }
    java.util.Iterator<FileInfo> files = commits.iterator();
    return CloseableIterator.of(new java.util.Iterator<VersionChanges>() {
      @Override
      public boolean hasNext() {
        return files.hasNext();
      }

      @Override
      public VersionChanges next() {
        FileInfo f = files.next();
        return changesOf(LogPaths.deltaVersion(f.name()), f, ctx.replay().readCommit(f));
      }
    });
  }

  /**
   * The change data feed of versions {@code [startVersion, endVersion]}: the rows each commit inserted,
   * deleted or updated, with {@code _change_type}, {@code _commit_version} and {@code _commit_timestamp}
   * (delta-spark's {@code table_changes}). The table must have had {@code delta.enableChangeDataFeed=true}
   * for every version in the range.
   */
  public ChangeFeed changeFeed(long startVersion, long endVersion) {
    return new ChangeFeed(ctx, this, startVersion, endVersion);
  }

  /** The change data feed from {@code startVersion} to the newest version. */
  public ChangeFeed changeFeed(long startVersion) {
    return changeFeed(startVersion, snapshot().version());
  }

  /**
   * The change data feed of the commits made in {@code [start, end]}: from the first version committed at
   * or after {@code start} to the last committed at or before {@code end}.
   */
  public ChangeFeed changeFeed(Instant start, Instant end) {
    long last = snapshotAsOf(end).version();
    long first;
    try {
      Snapshot before = snapshotAsOf(start.minusMillis(1));
      first = before.version() + 1;
    } catch (TidelakeException e) {
      first = 0; // start precedes the first commit
    }
    return changeFeed(first, last);
  }

  private static VersionChanges changesOf(long version, FileInfo f, List<Action> actions) {
    List<AddFile> adds = new ArrayList<>();
    List<RemoveFile> removes = new ArrayList<>();
    List<AddCDCFile> cdc = new ArrayList<>();
    List<SetTransaction> txns = new ArrayList<>();
    CommitInfo ci = null;
    Metadata md = null;
    Protocol pr = null;
    for (Action a : actions) {
      if (a instanceof AddFile x) {
        adds.add(x);
      } else if (a instanceof RemoveFile x) {
        removes.add(x);
      } else if (a instanceof AddCDCFile x) {
        cdc.add(x);
      } else if (a instanceof SetTransaction x) {
        txns.add(x);
      } else if (a instanceof CommitInfo x) {
        ci = x;
      } else if (a instanceof Metadata x) {
        md = x;
      } else if (a instanceof Protocol x) {
        pr = x;
      }
    }
    long ts = CommitTimes.of(ci, f);
    return new VersionChanges(version, ts, ci, adds, removes, cdc, txns, md, pr);
  }

  @Override
  public String toString() {
    return "Table{" + ctx.root() + "}";
  }
}
