package io.tidelake.stream;

import io.tidelake.table.actions.AddFile;
import java.util.List;

/**
 * What one batch reads from a table source: the files after {@code start} up to and including
 * {@code end} (initial-snapshot files of {@code snapshotVersion} first, then commit adds), or in
 * change-feed mode the whole commits {@code cdfFrom..cdfTo} (-1 when none).
 *
 * @param start the end offset of the previous batch, or null for a query's first batch
 */
record SourceBatch(SourceOffset start, SourceOffset end, long snapshotVersion, List<AddFile> snapshotFiles,
    List<AddFile> changeFiles, long cdfFrom, long cdfTo, int numFiles, long numBytes) {

  /** Whether the batch moves the stream at all (a batch over skipped commits moves it without rows). */
  boolean advances(SourceOffset from) {
    return from == null ? end != null : end.compareTo(from) > 0;
  }
}
