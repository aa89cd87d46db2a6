package io.tidelake.table;

import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import java.util.List;

/**
 * What one commit changed: the unit an incremental reader consumes. {@code metadata} and
 * {@code protocol} are non-null only when the commit changed them.
 *
 * @param timestamp commit time in epoch ms (in-commit timestamp, else the commit file's modification time)
 */
public record VersionChanges(
    long version,
    long timestamp,
    CommitInfo commitInfo,
    List<AddFile> adds,
    List<RemoveFile> removes,
    List<AddCDCFile> cdc,
    List<SetTransaction> txns,
    Metadata metadata,
    Protocol protocol) {

  /** True when the commit only rearranged data (compaction): every add and remove has dataChange=false. */
  public boolean isDataChangeFree() {
    return adds.stream().noneMatch(AddFile::dataChange) && removes.stream().noneMatch(RemoveFile::dataChange);
  }
}
