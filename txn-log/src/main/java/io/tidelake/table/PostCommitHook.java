package io.tidelake.table;

import io.tidelake.table.actions.AddFile;
import java.util.List;

/**
 * Work done after a commit landed (Delta's post-commit hooks, e.g. auto compaction). Implementations are
 * found with {@link java.util.ServiceLoader} ({@code META-INF/services/io.tidelake.table.PostCommitHook})
 * and run synchronously, in the committing thread, after the checkpoint. A hook's failure is logged and
 * never fails the commit, which has already happened; a hook decides by itself (table properties) whether
 * it has anything to do, and must not recurse on its own commits.
 */
public interface PostCommitHook {
  /**
   * @param table the table, with the store of the committing update (do not close it)
   * @param read the snapshot the update read (its properties say whether a hook is enabled, at no cost)
   * @param version the version just committed
   * @param operation its operation name ({@code WRITE}, {@code OPTIMIZE}, ...)
   * @param added the data files it added
   */
  void afterCommit(Table table, Snapshot read, long version, String operation, List<AddFile> added);
}
