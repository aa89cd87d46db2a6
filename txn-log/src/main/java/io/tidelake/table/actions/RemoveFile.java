package io.tidelake.table.actions;

import java.util.Objects;
import java.util.Map;

/**
 * The {@code remove} action: a tombstone for a data file (or for one deletion vector of it). Only
 * {@code path} and {@code dataChange} are required by the protocol; the rest is present when
 * {@code extendedFileMetadata} is true. Tombstones stay in the snapshot until their
 * {@code deletionTimestamp} is older than the retention period, for VACUUM's sake.
 */
public record RemoveFile(
    String path,
    Long deletionTimestamp,
    boolean dataChange,
    Boolean extendedFileMetadata,
    Map<String, String> partitionValues,
    Long size,
    String stats,
    Map<String, String> tags,
    DeletionVectorDescriptor deletionVector,
    Long baseRowId,
    Long defaultRowCommitVersion)
    implements Action {

  public RemoveFile {
    Objects.requireNonNull(path, "path");
    partitionValues = Copies.mapOrNull(partitionValues);
    tags = Copies.mapOrNull(tags);
  }

  /** A minimal tombstone, for callers that do not have the add at hand. */
  public static RemoveFile of(String path, long deletionTimestamp, boolean dataChange) {
    return new RemoveFile(
        path, deletionTimestamp, dataChange, null, null, null, null, null, null, null, null);
  }
}
