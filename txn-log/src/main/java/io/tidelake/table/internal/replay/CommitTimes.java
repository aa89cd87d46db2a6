package io.tidelake.table.internal.replay;

import io.tidelake.format.store.FileInfo;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.CommitInfo;
import java.util.List;

/**
 * The one rule for a commit's time, used by replay, time travel, history, changes and the change feed
 * (PROTOCOL.md "In-Commit Timestamps"; delta-spark's history and CDF): the commit's
 * {@code commitInfo.inCommitTimestamp} when it has one, else its commit file's modification time.
 * {@code commitInfo.timestamp} is never used: it is the writer's wall clock, not ordered across writers.
 */
public final class CommitTimes {
  private CommitTimes() {}

  public static long of(List<Action> commit, FileInfo commitFile) {
    Long ict = CommitInfo.inCommitTimestampOf(commit);
    return ict != null ? ict : commitFile.modificationTime();
  }

  public static long of(CommitInfo commitInfo, FileInfo commitFile) {
    Long ict = commitInfo == null ? null : commitInfo.inCommitTimestamp();
    return ict != null ? ict : commitFile.modificationTime();
  }
}
