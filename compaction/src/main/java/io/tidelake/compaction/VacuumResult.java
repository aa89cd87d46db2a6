package io.tidelake.compaction;

import io.tidelake.format.store.FileInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a vacuum deleted (or, for a dry run, would delete), in delta-spark's names.
 *
 * @param files the files deleted (or to delete), with their sizes
 * @param numDeletedFiles files actually deleted (0 for a dry run)
 * @param retentionMillis the retention applied
 * @param tableRetentionMillis the table's {@code delta.deletedFileRetentionDuration}
 * @param versions the {@code VACUUM START} and {@code VACUUM END} versions (empty for a dry run)
 */
public record VacuumResult(boolean dryRun, List<FileInfo> files, long sizeOfDataToDelete, long numDeletedFiles,
    long numVacuumedDirectories, long retentionMillis, long tableRetentionMillis, List<Long> versions) {
  public VacuumResult {
    files = List.copyOf(files);
    versions = List.copyOf(versions);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("isDryRun", dryRun);
    m.put("numFilesToDelete", files.size());
    m.put("sizeOfDataToDelete", sizeOfDataToDelete);
    m.put("numDeletedFiles", numDeletedFiles);
    m.put("numVacuumedDirectories", numVacuumedDirectories);
    m.put("specifiedRetentionMillis", retentionMillis);
    m.put("defaultRetentionMillis", tableRetentionMillis);
    m.put("versions", versions);
    return m;
  }
}
