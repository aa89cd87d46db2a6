package io.tidelake.benchmarks;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/** Delta Kernel 4.4.0 (DefaultEngine) loading a snapshot "to the file list": getScanFiles, counted. */
final class KernelLoad {
  private KernelLoad() {}

  static Engine engine() {
    return DefaultEngine.create(new Configuration());
  }

  /** Live files of the newest version, through a fresh Table. */
  static long latest(Engine engine, String path) {
    return countScanFiles(engine, Table.forPath(engine, path).getLatestSnapshot(engine));
  }

  /** Live files of the newest version, through an existing Table (Kernel's "refresh"). */
  static long latest(Engine engine, Table table) {
    return countScanFiles(engine, table.getLatestSnapshot(engine));
  }

  static long atVersion(Engine engine, String path, long version) {
    return countScanFiles(engine, Table.forPath(engine, path).getSnapshotAsOfVersion(engine, version));
  }

  static long countScanFiles(Engine engine, Snapshot snapshot) {
    long n = 0;
    try (CloseableIterator<FilteredColumnarBatch> it = snapshot.getScanBuilder().build().getScanFiles(engine)) {
      while (it.hasNext()) {
        FilteredColumnarBatch b = it.next();
        int size = b.getData().getSize();
        Optional<ColumnVector> sel = b.getSelectionVector();
        if (sel.isEmpty()) {
          n += size;
        } else {
          ColumnVector v = sel.get();
          for (int i = 0; i < size; i++) {
            if (!v.isNullAt(i) && v.getBoolean(i)) {
              n++;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }
}
