package io.tidelake.merge.internal;

import io.tidelake.merge.MergeProgress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Where a MERGE is (phase, files and bytes done of the phase, source rows read, rows written), reported to
 * the caller's listener after each step; writer threads report concurrently, so the listener is called under
 * a lock. Without a listener nothing is built.
 */
final class MergeProgressTracker {
  private final Consumer<MergeProgress> listener;
  private final LongSupplier rowsWritten;
  private volatile String phase = "reading source";
  private volatile long phaseFiles;
  private final AtomicLong phaseFilesDone = new AtomicLong();
  private final AtomicLong phaseBytesDone = new AtomicLong();
  private volatile long sourceRowsRead;

  MergeProgressTracker(Consumer<MergeProgress> listener, LongSupplier rowsWritten) {
    this.listener = listener;
    this.rowsWritten = rowsWritten;
  }

  void phase(String name, long files) {
    phase = name;
    phaseFiles = files;
    phaseFilesDone.set(0);
    phaseBytesDone.set(0);
    report();
  }

  void fileDone(long bytes) {
    phaseFilesDone.incrementAndGet();
    phaseBytesDone.addAndGet(bytes);
    report();
  }

  void sourceRowsRead(long rows) {
    sourceRowsRead = rows;
  }

  void report() {
    if (listener == null) {
      return;
    }
    synchronized (listener) {
      listener.accept(new MergeProgress(phase, phaseFilesDone.get(), phaseFiles, phaseBytesDone.get(),
          sourceRowsRead, rowsWritten.getAsLong()));
    }
  }
}
