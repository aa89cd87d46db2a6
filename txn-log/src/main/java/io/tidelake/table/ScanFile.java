package io.tidelake.table;

import io.tidelake.table.actions.AddFile;
import java.util.Map;

/**
 * A data file a scan must read.
 *
 * @param location the file's location in the store (path decoded and resolved against the table root)
 * @param partitionValues typed partition values (LocalDate, Long, String...; null for null)
 */
public record ScanFile(AddFile add, String location, Map<String, Object> partitionValues) {}
