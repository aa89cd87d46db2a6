package io.tidelake.table;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.commit.CommitRequest;
import io.tidelake.table.internal.commit.Committer;
import io.tidelake.table.internal.commit.ConflictChecker;
import io.tidelake.table.internal.commit.ReadSet;
import io.tidelake.table.internal.replay.ProtocolSupport;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every pending update shares: the snapshot it read, an optional idempotency key ({@code txn}
 * appId/version), the isolation level, a progress listener, and the commit itself — commitInfo with
 * operation metrics, conflict-checked optimistic retries, cleanup of its data files when it does not
 * commit, and the checkpoint every {@code delta.checkpointInterval} versions.
 *
 * @param <S> the concrete update type, for fluent chaining
 */
public abstract class PendingUpdate<S extends PendingUpdate<S>> {
  private static final Logger LOG = LoggerFactory.getLogger(PendingUpdate.class);

  final TableContext ctx;
  final Snapshot base;
  String txnAppId;
  long txnVersion = -1;
  ConflictChecker.Isolation isolation = ConflictChecker.Isolation.SERIALIZABLE;
  Consumer<WriteProgress> progress = p -> {};
  private boolean done;
  /** Set by {@code stage(id)}: the commit path persists a staged commit instead of committing. */
  StagedCommits.Request stageRequest;
  /** The staged commit persisted by the last {@code stage(id)}. */
  StagedCommit staged;
  /** Expectations to audit the written rows with (append and overwrite: {@code expect(suite)}). */
  io.tidelake.quality.ExpectationSuite suite;
  /** Where rows failing quarantining expectations go ({@code quarantineTo(table)}). */
  Table quarantine;
  /** Or the location of that table, created on first use in this table's store. */
  String quarantineLocation;
  /**
   * Paths of added files that hold no new rows (an overwrite's copies of rows it keeps): not audited, and
   * not among a staged commit's staged rows.
   */
  Set<String> copiedFiles = Set.of();
  /** Extra top-level commitInfo fields (a published staged commit's expectation results). */
  Map<String, Object> commitInfoExtras = Map.of();

