package io.tidelake.table.internal.replay;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.StorageException;
import io.tidelake.table.CorruptCheckpointException;
import io.tidelake.table.CorruptLogException;
import io.tidelake.table.InvalidTableException;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.internal.checkpoint.CheckpointReader;
import io.tidelake.table.internal.codec.ActionCodec;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.table.internal.log.LogSegment;
import java.util.List;

/** Builds {@link SnapshotState}s: from a checkpoint plus commits, or from an older state plus commits. */
public final class LogReplay {
  private final ObjectStore store;
  private final String tableRoot;
  private final CheckpointReader checkpoints;

  public LogReplay(ObjectStore store, String tableRoot, CheckpointReader checkpoints) {
    this.store = store;
    this.tableRoot = tableRoot;
    this.checkpoints = checkpoints;
  }

  /** The full state of the segment's version. */
  public SnapshotState load(LogSegment segment) {
    ReplayAccumulator acc = new ReplayAccumulator(tableRoot);
    if (segment.hasCheckpoint()) {
      readCheckpoint(segment, acc);
    }
    CommitTime t = applyCommits(acc, segment.commits());
    if (t == null) {
      FileInfo last = segment.lastCommitFile();
      t = new CommitTime(last != null ? last.modificationTime() : segment.checkpointParts().get(0).modificationTime(),
          false);
      if (last != null && ProtocolSupport.inCommitTimestampsEnabled(acc.protocol(), acc.metadata())) {
        // the checkpoint covers this version, but its commit time is in the commit's commitInfo
        Long ict = null;
        try {
          ict = CommitInfo.inCommitTimestampOf(readCommit(last));
        } catch (RuntimeException e) {
          // gone or damaged since the listing: the checkpoint alone still gives the state
        }
        t = ict != null ? new CommitTime(ict, true) : t;
      }
    }
    return finish(acc, segment.version(), t);
  }

  /**
   * Applies the segment's checkpoint. Any failure to read it, other than a storage failure that may be
   * transient, is a {@link CorruptCheckpointException}: the caller can then replay around the checkpoint.
   */
  private void readCheckpoint(LogSegment segment, ReplayAccumulator acc) {
    String name = LogPaths.LOG_DIR + "/" + segment.checkpointParts().get(0).name();
    try {
      checkpoints.read(store, tableRoot, segment.checkpointParts(), acc::apply);
    } catch (StorageException e) {
      if (!(e instanceof ObjectNotFoundException)) {
        throw e; // the store failed, not the checkpoint: retrying may succeed
      }
      throw damaged(name, segment.checkpointVersion(), "a file of it is gone (" + e.getMessage() + ")", e);
    } catch (CorruptCheckpointException e) {
      throw e;
    } catch (TidelakeException | ClassCastException | IllegalArgumentException | IllegalStateException
        | NullPointerException | IndexOutOfBoundsException e) {
      // bad rows inside a readable Parquet file surface as Java exceptions from the row decoding
      throw damaged(name, segment.checkpointVersion(), String.valueOf(e.getMessage()), e);
    }
  }

  private static CorruptCheckpointException damaged(String name, long version, String problem, RuntimeException e) {
    String message = e instanceof CorruptLogException c && c.getMessage().startsWith("Checkpoint")
        ? c.getMessage() // already names the file and the problem
        : "Checkpoint " + name + " (version " + version + ") cannot be read: " + problem;
    return new CorruptCheckpointException(name, version, message, e);
  }

  /** {@code base} advanced by {@code commits}, which must be the commits right after base's version. */
  public SnapshotState advance(SnapshotState base, List<FileInfo> commits) {
    if (commits.isEmpty()) {
      return base;
    }
    ReplayAccumulator acc = new ReplayAccumulator(base, tableRoot);
    CommitTime t = applyCommits(acc, commits);
    FileInfo last = commits.get(commits.size() - 1);
    return finish(acc, LogPaths.deltaVersion(last.name()), t);
  }

  /** Applies commits in order; returns the last commit's time, or null if there were none. */
  private CommitTime applyCommits(ReplayAccumulator acc, List<FileInfo> commits) {
    CommitTime t = null;
    for (FileInfo f : commits) {
      List<Action> actions = readCommit(f);
      Long ict = null;
      for (Action a : actions) {
        if (a instanceof CommitInfo ci) {
          ict = ci.inCommitTimestamp();
        }
        acc.apply(a);
      }
      t = ict != null ? new CommitTime(ict, true) : new CommitTime(f.modificationTime(), false);
    }
    return t;
  }

  /** A version's commit time, and whether it is the commit's in-commit timestamp. */
  private record CommitTime(long millis, boolean inCommit) {}

  public List<Action> readCommit(FileInfo f) {
    return ActionCodec.INSTANCE.parseCommit(store.readAll(f.path()), LogPaths.LOG_DIR + "/" + f.name());
  }

  private SnapshotState finish(ReplayAccumulator acc, long version, CommitTime time) {
    if (acc.protocol() == null) {
      throw new InvalidTableException(tableRoot, "no protocol action in the log up to version " + version
          + ". The log is incomplete; restore the missing commits or checkpoint.");
    }
    if (acc.metadata() == null) {
      throw new InvalidTableException(tableRoot, "no metaData action in the log up to version " + version
          + ". The log is incomplete; restore the missing commits or checkpoint.");
    }
    ProtocolSupport.checkReadable(acc.protocol(), tableRoot);
    return acc.build(version, time.millis(), time.inCommit());
  }
}
