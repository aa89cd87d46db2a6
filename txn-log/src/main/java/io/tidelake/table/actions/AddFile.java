package io.tidelake.table.actions;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code add} action: a data file (optionally with a deletion vector) that is part of the table.
 *
 * <p>{@code path} is the URI-encoded string exactly as in the log (decoding is the reader's job and must
 * happen once). {@code partitionValues} values may be null (SQL NULL) and are never reconstructed from
 * directory names. {@code stats} is the raw JSON string; it is parsed lazily by data skipping because
 * most replays never look at it.
 */
public record AddFile(
    String path,
    Map<String, String> partitionValues,
    long size,
    long modificationTime,
    boolean dataChange,
    String stats,
    Map<String, String> tags,
    DeletionVectorDescriptor deletionVector,
    Long baseRowId,
    Long defaultRowCommitVersion,
    String clusteringProvider)
    implements Action {

  public AddFile {
    Objects.requireNonNull(path, "path");
    partitionValues = Copies.mapOrEmpty(partitionValues);
    tags = Copies.mapOrNull(tags);
  }

  /** The common case of a plain data file: no tags, deletion vector, row tracking or clustering. */
  public static AddFile of(
      String path,
      Map<String, String> partitionValues,
      long size,
      long modificationTime,
      boolean dataChange,
      String stats) {
    return new AddFile(
        path, partitionValues, size, modificationTime, dataChange, stats, null, null, null, null, null);
  }

  /**
   * The tombstone that logically deletes this file. Carries everything a reader of the remove may need
   * (partition values and size for CDF and VACUUM, the deletion vector because it is part of the file
   * key, row tracking ids), with {@code extendedFileMetadata=true} to say that those fields are present.
   */
  public RemoveFile toRemove(long deletionTimestamp, boolean dataChange) {
    return new RemoveFile(
        path,
        deletionTimestamp,
        dataChange,
        Boolean.TRUE,
        partitionValues,
        size,
        stats,
        tags,
        deletionVector,
        baseRowId,
        defaultRowCommitVersion);
  }

  /** For rewrites that do not change the data (OPTIMIZE, stats recompute): {@code dataChange=false}. */
  public AddFile withDataChange(boolean newDataChange) {
    if (newDataChange == dataChange) {
      return this;
    }
    return new AddFile(
        path,
        partitionValues,
        size,
        modificationTime,
        newDataChange,
        stats,
        tags,
        deletionVector,
        baseRowId,
        defaultRowCommitVersion,
        clusteringProvider);
  }

  /** The same file with a new deletion vector: how DELETE/UPDATE/MERGE record deleted rows. */
  public AddFile withDeletionVector(DeletionVectorDescriptor newDeletionVector) {
    return new AddFile(
        path,
        partitionValues,
        size,
        modificationTime,
        dataChange,
        stats,
        tags,
        newDeletionVector,
        baseRowId,
        defaultRowCommitVersion,
        clusteringProvider);
  }
}
