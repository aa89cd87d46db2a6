package io.tidelake.cli;

import io.tidelake.format.dv.DeletionVectors;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.Snapshot;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DeletionVectorDescriptor;
import io.tidelake.table.actions.RemoveFile;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  static Result find(ObjectStore store, Snapshot snap) {
    String root = snap.location();
    Set<String> referenced = new HashSet<>();
    for (AddFile a : snap.files()) {
      reference(store, root, a.path(), a.deletionVector(), referenced);
    }
    for (RemoveFile r : snap.tombstones()) {
      reference(store, root, r.path(), r.deletionVector(), referenced);
    }
    String log = root + "/_delta_log/";
    String changeData = root + "/_change_data/"; // CDF files: referenced by commits, not by the snapshot
    List<FileInfo> orphans = new ArrayList<>();
    BigInteger bytes = BigInteger.ZERO;
    for (FileInfo f : store.listRecursive(root)) {
      String path = f.path();
      if (path.startsWith(log)) {
        if (!(f.name().startsWith(".") && f.name().endsWith(".tmp"))) {
          continue;
        }
      } else if (referenced.contains(path) || f.name().endsWith(".crc") || path.startsWith(changeData)) {
        // .crc: Hadoop's checksum files sit beside data files; they are not the table's
        continue;
      }
      orphans.add(f);
      bytes = bytes.add(BigInteger.valueOf(f.size()));
    }
    return new Result(orphans, bytes);
  }

  private static void reference(ObjectStore store, String root, String logPath, DeletionVectorDescriptor dv,
      Set<String> referenced) {
    try {
      referenced.add(io.tidelake.table.Table.resolvePath(store, root, logPath));
    } catch (RuntimeException e) {
      // an unsafe or external path is not under the root, so it cannot match a listed file anyway
    }
    if (dv != null && dv.storageType().equals("u")) {
      try {
        referenced.add(store.resolve(root, DeletionVectors.relativeFilePath(dv.pathOrInlineDv())));
      } catch (RuntimeException e) {
        // a malformed descriptor names no file
      }
    }
  }
}
