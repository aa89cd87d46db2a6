package io.tidelake.table.internal.log;

import io.tidelake.format.store.FileInfo;
import java.util.List;

/**
 * The files that make up one version of a table: the newest usable checkpoint at or below it (possibly
 * none) and the contiguous commit files after the checkpoint up to the version.
 *
 * @param checkpointParts all parts of the chosen checkpoint (one file unless multi-part), empty if none
 * @param commits commit files strictly after the checkpoint version, in version order
 * @param lastCommitFile the commit file of {@code version} itself, kept for its timestamp even when the
 *     checkpoint covers it (null only for a log that begins with a checkpoint whose JSON was cleaned up)
 */
public record LogSegment(
    long version,
    long checkpointVersion,
    List<FileInfo> checkpointParts,
    List<FileInfo> commits,
    FileInfo lastCommitFile) {

  public boolean hasCheckpoint() {
    return !checkpointParts.isEmpty();
  }
}
