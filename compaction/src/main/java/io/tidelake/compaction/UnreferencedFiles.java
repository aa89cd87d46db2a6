package io.tidelake.compaction;

import io.tidelake.format.dv.DeletionVectors;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DeletionVectorDescriptor;
import io.tidelake.table.actions.RemoveFile;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which files under a table root the log still needs, for vacuum and for {@code tide describe --orphans}:
 * a live file of the snapshot, a file removed by a commit whose tombstone is still kept (time travel to
 * older versions reads it), and the deletion vector files of both.
 *
 * <p>{@link #isHidden} is Delta's rule for paths vacuum must not touch: a path segment starting with
 * {@code .} or with {@code _} (unless it is a partition directory {@code _col=value}) is hidden, except
 * {@code _change_data}, whose change data files are the table's and expire like removed files.
 */
public final class UnreferencedFiles {
  public static final String CHANGE_DATA_DIR = "_change_data";
  public static final String LOG_DIR = "_delta_log";

  private final Set<String> referenced;

  private UnreferencedFiles(Set<String> referenced) {
    this.referenced = referenced;
  }

  /**
   * The files {@code snap} references, with the tombstones removed at or after {@code tombstonesSince}
   * (epoch ms; {@code Long.MIN_VALUE} for every tombstone the snapshot keeps).
   */
  public static UnreferencedFiles of(ObjectStore store, Snapshot snap, long tombstonesSince) {
    String root = snap.location();
    Set<String> referenced = new HashSet<>();
    for (AddFile a : snap.files()) {
      reference(store, root, a.path(), a.deletionVector(), referenced);
    }
    for (RemoveFile r : snap.tombstones()) {
      if (r.deletionTimestamp() == null || r.deletionTimestamp() >= tombstonesSince) {
        reference(store, root, r.path(), r.deletionVector(), referenced);
      }
    }
    return new UnreferencedFiles(referenced);
  }

  /** Whether the store location {@code path} is referenced. */
  public boolean isReferenced(String path) {
    return referenced.contains(path);
  }

  /** The listed files below {@code root} that are not referenced (hidden ones included; filter with isHidden). */
  public List<FileInfo> unreferenced(List<FileInfo> listing) {
    return listing.stream().filter(f -> !referenced.contains(f.path())).toList();
  }

  /**
   * The files of the table's live (unexpired) staged commits (write-audit-publish): not referenced by the log
   * until published, but needed by the publish. Expired ones may go; their publish is refused anyway.
   */
  public static Set<String> stagedFiles(Table table, Snapshot snapshot) {
    Set<String> out = new HashSet<>();
    Map<String, String> properties = snapshot.properties(); // the caller's snapshot: no log read per staged commit
    for (io.tidelake.table.StagedCommit s : table.stagedCommits()) {
      if (!s.expired(properties)) {
        s.dataFiles().forEach(d -> out.add(canonical(d)));
      }
    }
    return out;
  }

  /** A local location with or without its {@code file:} scheme is one file. */
  public static String canonical(String location) {
    if (location.startsWith("file:")) {
      try {
        return java.nio.file.Path.of(java.net.URI.create(location)).toString();
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        return location.substring("file:".length());
      }
    }
    return location;
  }

  /**
   * Whether {@code relativePath} (below the table root) is hidden from vacuum by Delta's rule: a segment
   * starting with {@code .}, or with {@code _} and not a partition directory, other than a leading
   * {@code _change_data}.
   */
  public static boolean isHidden(String relativePath) {
    String[] segments = relativePath.split("/");
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (i == 0 && s.equals(CHANGE_DATA_DIR) && segments.length > 1) {
        continue;
      }
      boolean dir = i < segments.length - 1;
      if (s.startsWith(".") || (s.startsWith("_") && !(dir && s.contains("=")))) {
        return true;
      }
    }
    return false;
  }

  private static void reference(ObjectStore store, String root, String logPath, DeletionVectorDescriptor dv,
      Set<String> referenced) {
    try {
      referenced.add(Table.resolvePath(store, root, logPath));
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
