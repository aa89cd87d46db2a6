package io.tidelake.format.parquet;

import io.tidelake.format.stats.FileStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A data file written by {@link TableDataWriter}, with everything an {@code add} action needs.
 *
 * @param relativePath path relative to the table root, raw (NOT URL-encoded), e.g.
 *     {@code date=2025-01-01/part-00000-<uuid>.c000.snappy.parquet}; encode it with
 *     {@link io.tidelake.format.partition.PartitionPaths#encodeLogPath} for {@code add.path}
 * @param partitionValues serialized partition values in partition-column order; values may be null
 * @param sizeBytes exact file size
 * @param numRecords rows in the file
 * @param stats statistics for {@code add.stats}
 * @param modificationTime when the file was closed (epoch ms, writer clock; not re-read from the store)
 */
public record DataFile(String relativePath, Map<String, String> partitionValues, long sizeBytes, long numRecords,
    FileStats stats, long modificationTime) {

  public DataFile {
    // Unmodifiable but order-preserving and null-tolerant (Map.copyOf refuses null values).
    partitionValues = Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
  }
}
