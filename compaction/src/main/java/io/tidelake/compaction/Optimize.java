package io.tidelake.compaction;

import io.tidelake.format.parquet.WriteOptions;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.table.CommitResult;
import io.tidelake.table.ConflictException;
import io.tidelake.table.RewriteFiles;
import io.tidelake.table.ScanFile;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.WriteProgress;
import io.tidelake.table.actions.AddFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * OPTIMIZE: compacts small files (and files whose deletion vectors delete many rows) into files of the
 * target size, without changing a row — Delta's bin-packing compaction, or with {@link #zOrderBy} a
 * re-clustering of whole partitions by a Z-order curve, or with {@link #sortBy} a sort.
 *
 * <pre>{@code
 * OptimizeMetrics m = Optimize.of(table).where("day = '2026-01-01'").maxThreads(2).execute();
 * }</pre>
 *
 * <p>Each batch of bins (all of them, unless {@link #commitEvery}) commits through
 * {@link Table#newRewrite()}: every add and remove with {@code dataChange=false}, operation
 * {@code OPTIMIZE} with delta-spark's parameters and metrics, Delta's SnapshotIsolation. Concurrent blind
 * appends therefore never make it fail; a concurrent DELETE/UPDATE/MERGE of one of its inputs aborts that
 * batch with {@link OptimizeConflictException} (nothing of that batch committed, its files deleted).
 * Statistics are recomputed while writing, and rows deleted by deletion vectors are dropped for good.
 */
public final class Optimize {
  /** Delta's {@code optimize.maxDeletedRowsRatio}. */
  public static final double DEFAULT_MAX_DELETED_ROWS_RATIO = 0.05;

  private final Table table;
  private String where;
  private Long targetFileSize;
  private Long minFileSize;
  private double maxDeletedRowsRatio = DEFAULT_MAX_DELETED_ROWS_RATIO;
  private int maxThreads = Math.max(1, Math.min(15, Runtime.getRuntime().availableProcessors()));
  private int commitEvery = Integer.MAX_VALUE;
  private List<String> zOrderBy = List.of();
  private List<String> sortBy = List.of();
  private boolean auto;
  private Consumer<WriteProgress> progress = p -> {};
  private Set<Map<String, String>> onlyPartitions;

  private Optimize(Table table) {
    this.table = table;
  }

  public static Optimize of(Table table) {
    return new Optimize(table);
  }

  /** Only the partitions this predicate selects; it may test partition columns only. */
  public Optimize where(String partitionPredicate) {
    this.where = partitionPredicate;
    return this;
  }

  /** Output file size (default {@code delta.targetFileSize}, else 128 MiB). */
  public Optimize targetFileSize(long bytes) {
    if (bytes <= 0) {
      throw new MaintenanceArgumentException("OPTIMIZE target file size must be positive, got " + bytes + ".");
    }
    this.targetFileSize = bytes;
    return this;
  }

  /** Files below this size are compacted (default 3/4 of the target size). */
  public Optimize minFileSize(long bytes) {
    this.minFileSize = bytes;
    return this;
  }

  /** Files whose deletion vector deletes more than this fraction of their rows are rewritten (default 0.05). */
  public Optimize maxDeletedRowsRatio(double ratio) {
    this.maxDeletedRowsRatio = ratio;
    return this;
  }

  /** Bins rewritten at once (a bounded pool; default the number of cores, at most 15 as in Delta). */
  public Optimize maxThreads(int threads) {
    if (threads < 1) {
      throw new MaintenanceArgumentException("OPTIMIZE maxThreads must be at least 1, got " + threads + ".");
    }
    this.maxThreads = threads;
    return this;
  }

  /** Commits after every {@code bins} bins, so a failure keeps the work already committed. */
  public Optimize commitEvery(int bins) {
    if (bins < 1) {
      throw new MaintenanceArgumentException("OPTIMIZE commitEvery must be at least 1 bin, got " + bins + ".");
    }
    this.commitEvery = bins;
    return this;
  }

  /** Z-orders each chosen partition by these (non-partition) columns, rewriting all its files. */
  public Optimize zOrderBy(String... columns) {
    this.zOrderBy = List.of(columns);
    return this;
  }

  /** Sorts each chosen partition by these (non-partition) columns, rewriting all its files. */
  public Optimize sortBy(String... columns) {
    this.sortBy = List.of(columns);
    return this;
  }

  /** Marks the commit as an auto compaction ({@code auto:true} in its parameters). */
  public Optimize auto(boolean value) {
    this.auto = value;
    return this;
  }

  /** Only files with exactly these partition values (auto compaction: the partitions a commit wrote). */
  Optimize partitions(Set<Map<String, String>> partitionValues) {
    this.onlyPartitions = partitionValues;
    return this;
  }

  /** Called after each bin with the rows, files and bytes written so far. */
  public Optimize onProgress(Consumer<WriteProgress> listener) {
    this.progress = listener;
    return this;
  }

  /**
   * Plans, rewrites and commits. Returns the metrics (all zero, nothing committed, when no bin is worth
   * rewriting).
   *
   * @throws MaintenanceArgumentException for a predicate on a non-partition column, or a bad Z-order column
   * @throws OptimizeConflictException when a concurrent commit changed an input of a batch
   */
  public OptimizeMetrics execute() {
    Snapshot snap = table.snapshot();
    Predicate predicate = partitionPredicate(snap);
    List<String> clusterBy = !zOrderBy.isEmpty() ? zOrderBy : sortBy;
    if (!zOrderBy.isEmpty() && !sortBy.isEmpty()) {
      throw new MaintenanceArgumentException("OPTIMIZE takes zOrderBy or sortBy, not both.");
    }
    ClusteringColumns.check(snap, clusterBy, zOrderBy.isEmpty() ? "sortBy" : "zOrderBy");
    List<AddFile> files = new ArrayList<>();
    if (predicate == null) {
      files.addAll(snap.filesInOrder());
    } else {
      for (ScanFile f : snap.newScan().where(predicate).planFiles()) {
        files.add(f.add());
      }
    }
    if (onlyPartitions != null) {
      files.removeIf(f -> !onlyPartitions.contains(f.partitionValues()));
    }
    WriteOptions options = WriteOptions.fromTableProperties(snap.properties());
    long target = targetFileSize != null ? targetFileSize : options.targetFileSizeBytes();
    options = options.withTargetFileSize(target);
    List<Bin> bins;
    if (clusterBy.isEmpty()) {
      long min = minFileSize != null ? minFileSize : target * 3 / 4;
      bins = BinPlanner.plan(files, min, target, maxDeletedRowsRatio);
    } else {
      bins = new ArrayList<>();
      BinPlanner.byPartition(files).forEach((part, group) -> bins.add(new Bin(part, List.copyOf(group))));
    }
    Set<Map<String, String>> partitions = new HashSet<>();
    for (Bin b : bins) {
      partitions.add(b.partition());
    }
    OptimizeMetrics total = OptimizeMetrics.empty(files.size());
    BinRewriter rewriter = new BinRewriter(table, options, maxThreads, progress,
        clusterBy.isEmpty() ? null : new RowOrder(snap, clusterBy, !zOrderBy.isEmpty()));
    Map<String, String> params = parameters(predicate);
    for (int from = 0; from < bins.size(); from += commitEvery) {
      List<Bin> batch = bins.subList(from, Math.min(bins.size(), from + commitEvery));
      OptimizeMetrics done = commitBatch(batch, rewriter, params, total);
      total = total.plus(done);
    }
    return total.withTotals(partitions.size(), files.size());
  }

  private OptimizeMetrics commitBatch(List<Bin> batch, BinRewriter rewriter, Map<String, String> params,
      OptimizeMetrics before) {
    RewriteFiles rewrite = table.newRewrite();
    Snapshot base = rewrite.snapshot();
    List<Bin> live = new ArrayList<>();
    for (Bin b : batch) {
      if (b.files().stream().allMatch(base::isLive)) {
        live.add(b); // an earlier batch's concurrent change may have removed some inputs: skip those bins
      }
    }
    if (live.isEmpty()) {
      rewrite.abort();
      return OptimizeMetrics.empty(0);
    }
    BinRewriter.Output out = rewriter.rewrite(base, live);
    List<AddFile> inputs = new ArrayList<>();
    long removedBytes = 0;
    long dvs = 0;
    for (Bin b : live) {
      for (AddFile f : b.files()) {
        inputs.add(f);
        removedBytes += f.size();
        dvs += f.deletionVector() == null ? 0 : 1;
      }
    }
    List<Long> sizes = new ArrayList<>();
    long addedBytes = 0;
    for (AddFile a : out.files()) {
      sizes.add(a.size());
      addedBytes += a.size();
    }
    OptimizeMetrics m = new OptimizeMetrics(out.files().size(), inputs.size(), addedBytes, removedBytes, sizes, dvs,
        live.size(), 1, 0, 0, 0, List.of());
    rewrite.rewriteFiles(inputs, out.files()).deleteOnFailure(out.locations())
        .operation("OPTIMIZE", params, m.toOperationMetrics());
    CommitResult r;
    try {
      r = rewrite.commit();
    } catch (ConflictException e) {
      throw new OptimizeConflictException(table.location(), before, e);
    }
    return new OptimizeMetrics(m.numAddedFiles(), m.numRemovedFiles(), m.numAddedBytes(), m.numRemovedBytes(),
        sizes, dvs, live.size(), 1, 0, 0, 0, List.of(r.version()));
  }

  private Predicate partitionPredicate(Snapshot snap) {
    if (where == null || where.isBlank()) {
      return null;
    }
    Predicate p = Predicates.parse(where, snap.schema());
    Set<String> parts = new HashSet<>(snap.partitionColumns());
    if (!p.onlyReferences(parts)) {
      List<String> others = new ArrayList<>(p.referencedColumns());
      others.removeIf(c -> parts.stream().anyMatch(c::equalsIgnoreCase));
      throw new MaintenanceArgumentException("OPTIMIZE WHERE '" + where + "' on " + table.location()
          + " tests non-partition column(s) " + others + "; it may test partition columns only ("
          + (parts.isEmpty() ? "the table has none" : snap.partitionColumns()) + "). Remove the condition on "
          + others + ", or run OPTIMIZE without WHERE.");
    }
    return p;
  }

  /** Delta's OPTIMIZE operationParameters. */
  private Map<String, String> parameters(Predicate predicate) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("predicate", Json.array(predicate == null ? List.of() : List.of(predicate.toSql())));
    params.put("zOrderBy", Json.array(zOrderBy));
    params.put("auto", String.valueOf(auto));
    return params;
  }
}
