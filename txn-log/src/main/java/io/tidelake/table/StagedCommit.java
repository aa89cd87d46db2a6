package io.tidelake.table;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.quality.ExpectationFailedException;
import io.tidelake.quality.SuiteResult;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.checkpoint.IntervalParser;
import io.tidelake.table.internal.codec.ActionCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A write made but not yet committed (write-audit-publish): its data files exist, its commit is kept in a
 * record that no Delta reader sees (see {@link Table#stagedCommits()}), and {@link #publish()} makes it
 * one atomic commit, conflict-checked against everything committed since its base version by the same
 * rules as a direct commit. Publishing is idempotent: it commits a txn ({@code tidelake.staged.<id>.<nonce>})
 * with the data, so a second publish, or two concurrent publishers, commit once. Survives restarts.
 *
 * <pre>{@code
 * StagedCommit s = table.newAppend().addRows(rows).stage("load-2025-01-01");
 * try (CloseableIterator<Row> it = s.stagedRows()) { ...audit... }
 * s.publish();   // or s.discard()
 * }</pre>
 *
 * <p>Vacuum must treat {@link #dataFiles()} of every staged commit that is not {@link #expired()} as live.
 */
public final class StagedCommit {
  /** The table property: how long a staged commit may wait for publish (Delta interval syntax). */
  public static final String RETENTION_PROPERTY = TableProperties.STAGED_COMMIT_RETENTION;

  private final TableContext ctx;
  private final Map<String, Object> rec;

  StagedCommit(TableContext ctx, Map<String, Object> rec) {
    this.ctx = ctx;
    this.rec = rec;
  }

  public String id() {
    return (String) rec.get("id");
  }

  /** The version the staged write read; publish checks conflicts against every commit after it. */
  public long baseVersion() {
    return num("baseVersion");
  }

  public Instant createdAt() {
    return Instant.ofEpochMilli(num("createdTime"));
  }

  /** When publish stops accepting it: creation + the table's {@value TableProperties#STAGED_COMMIT_RETENTION}. */
  public Instant expiresAt() {
    return expiresAt(StagedCommits.latest(ctx).properties());
  }

  /**
   * As {@link #expiresAt()}, under the retention in {@code tableProperties} (from a snapshot the caller
   * already holds: no log read, e.g. vacuum checking every staged commit).
   */
  public Instant expiresAt(Map<String, String> tableProperties) {
    String v = tableProperties.get(TableProperties.STAGED_COMMIT_RETENTION);
    long ms = v == null ? StagedCommits.DEFAULT_RETENTION_MS : IntervalParser.toMillis(v, StagedCommits.DEFAULT_RETENTION_MS);
    return Instant.ofEpochMilli(num("createdTime") + ms);
  }

  public boolean expired() {
    return Instant.now().isAfter(expiresAt());
  }

  /** As {@link #expired()}, under the retention in {@code tableProperties}. */
  public boolean expired(Map<String, String> tableProperties) {
    return Instant.now().isAfter(expiresAt(tableProperties));
  }

  /** Delta's operation name the publish will record ({@code WRITE}...). */
  public String operation() {
    return (String) rec.get("operation");
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> operationMetrics() {
    return (Map<String, String>) rec.get("operationMetrics");
  }

  /** The actions the publish commits (adds, removes, cdc files), without commitInfo and txn. */
  @SuppressWarnings("unchecked")
  public List<Action> actions() {
    List<Action> out = new ArrayList<>();
    for (String line : (List<String>) rec.get("actions")) {
      out.add(ActionCodec.INSTANCE.parseLine(line));
    }
    return out;
  }

  /** The data files it adds. */
  public List<AddFile> addedFiles() {
    return StagedCommits.addedFiles(actions());
  }

  /** The files it removes (an overwrite's replaced files). */
  public List<RemoveFile> removedFiles() {
    List<RemoveFile> out = new ArrayList<>();
    for (Action a : actions()) {
      if (a instanceof RemoveFile r) {
        out.add(r);
      }
    }
    return out;
  }

  /** Store locations of every file it wrote (data and change data): what vacuum must keep while it lives. */
  @SuppressWarnings("unchecked")
  public List<String> dataFiles() {
    return List.copyOf((List<String>) rec.get("dataFiles"));
  }

  /** The expectation results of its audit, if it was staged with a suite. */
  public Optional<SuiteResult> expectations() {
    Object e = rec.get("expectations");
    return e == null ? Optional.empty() : Optional.of(SuiteResult.fromJson((String) e));
  }

  /** The version it was published as, if it was. */
  public OptionalLong publishedVersion() {
    Object v = rec.get("publishedVersion");
    return v == null ? OptionalLong.empty() : OptionalLong.of(((Number) v).longValue());
  }

  /** The txn application id its publish commits (derived from the id and a per-staging nonce). */
  public String publishAppId() {
    return "tidelake.staged." + id() + "." + rec.get("nonce");
  }

  /**
   * The new rows it adds, file after file (an overwrite's copies of rows it keeps from partly replaced
   * files are not new, and not included; nor are a DELETE's or UPDATE's copy-on-write copies, nor the rows
   * of files it only gives a deletion vector). Close the iterator.
   */
  public CloseableIterator<Row> stagedRows() {
    Snapshot base = baseSnapshot();
    List<Supplier<CloseableIterator<Row>>> parts = new ArrayList<>();
    for (AddFile f : newRowFiles()) {
      parts.add(() -> base.readFile(f, null, null));
    }
    return CloseableIterator.concat(parts.iterator());
  }

  /**
   * Audits the staged rows with {@code suite} now (one pass, reading only the columns it needs), e.g. with
   * another suite than the one it was staged with. The stored results are not changed.
   */
  public SuiteResult audit(io.tidelake.quality.ExpectationSuite suite) {
    Snapshot base = baseSnapshot();
    return StagedCommits.audit(base, newRowFiles(), suite.bind(base.schema()));
  }

  /** The added files holding new rows (not copies kept by a rewrite, not files only given a deletion vector). */
  @SuppressWarnings("unchecked")
  private List<AddFile> newRowFiles() {
    return StagedCommits.newRowFiles(actions(), (List<String>) rec.getOrDefault("copiedFiles", List.of()));
  }

  /**
   * The table's rows as they will be after publish, if nothing else commits first: the base version's
   * live rows minus the files it removes, plus the rows it adds. Close the iterator.
   */
  public CloseableIterator<Row> scan() {
    Snapshot base = baseSnapshot();
    Set<String> removed = new HashSet<>();
    for (RemoveFile r : removedFiles()) {
      removed.add(ctx.resolveDataPath(r.path()));
    }
    List<Supplier<CloseableIterator<Row>>> parts = new ArrayList<>();
    for (AddFile f : base.filesInOrder()) {
      if (!removed.contains(ctx.resolveDataPath(f.path()))) {
        parts.add(() -> base.readFile(f, null, null));
      }
    }
    for (AddFile f : addedFiles()) {
      parts.add(() -> base.readFile(f, null, null));
    }
    return CloseableIterator.concat(parts.iterator());
  }

  private Snapshot baseSnapshot() {
    return StagedCommits.at(ctx, baseVersion());
  }

  /** {@link #publish(boolean) publish(false)}. */
  public CommitResult publish() {
    return publish(false);
  }

  /**
   * Commits the staged write atomically. Refuses (typed, nothing committed) when it was discarded or has
   * expired, when any of its data files is missing, when its audit blocks it (unless {@code force}), or
   * when a commit since its base conflicts with it ({@link ConflictException}; discard it then). A
   * second publish returns the first one's version with {@code committed() == false}.
   */
  public CommitResult publish(boolean force) {
    Map<String, Object> current = StagedCommits.read(ctx, id());
    if (current == null || !String.valueOf(current.get("nonce")).equals(String.valueOf(rec.get("nonce")))) {
      throw notFound(id(), ctx);
    }
    StagedCommit fresh = new StagedCommit(ctx, current);
    if (fresh.publishedVersion().isPresent()) {
      return new CommitResult(fresh.publishedVersion().getAsLong(), false, 0, operationMetrics());
    }
    Snapshot latest = StagedCommits.latest(ctx);
    if (latest.transactionVersion(publishAppId()).isPresent()) {
      return repairPublished(latest); // published by someone whose record update was lost
    }
    if (expired()) {
      throw new StagedCommitException(StagedCommitException.Kind.EXPIRED, id(), "Staged commit '" + id() + "' of "
          + ctx.root() + " expired at " + expiresAt() + " (table property " + TableProperties.STAGED_COMMIT_RETENTION
          + "); nothing was committed. Discard it and stage the data again.");
    }
    Optional<SuiteResult> audit = expectations();
    if (!force && audit.isPresent() && audit.get().blocked()) {
      throw new ExpectationFailedException("publishing staged commit '" + id()
          + "' (publish(true), or tide wap publish --force, to override)",
          audit.get());
    }
    // from here until the commit, no discard may delete the files (see StagedClaim for the rules)
    Object nonce = rec.get("nonce");
    if (StagedClaim.take(ctx, id(), nonce, StagedClaim.Kind.PUBLISH).kind() == StagedClaim.Kind.DISCARD) {
      throw new StagedCommitException(StagedCommitException.Kind.DISCARDING, id(), "Staged commit '" + id() + "' of "
          + ctx.root() + " is being discarded (its files may already be partly deleted), so it cannot be "
          + "published; nothing was committed. Discard it again to finish, and stage the data again.");
    }
    try {
      Map<String, Object> again = StagedCommits.read(ctx, id());
      if (again == null || !String.valueOf(again.get("nonce")).equals(String.valueOf(nonce))) {
        throw notFound(id(), ctx); // a discard finished before the claim
      }
      checkFilesPresent();
      CommitResult r = new StagedPublish(ctx, baseSnapshot(), this).publish();
      return markPublished(r.version(), true, r);
    } catch (ConflictException e) {
      Snapshot now = StagedCommits.latest(ctx);
      if (now.transactionVersion(publishAppId()).isPresent()) {
        return repairPublished(now); // a concurrent publisher of the same staged commit won
      }
      StagedClaim.release(ctx, id(), nonce); // every publisher would conflict: let discard clean up
      throw e;
    } catch (StagedCommitException e) {
      StagedClaim.release(ctx, id(), nonce); // gone or files missing: no publisher can succeed
      throw e;
    }
  }

  private void checkFilesPresent() {
    List<String> missing = new ArrayList<>();
    for (String f : dataFiles()) {
      if (ctx.store().stat(f).isEmpty()) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new StagedCommitException(StagedCommitException.Kind.FILES_MISSING, id(), "Staged commit '" + id()
          + "' of " + ctx.root() + " cannot be published: " + missing.size() + " of its " + dataFiles().size()
          + " data files are gone (deleted, or vacuumed by an engine that does not know staged commits), e.g. "
          + missing.get(0) + ". Nothing was committed; discard it and stage the data again.");
    }
  }

  /**
   * The publish commit landed, but this record may not say so (the publisher died before updating it, or
   * is about to): finds the version that holds {@code txn(publishAppId)} among the commits after the base
   * and records it, so listings stop showing the commit as pending and every publisher reports the real
   * version. Falls back to {@code latest}'s version when those commits were cleaned up by log retention.
   */
  private CommitResult repairPublished(Snapshot latest) {
    long found = latest.version();
    try (io.tidelake.format.CloseableIterator<VersionChanges> it =
        Table.wrap(ctx, false).changesFrom(baseVersion() + 1)) {
      while (it.hasNext()) {
        VersionChanges c = it.next();
        if (c.txns().stream().anyMatch(t -> t.appId().equals(publishAppId()))) {
          found = c.version();
          break;
        }
      }
    } catch (RuntimeException e) {
      // log retention removed those commits: the newest version is the best answer left
    }
    Map<String, Object> current = StagedCommits.read(ctx, id());
    if (current != null && !current.containsKey("publishedVersion")
        && String.valueOf(current.get("nonce")).equals(String.valueOf(rec.get("nonce")))) {
      markPublished(found, true);
    }
    return new CommitResult(found, false, 0, operationMetrics());
  }

  private CommitResult markPublished(long version, boolean committed) {
    return markPublished(version, committed, new CommitResult(version, committed, 0, operationMetrics()));
  }

  private CommitResult markPublished(long version, boolean committed, CommitResult r) {
    if (committed) {
      Map<String, Object> done = new LinkedHashMap<>(rec);
      done.put("publishedVersion", version);
      ctx.store().put(StagedCommits.recordPath(ctx.root(), id()), StagedCommits.bytes(done));
    }
    return r;
  }

  /**
   * Deletes its data files and its record; nothing is committed. Refused once published (the files are
   * then part of the table), and while a publish of it is under way ({@code PUBLISHING}): exactly one of
   * a racing publish and discard wins (see {@link StagedClaim}).
   */
  public void discard() {
    Map<String, Object> current = StagedCommits.read(ctx, id());
    if (current == null) {
      throw notFound(id(), ctx);
    }
    StagedCommit fresh = new StagedCommit(ctx, current);
    if (fresh.publishedVersion().isPresent() || fresh.publishedInLog()) {
      throw alreadyPublished();
    }
    Object nonce = current.get("nonce");
    if (StagedClaim.take(ctx, id(), nonce, StagedClaim.Kind.DISCARD).kind() == StagedClaim.Kind.PUBLISH) {
      if (fresh.publishedInLog()) {
        throw alreadyPublished();
      }
      if (!fresh.expired()) {
        throw new StagedCommitException(StagedCommitException.Kind.PUBLISHING, id(), "Staged commit '" + id()
            + "' of " + ctx.root() + " is being published, so it is not discarded. If that publish crashed, publish "
            + "again: it finishes the commit (publishing is idempotent) or fails typed, and then discard works.");
      }
      StagedClaim.override(ctx, id(), nonce, StagedClaim.Kind.DISCARD); // expired: publish refuses it anyway
    }
    if (fresh.publishedInLog()) { // published without a claim (by a Tidelake before claims)
      StagedClaim.release(ctx, id(), nonce);
      throw alreadyPublished();
    }
    for (String f : fresh.dataFiles()) {
      ctx.store().delete(f);
    }
    ctx.store().delete(StagedCommits.recordPath(ctx.root(), id()));
    StagedClaim.release(ctx, id(), nonce);
  }

  private boolean publishedInLog() {
    return StagedCommits.latest(ctx).transactionVersion(publishAppId()).isPresent();
  }

  private StagedCommitException alreadyPublished() {
    return new StagedCommitException(StagedCommitException.Kind.ALREADY_PUBLISHED, id(), "Staged commit '" + id()
        + "' of " + ctx.root() + " was published; its files are part of the table and are not deleted. Remove its"
        + " rows with a DELETE if that is what you want.");
  }

  static StagedCommitException notFound(String id, TableContext ctx) {
    return new StagedCommitException(StagedCommitException.Kind.NOT_FOUND, id, "Table " + ctx.root()
        + " has no staged commit '" + id + "' (never staged, or discarded). List them with table.stagedCommits()"
        + " or 'tide wap list'.");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> readSet() {
    return (Map<String, Object>) rec.get("readSet");
  }

  Map<String, Object> record() {
    return rec;
  }

  private long num(String key) {
    return ((Number) rec.get(key)).longValue();
  }

  @Override
  public String toString() {
    return "StagedCommit{" + id() + " on v" + baseVersion() + ", " + addedFiles().size() + " files}";
  }
}
