package io.tidelake.compaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an OPTIMIZE did, in delta-spark's names: the commitInfo {@code operationMetrics} of each batch
 * ({@link #toOperationMetrics()}) and the command result ({@code numBins}, {@code numBatches},
 * {@code partitionsOptimized}, {@code totalConsideredFiles}, {@code totalFilesSkipped}).
 *
 * @param addedFileSizes sizes of the files written, for the size percentiles
 * @param versions the table versions the batches committed, in order
 */
public record OptimizeMetrics(long numAddedFiles, long numRemovedFiles, long numAddedBytes, long numRemovedBytes,
    List<Long> addedFileSizes, long numDeletionVectorsRemoved, long numBins, long numBatches,
    long partitionsOptimized, long totalConsideredFiles, long totalFilesSkipped, List<Long> versions) {

  public OptimizeMetrics {
    addedFileSizes = List.copyOf(addedFileSizes);
    versions = List.copyOf(versions);
  }

  static OptimizeMetrics empty(long considered) {
    return new OptimizeMetrics(0, 0, 0, 0, List.of(), 0, 0, 0, 0, considered, considered, List.of());
  }

  /** Delta's OPTIMIZE {@code operationMetrics} (sizes of the added files), all values as strings. */
  public Map<String, String> toOperationMetrics() {
    List<Long> sizes = new ArrayList<>(addedFileSizes);
    Collections.sort(sizes);
    Map<String, String> m = new LinkedHashMap<>();
    m.put("numAddedFiles", String.valueOf(numAddedFiles));
    m.put("numRemovedFiles", String.valueOf(numRemovedFiles));
    m.put("numAddedBytes", String.valueOf(numAddedBytes));
    m.put("numRemovedBytes", String.valueOf(numRemovedBytes));
    m.put("minFileSize", String.valueOf(percentile(sizes, 0)));
    m.put("p25FileSize", String.valueOf(percentile(sizes, 25)));
    m.put("p50FileSize", String.valueOf(percentile(sizes, 50)));
    m.put("p75FileSize", String.valueOf(percentile(sizes, 75)));
    m.put("maxFileSize", String.valueOf(percentile(sizes, 100)));
    m.put("numDeletionVectorsRemoved", String.valueOf(numDeletionVectorsRemoved));
    return m;
  }

  /** The operation metrics plus the command-result counts: what {@code tide optimize --json} prints. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    toOperationMetrics().forEach((k, v) -> m.put(k, Long.parseLong(v)));
    m.put("numBins", numBins);
    m.put("numBatches", numBatches);
    m.put("partitionsOptimized", partitionsOptimized);
    m.put("totalConsideredFiles", totalConsideredFiles);
    m.put("totalFilesSkipped", totalFilesSkipped);
    m.put("versions", versions);
    return m;
  }

  /** Nearest-rank percentile of sorted sizes (0 when there are none). */
  static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
  }

  /** This and {@code other} added together (a later batch); the command-level counts are set by the caller. */
  OptimizeMetrics plus(OptimizeMetrics o) {
    List<Long> sizes = new ArrayList<>(addedFileSizes);
    sizes.addAll(o.addedFileSizes);
    List<Long> vs = new ArrayList<>(versions);
    vs.addAll(o.versions);
    return new OptimizeMetrics(numAddedFiles + o.numAddedFiles, numRemovedFiles + o.numRemovedFiles,
        numAddedBytes + o.numAddedBytes, numRemovedBytes + o.numRemovedBytes, sizes,
        numDeletionVectorsRemoved + o.numDeletionVectorsRemoved, numBins + o.numBins, numBatches + o.numBatches,
        partitionsOptimized, totalConsideredFiles, totalFilesSkipped, vs);
  }

  OptimizeMetrics withTotals(long partitions, long considered) {
    return new OptimizeMetrics(numAddedFiles, numRemovedFiles, numAddedBytes, numRemovedBytes, addedFileSizes,
        numDeletionVectorsRemoved, numBins, numBatches, partitions, considered, considered - numRemovedFiles,
        versions);
  }
}