  PendingUpdate(TableContext ctx, Snapshot base) {
    this.ctx = ctx;
    this.base = base;
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  /**
   * Makes the write idempotent: it commits {@code txn(appId, version)} with its data, and is skipped
   * (nothing written, nothing committed) when the table already has a txn version ≥ {@code version}
   * for {@code appId}. This is how a re-run job or a streaming sink avoids duplicates.
   */
  public S txn(String appId, long version) {
    if (appId == null || appId.isEmpty() || version < 0) {
      throw new IllegalArgumentException("txn needs a non-empty appId and a version >= 0");
    }
    this.txnAppId = appId;
    this.txnVersion = version;
    return self();
  }

  /** WriteSerializable ignores concurrent blind appends (Spark's default); Serializable (ours) does not. */
  public S writeSerializable() {
    this.isolation = ConflictChecker.Isolation.WRITE_SERIALIZABLE;
    return self();
  }

  /** Called as files are written (at least once per data file and once per 100k rows). */
  public S onProgress(Consumer<WriteProgress> listener) {
    this.progress = listener;
    return self();
  }

  /** Makes {@code delegate} commit with this update's txn, isolation and progress listener. */
  <T extends PendingUpdate<T>> T inheritSettings(T delegate) {
    delegate.txnAppId = txnAppId;
    delegate.txnVersion = txnVersion;
    delegate.isolation = isolation;
    delegate.progress = progress;
    delegate.stageRequest = stageRequest; // a staged DELETE / UPDATE stages its delta
    return delegate;
  }

  /** Whether the txn of this update is already in the snapshot it read (so committing would be a no-op). */
  boolean alreadyCommitted() {
    return txnAppId != null && base.transactionVersion(txnAppId).orElse(-1) >= txnVersion;
  }

  void checkOpen() {
    if (done) {
      throw new IllegalStateException("This update was already committed or aborted; start a new one.");
    }
  }

  /**
   * Commits {@code actions}. On any failure other than an unknown outcome, {@code ownFiles} (data files
   * this update wrote) are deleted, so a failed update leaves nothing behind.
   */
  CommitResult commit(String operation, Map<String, String> params, Map<String, String> metrics,
      List<Action> actions, ReadSet reads, boolean blindAppend, List<String> ownFiles) {
    return commit(new CommitRequest(operation, params, metrics, actions, reads, blindAppend, ownFiles, null,
        honouredWriterFeatures()));
  }

  /**
   * The writer features this update keeps true (see {@link WriterFeatures}): a table that lists any other
   * refuses it. Updates that write change data add {@code changeDataFeed}.
   */
  Set<String> honouredWriterFeatures() {
    return WriterFeatures.ALWAYS;
  }

  /** The one commit path of every update. */
  CommitResult commit(CommitRequest req) {
    checkOpen();
    done = true;
    List<String> ownFiles = req.ownFiles();
    try {
      ProtocolSupport.checkWritable(base.protocol(), base.metadata(), base.schema(), ctx.root(),
          req.honouredFeatures(), req.operation());
      CommitSettings settings = CommitSettings.of(base.properties());
      if (settings.appendOnly()) {
        for (Action a : req.actions()) {
          if (a instanceof RemoveFile r && r.dataChange()) {
            throw new AppendOnlyViolationException(ctx.root(), req.operation());
          }
        }
      }
      if (stageRequest != null) {
        staged = StagedCommits.persist(this, req, stageRequest);
        return new CommitResult(base.version(), false, 0, req.metrics());
      }
      if (alreadyCommitted()) {
        deleteQuietly(ownFiles);
        return new CommitResult(base.version(), false, 0, Map.of());
      }
      if (suite != null) {
        done = false; // the audited commit comes back through here
        return WriteAuditPublish.run(this, req);
      }
      ReadSet reads = req.reads();
      List<Action> all = new ArrayList<>(req.actions());
      Set<String> appIds = new HashSet<>(reads.appIds());
      if (txnAppId != null) {
        all.add(new SetTransaction(txnAppId, txnVersion, System.currentTimeMillis()));
        appIds.add(txnAppId);
      }
      ReadSet withApps = new ReadSet(reads.readVersion(), reads.wholeTable(), reads.readPredicate(),
          reads.readPaths(), appIds);
      Map<String, String> p = new LinkedHashMap<>(req.parameters());
      Map<String, String> metrics = req.metrics();
      String isolationLevel = req.isolationLevel() != null ? req.isolationLevel()
          : isolation == ConflictChecker.Isolation.SERIALIZABLE ? "Serializable" : "WriteSerializable";
      String txnId = UUID.randomUUID().toString();
      Committer.Result r = new Committer(ctx.store(), ctx.root(), settings.maxAttempts()).commit(withApps, all,
          (v, ict) -> CommitInfo.builder()
              .timestamp(ict != null ? ict : System.currentTimeMillis())
              .inCommitTimestamp(ict)
              .operation(req.operation())
              .operationParameters(p)
              .readVersion(base.version())
              .isolationLevel(isolationLevel)
              .isBlindAppend(req.blindAppend())
              .operationMetrics(metrics)
              .engineInfo(TableContext.ENGINE_INFO)
              .txnId(txnId)
              .putAll(commitInfoExtras)
              .build(),
          isolation, previousInCommitTimestamp());
      afterCommit(r.version(), settings);
      runHooks(r.version(), req);
      return new CommitResult(r.version(), true, r.attempts(), metrics);
    } catch (CommitStateUnknownException e) {
      throw e; // the files may be referenced by a commit that did land: keep them
    } catch (RuntimeException e) {
      deleteQuietly(ownFiles);
      throw e;
    }
  }

  /**
   * The in-commit timestamp of the version this update read, when the table uses in-commit timestamps
   * (each commit must record a later one); null when it does not.
   *
   * @throws InvalidTableException when the table uses them but the read version's is unknown (only a
   *     checkpoint covers it and its commit file is gone): the next commit time could go backwards
   */
  private Long previousInCommitTimestamp() {
    if (!ProtocolSupport.inCommitTimestampsEnabled(base.protocol(), base.metadata())) {
      return null;
    }
    if (!base.timestampIsInCommit()) {
      throw new InvalidTableException(ctx.root(), "in-commit timestamps are enabled, but the commit time of version "
          + base.version() + " is unknown (its commit file is missing or has no inCommitTimestamp). A writer must"
          + " know it to keep commit times increasing; restore the commit file, or write with an engine that"
          + " can read the time from another source");
    }
    return base.timestamp();
  }

  /** Post-commit hook: a checkpoint every checkpointInterval versions. Failures never fail the commit. */
  private void afterCommit(long version, CommitSettings settings) {
    if (version % settings.checkpointInterval() != 0) {
      return;
    }
    try {
      io.tidelake.table.internal.replay.SnapshotState state = ctx.snapshots().at(version);
      ctx.checkpointWriter().write(state);
      ExpiredLogCleanup.afterCheckpoint(ctx, state.metadata().configuration());
    } catch (RuntimeException e) {
      LOG.warn("Committed version {} of {}, but writing its checkpoint failed (readers fall back to the JSON log): {}",
          version, ctx.root(), e.toString());
    }
  }

  private static final List<PostCommitHook> HOOKS = loadHooks();

  private static List<PostCommitHook> loadHooks() {
    List<PostCommitHook> hooks = new ArrayList<>();
    try {
      java.util.ServiceLoader.load(PostCommitHook.class, PendingUpdate.class.getClassLoader()).forEach(hooks::add);
    } catch (java.util.ServiceConfigurationError e) {
      LOG.warn("Post-commit hooks could not be loaded (commits work without them): {}", e.toString());
    }
    return List.copyOf(hooks);
  }

  /** The {@link PostCommitHook}s; a failing hook is logged, the commit stands. */
  private void runHooks(long version, CommitRequest req) {
    if (HOOKS.isEmpty()) {
      return;
    }
    List<io.tidelake.table.actions.AddFile> added = new ArrayList<>();
    for (Action a : req.actions()) {
      if (a instanceof io.tidelake.table.actions.AddFile f) {
        added.add(f);
      }
    }
    Table table = Table.wrap(ctx, false);
    for (PostCommitHook h : HOOKS) {
      try {
        h.afterCommit(table, base, version, req.operation(), added);
      } catch (Throwable e) {
        // the version has landed: nothing a hook does may make commit() look failed (a caller would retry
        // and write the rows twice), not even an OutOfMemoryError from a compaction
        LOG.warn("Committed version {} of {}, but post-commit hook {} failed: {}", version, ctx.root(),
            h.getClass().getName(), e.toString());
      }
    }
  }

  /** Store locations of the given adds (to delete them if the commit fails). */
  List<String> locations(List<io.tidelake.table.actions.AddFile> adds) {
    List<String> out = new ArrayList<>(adds.size());
    for (io.tidelake.table.actions.AddFile a : adds) {
      out.add(ctx.resolveDataPath(a.path()));
    }
    return out;
  }

  void deleteQuietly(List<String> files) {
    for (String f : files) {
      try {
        ctx.store().delete(f);
      } catch (RuntimeException e) {
        LOG.warn("Could not delete uncommitted data file {} (vacuum will remove it): {}", f, e.toString());
      }
    }
  }

  /**
   * For staged commits: the replaceWhere predicate (SQL text) this update read, re-checked against commits
   * made between staging and publishing; null when it read no predicate.
   */
  String stagedReadPredicate() {
    return null;
  }

  /**
   * Runs {@code commit} so that it stages instead: the data files stay, the commit is persisted as the
   * staged commit {@code id} (audited by {@code suite} when given) and returned.
   */
  StagedCommit stageVia(String id, io.tidelake.quality.ExpectationSuite suite,
      java.util.function.Supplier<CommitResult> commit, Runnable abort) {
    checkOpen();
    io.tidelake.quality.BoundSuite bound;
    try {
      StagedCommits.checkId(id);
      bound = suite == null ? null : suite.bind(base.schema());
    } catch (RuntimeException e) {
      abort.run(); // a bad id or suite: the rows added so far are already written
      throw e;
    }
    if (quarantine != null || quarantineLocation != null || (bound != null && bound.quarantines())) {
      abort.run(); // rows added so far are already written
      // a staged commit is published as written: rows a quarantining expectation fails would be published
      // with it, so quarantine is only done by the one-call write (stage → audit → quarantine → publish)
      throw new StagedCommitException(StagedCommitException.Kind.NOT_SUPPORTED, id, "Cannot stage '" + id
          + "' with a quarantine: staged commits are published as written, so quarantined rows would reach "
          + ctx.root() + ". Use on_failure \"fail\" or \"warn\" when staging, or commit() with quarantineTo(..) "
          + "to audit, quarantine and publish in one call.");
    }
    stageRequest = new StagedCommits.Request(id, bound);
    commit.get();
    return staged;
  }

  /** Marks the update as finished without committing (after an abort). */
  void markDone() {
    done = true;
  }

  /** Whether commit or abort was called: after a commit attempt, files belong to the outcome, not to abort. */
  boolean isDone() {
    return done;
  }
}
