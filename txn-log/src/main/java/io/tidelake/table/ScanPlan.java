package io.tidelake.table;

import java.util.List;

/**
 * The files a scan reads, with how many each pruning step kept: total live files, after partition
 * pruning, after min/max stats skipping.
 */
public record ScanPlan(List<ScanFile> files, long totalFiles, long afterPartitionPruning, long afterStatsSkipping) {}
