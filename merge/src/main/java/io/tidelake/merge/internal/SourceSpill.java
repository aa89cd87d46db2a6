package io.tidelake.merge.internal;

import io.tidelake.format.types.StructType;
import io.tidelake.merge.MergeException;
import io.tidelake.merge.MergeMemoryException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The MERGE source spilled to disk for a grace hash join: each row goes to one of {@link #PARTITIONS}
 * files by the hash of its join key ({@link #partitionOf}) (rows with a NULL key, which never match, to partition 0), with its
 * position in the source. The MERGE then joins one batch of consecutive partitions at a time: a batch is
 * as many partitions as fit the memory budget together, and a target row takes part only in the batch
 * holding its key's partition, so every pair the ON equalities allow is still seen exactly once. The
 * directory is deleted on {@link #close}.
 */
final class SourceSpill implements AutoCloseable {
  static final int PARTITIONS = 64;

  private final Path dir;
  private final StructType schema;
  private final DataOutputStream[] outs = new DataOutputStream[PARTITIONS];
  /** Estimated heap bytes of each partition once loaded. */
  private final long[] heapBytes = new long[PARTITIONS];
  private long nanos;

  SourceSpill(Path parent, StructType schema) {
    this.schema = schema;
    long start = System.nanoTime();
    try {
      Files.createDirectories(parent);
      this.dir = Files.createTempDirectory(parent, "tidelake-merge-spill-");
    } catch (IOException e) {
      throw new MergeException("MERGE: cannot create a spill directory under " + parent + " (" + e.getMessage()
          + "); set a writable one with Merge.spillDirectory(path)", e);
    }
    nanos += System.nanoTime() - start;
  }

  /** The partition of a join key hash ({@link JoinKeys#hash}): its high bits (the hash index uses the low ones). */
  static int partitionOf(long keyHash) {
    return (int) (keyHash >>> (64 - Integer.numberOfTrailingZeros(PARTITIONS)));
  }

  /** Writes source row {@code ordinal} to partition {@code p}. */
  void add(long ordinal, Object[] row, int p, long estimate) {
    long start = System.nanoTime();
    try {
      if (outs[p] == null) {
        outs[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(p)), 1 << 16));
      }
      outs[p].writeLong(ordinal);
      SpillCodec.writeRow(outs[p], schema, row);
    } catch (IOException e) {
      throw spillFailed(e);
    }
    heapBytes[p] += estimate;
    nanos += System.nanoTime() - start;
  }

  /** Closes the partition files once the whole source is written. */
  void finish() {
    long start = System.nanoTime();
    try {
      for (DataOutputStream o : outs) {
        if (o != null) {
          o.close();
        }
      }
    } catch (IOException e) {
      throw spillFailed(e);
    }
    nanos += System.nanoTime() - start;
  }

  /**
   * Consecutive partition ranges {@code [from, to)} whose rows fit {@code budget} together; a partition
   * bigger than the budget on its own is a range of its own (see {@link #load}).
   */
  List<int[]> batches(long budget) {
    List<int[]> out = new ArrayList<>();
    int from = 0;
    long sum = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      if (p > from && sum + heapBytes[p] > budget) {
        out.add(new int[] {from, p});
        from = p;
        sum = 0;
      }
      sum += heapBytes[p];
    }
    out.add(new int[] {from, PARTITIONS});
    return out;
  }

  /**
   * The rows of partitions {@code [from, to)} as an in-memory hash table. A single partition above the
   * budget (a heavily repeated key) is still loaded while it stays under a quarter of the heap, which
   * is what a budget exists to protect; above that it fails with a typed error rather than run out of memory.
   */
  SourceTable load(int from, int to, BoundMerge m, long budget) {
    long sum = 0;
    for (int p = from; p < to; p++) {
      sum += heapBytes[p];
    }
    long hardLimit = Math.max(budget, Runtime.getRuntime().maxMemory() / 4);
    if (sum > hardLimit) {
      throw new MergeMemoryException(sum, hardLimit, "one spill partition of the source (its join keys repeat too "
          + "often, or ON has no column equality t.x = s.y to partition by) needs more than");
    }
    long start = System.nanoTime();
    SourceTable t = new SourceTable(m);
    read(from, to, t::addSpilled);
    t.index();
    nanos += System.nanoTime() - start;
    return t;
  }

  /** What {@link #forEachRow} hands each spilled row to: its position in the source and its values. */
  interface RowVisitor {
    void accept(long position, Object[] row);
  }

  /**
   * Streams every spilled row once, partition by partition, holding none of them: for the anti-join,
   * which only asks of each source row whether some target row matched it. Not counted in {@link #nanos}:
   * the pass is interleaved with writing the inserts, and counts as the MERGE's rewrite time.
   */
  void forEachRow(RowVisitor visitor) {
    read(0, PARTITIONS, visitor);
  }

  private void read(int from, int to, RowVisitor visitor) {
    try {
      for (int p = from; p < to; p++) {
        if (!Files.exists(file(p))) {
          continue;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file(p)), 1 << 16))) {
          while (true) {
            long ordinal;
            try {
              ordinal = in.readLong();
            } catch (EOFException end) {
              break;
            }
            visitor.accept(ordinal, SpillCodec.readRow(in, schema));
          }
        }
      }
    } catch (IOException e) {
      throw spillFailed(e);
    }
  }

  /** The spill's own temporary directory (deleted with everything in it on {@link #close}). */
  Path directory() {
    return dir;
  }

  /** Bytes written to the spill files. */
  long bytes() {
    long n = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      try {
        n += Files.exists(file(p)) ? Files.size(file(p)) : 0;
      } catch (IOException e) {
        throw spillFailed(e);
      }
    }
    return n;
  }

  /** Time spent writing and reading the spill files. */
  long nanos() {
    return nanos;
  }

  private Path file(int p) {
    return dir.resolve("part-" + p + ".bin");
  }

  private MergeException spillFailed(IOException e) {
    return new MergeException("MERGE: spilling the source to " + dir + " failed (" + e.getMessage() + "); free disk "
        + "space there or set another directory with Merge.spillDirectory(path)", e);
  }

  @Override
  public void close() {
    for (DataOutputStream o : outs) {
      try {
        if (o != null) {
          o.close();
        }
      } catch (IOException ignored) {
        // deleting the file below is what matters
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("MERGE: could not delete the spill directory " + dir, e);
    }
  }
}
