package io.tidelake.table.internal.commit;

import io.tidelake.format.store.CommitOutcomeUnknownException;
import io.tidelake.format.store.FileInfo;
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
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optimistic commit: put-if-absent of {@code _delta_log/<readVersion+1>.json}. On a lost race it lists
 * the log once to find the newest version, checks conflicts against every commit it missed, and tries
 * the version after the newest, so a writer that lost never falls behind walking one version at a time.
 * Only repeated losses at the head back off (short, jittered). It never overwrites a commit and never
 * commits twice: when the store cannot say whether a put landed, the version is read back and compared
 * byte for byte.
 */
public final class Committer {
  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
  private static final ActionCodec CODEC = ActionCodec.INSTANCE;

  /** Puts of one version whose outcome was unknown and that were then repeated, before giving up. */
  private static final int UNKNOWN_OUTCOME_ATTEMPTS = 3;

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

  /** Refusals of a version that then does not exist, tolerated before giving up (see commit). */
  private static final int MAX_REFUSED_BUT_ABSENT = 5;

  /** Builds the commitInfo of one attempt; it goes first in the commit file. */
  @FunctionalInterface
  public interface CommitInfoSource {
    /**
     * @param inCommitTimestamp the commit time to record as {@code inCommitTimestamp} (and as its
     *     {@code timestamp}), or null when the table does not use in-commit timestamps
     */
    CommitInfo build(long version, Long inCommitTimestamp);
  }

