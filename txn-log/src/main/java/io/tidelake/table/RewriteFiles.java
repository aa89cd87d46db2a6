package io.tidelake.table;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.commit.CommitRequest;
import io.tidelake.table.internal.commit.ReadSet;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pending rewrite that changes no data (Iceberg's {@code RewriteFiles}, Delta's OPTIMIZE commit): live
 * files are replaced by files holding exactly their live rows, every add and remove with
 * {@code dataChange=false}, so streaming readers and the change feed skip it.
 *
 * <p><b>Isolation</b> (Delta's for such commits, recorded as {@code SnapshotIsolation}): concurrent blind
 * appends never conflict, whatever they add; a concurrent commit that removed one of the inputs, or
 * replaced its deletion vector (a DELETE/UPDATE/MERGE of its rows), is a {@link ConflictException}
 * ({@code CONCURRENT_DELETE_READ}) and nothing is committed. Retrying the same rewrite cannot succeed —
 * its output would resurrect the deleted rows — so the caller re-plans from a fresh snapshot (a
 * compaction job simply skips that bin until its next run). Metadata and protocol changes conflict too.
 */
public final class RewriteFiles extends PendingUpdate<RewriteFiles> {
  private final List<AddFile> removed = new ArrayList<>();
  private final List<AddFile> added = new ArrayList<>();
  private final List<String> cleanup = new ArrayList<>();
  private String operation = "OPTIMIZE";
  private Map<String, String> parameters = new LinkedHashMap<>();
  private Map<String, String> metrics = new LinkedHashMap<>();
  private boolean commitIfEmpty;

  RewriteFiles(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  /** The snapshot the rewrite read its inputs from. */
  public Snapshot snapshot() {
    return base;
  }

  /** Replaces live {@code inputs} with {@code outputs} (which must hold exactly the inputs' live rows). */
  public RewriteFiles rewriteFiles(Collection<AddFile> inputs, Collection<AddFile> outputs) {
    inputs.forEach(this::deleteFile);
    outputs.forEach(this::addFile);
    return this;
  }

  public RewriteFiles deleteFile(AddFile input) {
    checkOpen();
    if (!base.isLive(input)) {
      throw new IllegalArgumentException("File " + input.path() + " is not a live file of version " + base.version()
          + " of " + ctx.root() + "; a rewrite replaces files of the snapshot it read.");
    }
    removed.add(input);
    return this;
  }

  public RewriteFiles addFile(AddFile output) {
    checkOpen();
    added.add(output.withDataChange(false));
    return this;
  }

  /** Delta's operation name, parameters and metrics (default operation {@code OPTIMIZE}). */
  public RewriteFiles operation(String name, Map<String, String> params, Map<String, String> operationMetrics) {
    this.operation = name;
    this.parameters = new LinkedHashMap<>(params);
    this.metrics = new LinkedHashMap<>(operationMetrics);
    return this;
  }

  /**
   * Commits even without files: a history entry that changes nothing (Delta's {@code VACUUM START} /
   * {@code VACUUM END}). Without it an empty rewrite commits nothing.
   */
  public RewriteFiles commitIfEmpty() {
    this.commitIfEmpty = true;
    return this;
  }

  /** Store locations to delete if the rewrite does not commit (its output files). */
  public RewriteFiles deleteOnFailure(Collection<String> locations) {
    cleanup.addAll(locations);
    return this;
  }

  /** The actions the commit would contain. */
  public List<Action> apply() {
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    for (AddFile r : removed) {
      actions.add(r.toRemove(now, false));
    }
    actions.addAll(added);
    return actions;
  }

  public CommitResult commit() {
    checkOpen();
    if (removed.isEmpty() && added.isEmpty() && !commitIfEmpty) {
      markDone();
      return new CommitResult(base.version(), false, 0, metrics);
    }
    Set<String> inputs = new HashSet<>();
    for (AddFile f : removed) {
      inputs.add(f.path());
    }
    ReadSet reads = new ReadSet(base.version(), false, null, inputs, Set.of());
    List<String> own = new ArrayList<>(cleanup);
    // dataChange=false commits write no change data: the feed is unaffected, so the feature is kept
    return commit(new CommitRequest(operation, parameters, metrics, apply(), reads, false, own,
        "SnapshotIsolation", WriterFeatures.with(WriterFeatures.CHANGE_DATA_FEED)));
  }

  /**
   * Deletes the output files named in {@link #deleteOnFailure}; nothing is committed. A no-op once
   * {@link #commit()} was called: a committed (or possibly committed) rewrite's files are the table's.
   */
  public void abort() {
    if (isDone()) {
      return;
    }
    deleteQuietly(cleanup);
    markDone();
  }
}
