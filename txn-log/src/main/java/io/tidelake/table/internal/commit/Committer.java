package io.tidelake.table.internal.commit;

import io.tidelake.format.store.CommitOutcomeUnknownException;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.CommitFailedException;
import io.tidelake.table.CommitStateUnknownException;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.internal.codec.ActionCodec;
import io.tidelake.table.internal.log.LogPaths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optimistic commit: put-if-absent of {@code _delta_log/<readVersion+1>.json}. On a lost race it reads
 * the winning commit, checks conflicts, and tries the next version, with jittered exponential backoff
 * while it keeps losing. It never overwrites a commit and never commits twice: when the store cannot say
 * whether a put landed, the version is read back and compared byte for byte.
 */
public final class Committer {
  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
  private static final ActionCodec CODEC = ActionCodec.INSTANCE;

  private final ObjectStore store;
  private final String tableRoot;
  private final int maxAttempts;

  public Committer(ObjectStore store, String tableRoot, int maxAttempts) {
    this.store = store;
    this.tableRoot = tableRoot;
    this.maxAttempts = maxAttempts;
  }

  /** The outcome of a commit: the version written and how many races were lost on the way. */
  public record Result(long version, int attempts) {}

  /**
   * Commits {@code actions} on top of {@code reads.readVersion()}.
   *
   * @param commitInfoFor builds the commitInfo for a given attempt version (it goes first in the file)
   */
  public Result commit(ReadSet reads, List<Action> actions, LongFunction<CommitInfo> commitInfoFor,
      ConflictChecker.Isolation isolation) {
    long version = reads.readVersion() + 1;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      List<Action> all = new ArrayList<>(actions.size() + 1);
      all.add(commitInfoFor.apply(version));
      all.addAll(actions);
      byte[] bytes = CODEC.serializeCommit(all);
      String path = LogPaths.deltaFile(tableRoot, version);
      if (tryPut(path, bytes)) {
        return new Result(version, attempt);
      }
      List<Action> winner = readCommit(path, version);
      ConflictChecker.check(reads, actions, winner, version, isolation);
      LOG.debug("Lost the race for version {} of {}; no conflict, retrying at {}", version, tableRoot, version + 1);
      version++;
      backoff(attempt);
    }
    throw new CommitFailedException("Gave up committing to " + tableRoot + " after " + maxAttempts
        + " attempts lost to concurrent writers (last tried version " + (version - 1) + "). The table is unchanged; "
        + "try again, or raise the retry limit (tidelake.commit.maxAttempts).");
  }

  private boolean tryPut(String path, byte[] bytes) {
    try {
      return store.putIfAbsent(path, bytes);
    } catch (CommitOutcomeUnknownException e) {
      // Whether our PUT landed is unknown: the object at that name settles it.
      byte[] existing;
      try {
        existing = store.readAll(path);
      } catch (ObjectNotFoundException nf) {
        // Not there: nothing landed (a late arrival would lose against put-if-absent), so retry this version.
        return store.putIfAbsent(path, bytes);
      } catch (RuntimeException re) {
        e.addSuppressed(re);
        throw new CommitStateUnknownException("Could not tell whether the commit " + path + " was written: "
            + e.getMessage() + ". Check the table history before retrying.", e);
      }
      return Arrays.equals(existing, bytes);
    }
  }

  private List<Action> readCommit(String path, long version) {
    try {
      return CODEC.parseCommit(store.readAll(path), LogPaths.LOG_DIR + "/" + LogPaths.deltaFileName(version));
    } catch (ObjectNotFoundException e) {
      // put-if-absent said taken but the object is not visible: treat as a lost race with an unknown winner
      throw new CommitFailedException("Version " + version + " of " + tableRoot
          + " was reported as taken but cannot be read yet; retry the operation.", e);
    }
  }

  private static void backoff(int attempt) {
    if (attempt < 3) {
      return; // the next version is usually free right away
    }
    long capMs = Math.min(200, 1L << Math.min(attempt - 2, 8));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(capMs + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException("Interrupted while retrying a commit; nothing was committed.", e);
    }
  }
}
