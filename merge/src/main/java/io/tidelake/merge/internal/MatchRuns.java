package io.tidelake.merge.internal;

import io.tidelake.format.types.StructType;
import io.tidelake.merge.MergeException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The source rows a spilled MERGE's matched updates take their values from, kept on disk instead of in
 * memory (they would otherwise pile up over the spill batches, unbounded by the memory budget). After a
 * spill batch, the rows of one touched file's changes are written in the file's row order as that
 * batch's <em>run</em> for the file, and each change keeps only the number of its run. Pass 2 reads a
 * file's runs side by side while it walks the file's changes in row order: each run is in row order, so
 * the next row of a change's run is that change's row. Memory then holds one buffer per run being read,
 * not the rows. The files live in the spill directory and go with it.
 */
final class MatchRuns {
  private final Path dir;
  private final StructType schema;
  private final Map<String, Integer> fileIds = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  MatchRuns(Path dir, StructType schema) {
    this.dir = dir;
    this.schema = schema;
  }

  /** Writes the source rows {@code fc} holds as run {@code batch} of its file, then lets go of them. */
  void spill(FileChanges fc, int batch) {
    if (batch > Byte.MAX_VALUE) {
      throw new IllegalStateException("MERGE: more spill batches than runs per file: " + batch);
    }
    Path file = runFile(fc, batch);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      for (int i = 0; i < fc.n; i++) {
        if (fc.sourceRow[i] != null) {
          SpillCodec.writeRow(out, schema, fc.sourceRow[i]);
          fc.sourceRow[i] = null;
          fc.run[i] = (byte) batch;
        }
      }
      out.flush();
      bytes.addAndGet(out.size());
    } catch (IOException e) {
      throw failed(file, e);
    }
  }

  /** Reads back the rows of {@code fc}'s runs, one change after the other in row order. */
  Reader open(FileChanges fc) {
    return new Reader(fc);
  }

  /** Bytes written to run files. */
  long bytes() {
    return bytes.get();
  }

  private Path runFile(FileChanges fc, int batch) {
    int id = fileIds.computeIfAbsent(fc.file.path(), p -> fileIds.size());
    return dir.resolve("matched-" + id + "-" + batch + ".bin");
  }

  private MergeException failed(Path file, IOException e) {
    return new MergeException("MERGE: spilling matched source rows to " + file + " failed (" + e.getMessage() + "); "
        + "free disk space there or set another directory with Merge.spillDirectory(path)", e);
  }

  /** The source rows of one file's changes, in change order. */
  final class Reader implements AutoCloseable {
    private final FileChanges fc;
    private final Map<Integer, DataInputStream> runs = new HashMap<>();

    private Reader(FileChanges fc) {
      this.fc = fc;
    }

    /** The source row of change {@code i}; changes must be asked for in ascending order, each once. */
    Object[] row(int i) {
      int run = fc.run[i];
      if (run < 0) {
        return fc.sourceRow[i]; // held in memory (or none: a DELETE)
      }
      try {
        DataInputStream in = runs.get(run);
        if (in == null) { // the run's file is looked up once, when it is opened
          in = new DataInputStream(new BufferedInputStream(Files.newInputStream(runFile(fc, run)), 1 << 14));
          runs.put(run, in);
        }
        return SpillCodec.readRow(in, schema);
      } catch (IOException e) {
        throw failed(runFile(fc, run), e);
      }
    }

    @Override
    public void close() {
      for (DataInputStream in : runs.values()) {
        try {
          in.close();
        } catch (IOException ignored) {
          // a read-only stream: nothing is lost
        }
      }
    }
  }
}
