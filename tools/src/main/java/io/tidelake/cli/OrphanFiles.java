package io.tidelake.cli;

import io.tidelake.compaction.UnreferencedFiles;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.Snapshot;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Files under a table root that the log does not reference: what a killed write leaves behind (partial
 * and complete data files, {@code _delta_log/.*.tmp} files of an interrupted commit). Nothing else
 * reports them, and vacuum only removes them after the retention period.
 *
 * <p>Referenced means: a live file of the snapshot, or a file removed by an earlier commit whose
 * tombstone is still kept (time travel to older versions reads it), or one of their deletion vector
 * files. {@code _delta_log} holds the log itself and is skipped, except hidden {@code .tmp} files there,
 * which are always leftovers of a commit that did not finish. {@code _change_data} (change data feed
 * files, which commits reference but snapshots do not) and {@code .crc} checksums are skipped too.
 */
final class OrphanFiles {
  record Result(List<FileInfo> files, BigInteger bytes) {}

  private OrphanFiles() {}

  /** @param staged canonical locations of live staged commits' files (not orphans: a publish needs them) */
  static Result find(ObjectStore store, Snapshot snap, java.util.Set<String> staged) {
    String root = snap.location();
    UnreferencedFiles refs = UnreferencedFiles.of(store, snap, Long.MIN_VALUE); // every tombstone kept
    String log = root + "/" + UnreferencedFiles.LOG_DIR + "/";
    String changeData = root + "/" + UnreferencedFiles.CHANGE_DATA_DIR + "/"; // referenced by commits, not snapshots
    List<FileInfo> orphans = new ArrayList<>();
    BigInteger bytes = BigInteger.ZERO;
    for (FileInfo f : store.listRecursive(root)) {
      String path = f.path();
      if (path.startsWith(log)) {
        if (!(f.name().startsWith(".") && f.name().endsWith(".tmp"))) {
          continue;
        }
      } else if (refs.isReferenced(path) || f.name().endsWith(".crc") || path.startsWith(changeData)
          || staged.contains(UnreferencedFiles.canonical(path))) {
        // .crc: Hadoop's checksum files sit beside data files; they are not the table's
        continue;
      }
      orphans.add(f);
      bytes = bytes.add(BigInteger.valueOf(f.size()));
    }
    return new Result(orphans, bytes);
  }
}
