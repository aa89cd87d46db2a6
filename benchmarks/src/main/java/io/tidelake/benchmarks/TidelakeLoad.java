package io.tidelake.benchmarks;

import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.replay.SnapshotState;

/** Tidelake loading a snapshot "to the file list": {@code Snapshot.files()}, iterated and counted. */
final class TidelakeLoad {
  private TidelakeLoad() {}

  /** The public API a user calls: open the table, take its snapshot, list its files. */
  static long latest(String path) {
    return count(Table.open(path).snapshot());
  }

  /** An already open table's newest snapshot (incremental refresh when others committed). */
  static long latest(Table table) {
    return count(table.snapshot());
  }

  /** Time travel through the public API (Table.open also loads the newest version first). */
  static long atVersion(String path, long version) {
    return count(Table.open(path).snapshotAt(version));
  }

  /** The load alone, without Table.open's eager newest-version load: internal API, for diagnosis. */
  static long latestInternal(String path) {
    SnapshotState s = new TableContext(new LocalObjectStore(), path).snapshots().latest();
    return count(s.files().values());
  }

  static long atVersionInternal(String path, long version) {
    SnapshotState s = new TableContext(new LocalObjectStore(), path).snapshots().at(version);
    return count(s.files().values());
  }

  static long count(Snapshot s) {
    return count(s.files());
  }

  private static long count(Iterable<AddFile> files) {
    long n = 0;
    long h = 0;
    for (AddFile f : files) {
      h += f.size();
      n++;
    }
    Harness.sink += h;
    return n;
  }
}