  /**
   * Commits {@code actions} on top of {@code reads.readVersion()}.
   *
   * @param previousInCommitTimestamp the in-commit timestamp of the read version when the table has
   *     in-commit timestamps enabled, else null: each attempt then records {@code max(now, previous + 1)},
   *     where "previous" follows the winners of lost races, so the log's commit times strictly increase
   */
  public Result commit(ReadSet reads, List<Action> actions, CommitInfoSource commitInfoFor,
      ConflictChecker.Isolation isolation, Long previousInCommitTimestamp) {
    long version = reads.readVersion() + 1;
    Long previous = previousInCommitTimestamp;
    int refusedButAbsent = 0;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      List<Action> all = new ArrayList<>(actions.size() + 1);
      Long ict = previous == null ? null : Math.max(System.currentTimeMillis(), previous + 1);
      all.add(commitInfoFor.build(version, ict));
      all.addAll(actions);
      byte[] bytes = CODEC.serializeCommit(all);
      String path = LogPaths.deltaFile(tableRoot, version);
      if (tryPut(path, bytes)) {
        return new Result(version, attempt);
      }
      long newest = newestVersionFrom(version);
      if (newest < version) {
        // refused, yet no such commit exists: a conflict answer while another writer's put of the same
        // version was in flight (S3 409 ConditionalRequestConflict), which then did not land. The version
        // is free: try it again, a few times; a store that keeps refusing a name it does not hold is broken.
        if (++refusedButAbsent > MAX_REFUSED_BUT_ABSENT) {
          throw new CommitFailedException("The store refused to create " + LogPaths.deltaFile(tableRoot, version)
              + " " + refusedButAbsent + " times although no such object exists. Nothing was committed. Check"
              + " that the store supports conditional writes (If-None-Match: *) and that its listing is consistent.");
        }
        LOG.warn("Version {} of {} was refused but does not exist; retrying it", version, tableRoot);
        backoff(Math.max(attempt, 3));
        continue;
      }
      for (long v = version; v <= newest; v++) {
        List<Action> winner = readCommit(LogPaths.deltaFile(tableRoot, v), v);
        ConflictChecker.check(tableRoot, reads, actions, winner, v, isolation);
        if (previous != null) {
          Long theirs = CommitInfo.inCommitTimestampOf(winner);
          previous = theirs != null ? Math.max(previous, theirs) : previous;
        }
      }
      LOG.debug("Lost the race for version {} of {}; no conflict with versions {}..{}, retrying at {}", version,
          tableRoot, version, newest, newest + 1);
      version = newest + 1;
      backoff(attempt);
    }
    throw new CommitFailedException("Gave up committing to " + tableRoot + " after " + maxAttempts
        + " attempts lost to concurrent writers (last tried version " + (version - 1) + "). The table is unchanged; "
        + "try again, or raise the retry limit (tidelake.commit.maxAttempts).");
  }

  /**
   * The newest commit version in the contiguous run that starts at {@code taken} (which a put-if-absent
   * just reported taken): one LIST instead of one failed put per version the winners wrote meanwhile.
   * {@code taken - 1} when {@code taken} itself is not there.
   */
  private long newestVersionFrom(long taken) {
    long newest = taken - 1;
    for (FileInfo f : store.list(LogPaths.logDir(tableRoot), LogPaths.listFrom(taken))) {
      long v = LogPaths.deltaVersion(f.name());
      if (v == newest + 1) {
        newest = v;
      } else if (v > newest + 1) {
        break; // a gap (a commit still being listed): stop at the contiguous head
      }
    }
    return newest;
  }

  /**
   * Creates the commit file; true when this writer's bytes are there. A put whose outcome is unknown is
   * settled by reading the version back: our exact bytes mean it landed (commit bytes are unique to one
   * transaction: they carry its txnId), other bytes mean another writer won, and no object means nothing
   * landed yet, so the put is repeated (a delayed copy of our earlier put can then only lose, or be found
   * by the read-back of the repeat). A put refused after such a doubt may have been refused by our own
   * earlier put, so it is read back too. Whatever doubt remains is a {@link CommitStateUnknownException},
   * which keeps the data files: a commit that did land refers to them.
   */
  private boolean tryPut(String path, byte[] bytes) {
    CommitOutcomeUnknownException doubt = null;
    for (int attempt = 1; attempt <= UNKNOWN_OUTCOME_ATTEMPTS; attempt++) {
      try {
        if (store.putIfAbsent(path, bytes)) {
          return true;
        }
        if (doubt == null) {
          return false;
        }
        Optional<byte[]> existing = readBack(path, doubt);
        if (existing.isEmpty()) {
          throw stateUnknown(path, doubt, "the store reported the name taken, but there is no object");
        }
        return Arrays.equals(existing.get(), bytes);
      } catch (CommitOutcomeUnknownException e) {
        if (doubt != null) {
          e.addSuppressed(doubt);
        }
        doubt = e;
        Optional<byte[]> existing = readBack(path, e);
        if (existing.isPresent()) {
          return Arrays.equals(existing.get(), bytes);
        }
        LOG.debug("Commit {} of {} did not land after an unknown outcome; putting it again", path, tableRoot);
      } catch (CommitStateUnknownException e) {
        throw e;
      } catch (RuntimeException e) {
        if (doubt == null) {
          throw e; // nothing can have landed: the caller cleans up
        }
        doubt.addSuppressed(e);
        throw stateUnknown(path, doubt, "a later attempt failed");
      }
    }
    throw stateUnknown(path, doubt, "it did not land after " + UNKNOWN_OUTCOME_ATTEMPTS + " attempts, and each "
        + "attempt's outcome was unknown");
  }

  /** The object at {@code path}, or empty if there is none; a failed read leaves the commit state unknown. */
  private Optional<byte[]> readBack(String path, CommitOutcomeUnknownException doubt) {
    try {
      return Optional.of(store.readAll(path));
    } catch (ObjectNotFoundException nf) {
      return Optional.empty();
    } catch (RuntimeException re) {
      doubt.addSuppressed(re);
      throw stateUnknown(path, doubt, "reading it back failed: " + re.getMessage());
    }
  }

  private CommitStateUnknownException stateUnknown(String path, CommitOutcomeUnknownException doubt, String why) {
    return new CommitStateUnknownException("Could not tell whether the commit " + path + " was written (" + why
        + "; first error: " + doubt.getMessage() + "). Check the table history before retrying, or write "
        + "idempotently (txn appId/version) so that a repeat is harmless.", doubt);
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

  /**
   * Losing again right after catching up means several writers are racing for the head: a short random
   * pause spreads them out. Kept small (at most 25 ms) because every pause is time no writer commits.
   */
  private static void backoff(int attempt) {
    if (attempt < 3) {
      return;
    }
    long capMs = Math.min(25, 1L << Math.min(attempt - 2, 5));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(capMs + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException("Interrupted while retrying a commit; nothing was committed.", e);
    }
  }
}
