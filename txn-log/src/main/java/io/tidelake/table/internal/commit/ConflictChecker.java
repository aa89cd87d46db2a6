package io.tidelake.table.internal.commit;

import io.tidelake.table.ConflictException;
import io.tidelake.table.ConflictException.Kind;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.table.internal.DataPaths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a transaction that lost the race for a version may be rebased onto the winning commit,
 * by the rules of delta-spark's ConflictChecker, in its order: protocol, metadata, domains, txn ids,
 * concurrent appends into what was read, concurrent deletes of what was read, delete-delete.
 *
 * <p>Isolation: SERIALIZABLE (Tidelake's default, the {@code delta.isolationLevel} table property's
 * only legal value) counts every concurrent data add; WRITE_SERIALIZABLE (opt-in per transaction) ignores
 * the winner's blind appends unless this transaction changes metadata, as Spark's default does.
 */
public final class ConflictChecker {

  public enum Isolation { SERIALIZABLE, WRITE_SERIALIZABLE }

  private ConflictChecker() {}

  /**
   * @param ours this transaction's actions (no commitInfo needed)
   * @param winner the actions of the commit that took {@code winningVersion}
   * @throws ConflictException when rebasing would break what this transaction relied on
   */
  public static void check(ReadSet reads, List<Action> ours, List<Action> winner, long winningVersion, Isolation isolation) {
    check(null, reads, ours, winner, winningVersion, isolation);
  }

  /**
   * As above, matching file paths by their canonical spelling under {@code root} (another engine may
   * spell a file it removes differently from the add this transaction read); null: exact strings.
   */
  public static void check(String root, ReadSet reads, List<Action> ours, List<Action> winner, long winningVersion,
      Isolation isolation) {
    java.util.function.UnaryOperator<String> key = root == null ? p -> p : p -> DataPaths.canonical(root, p);
    Set<String> readPaths = new HashSet<>();
    for (String p : reads.readPaths()) {
      readPaths.add(key.apply(p));
    }
    Set<String> ourRemoves = new HashSet<>();
    Set<String> ourDomains = new HashSet<>();
    boolean ourMetadataChange = false;
    Set<String> ourAppIds = new HashSet<>(reads.appIds());
    for (Action a : ours) {
      if (a instanceof RemoveFile r) {
        ourRemoves.add(key.apply(r.path()));
      } else if (a instanceof DomainMetadata d) {
        ourDomains.add(d.domain());
      } else if (a instanceof Metadata || a instanceof Protocol) {
        ourMetadataChange = true;
      } else if (a instanceof SetTransaction t) {
        ourAppIds.add(t.appId());
      }
    }
    boolean winnerBlind = false;
    for (Action a : winner) {
      if (a instanceof CommitInfo ci && Boolean.TRUE.equals(ci.isBlindAppend())) {
        winnerBlind = true;
      }
    }
    for (Action a : winner) {
      if (a instanceof Protocol) {
        throw new ConflictException(Kind.PROTOCOL_CHANGED, winningVersion, reads.readVersion() < 0
            ? "another writer created the table at the same time."
            : "the table protocol was changed.");
      }
    }
    for (Action a : winner) {
      if (a instanceof Metadata) {
        throw new ConflictException(Kind.METADATA_CHANGED, winningVersion,
            "the table metadata (schema, partitioning or properties) was changed.");
      }
    }
    for (Action a : winner) {
      if (a instanceof DomainMetadata d && ourDomains.contains(d.domain())) {
        throw new ConflictException(Kind.CONCURRENT_DOMAIN, winningVersion,
            "both transactions changed the metadata domain '" + d.domain() + "'.");
      }
      if (a instanceof SetTransaction t && ourAppIds.contains(t.appId())) {
        throw new ConflictException(Kind.CONCURRENT_TRANSACTION, winningVersion, "the application '" + t.appId()
            + "' committed txn version " + t.version() + " concurrently (two copies of the same job?).");
      }
    }
    boolean countAdds = isolation == Isolation.SERIALIZABLE || !winnerBlind || ourMetadataChange;
    if (countAdds && (reads.wholeTable() || reads.readPredicate() != null)) {
      for (Action a : winner) {
        if (a instanceof AddFile add && add.dataChange()
            && (reads.wholeTable() || reads.readPredicate().test(add))) {
          throw new ConflictException(Kind.CONCURRENT_APPEND, winningVersion, "a file was added to data this "
              + "transaction read" + (reads.wholeTable() ? " (it read the whole table)" : "") + ": " + add.path()
              + " " + add.partitionValues() + ".");
        }
      }
    }
    for (Action a : winner) {
      if (a instanceof RemoveFile r) {
        String removed = key.apply(r.path());
        if (readPaths.contains(removed) || (reads.wholeTable() && r.dataChange())) {
          throw new ConflictException(Kind.CONCURRENT_DELETE_READ, winningVersion,
              "a file this transaction read was removed: " + r.path() + ".");
        }
        if (ourRemoves.contains(removed)) {
          throw new ConflictException(Kind.CONCURRENT_DELETE_DELETE, winningVersion,
              "both transactions removed the file " + r.path() + ".");
        }
      }
    }
  }
}
