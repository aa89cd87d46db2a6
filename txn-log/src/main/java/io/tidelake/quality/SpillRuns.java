package io.tidelake.quality;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorted runs of (key bytes, count, first row) on disk, and their k-way merge: the spill of
 * {@link Occurrences}. Within a run keys are distinct and ascending (unsigned lexicographic order); the
 * merge adds up the counts of a key found in several runs and keeps its smallest first row. More runs
 * than {@link #FAN_IN} are merged in rounds, so open files stay bounded too.
 */
final class SpillRuns {
  static final int FAN_IN = 64;
  private static final int BUFFER = 64 << 10;

  private SpillRuns() {}

  /** Receives merged records in key order. */
  interface Sink {
    void accept(byte[] key, long count, long firstRow) throws IOException;
  }

  /** Writes one run; records must come in ascending key order, each key once. */
  static final class Writer implements AutoCloseable {
    private final DataOutputStream out;

    Writer(Path file) throws IOException {
      out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    void write(byte[] key, long count, long firstRow) throws IOException {
      out.writeInt(key.length);
      out.write(key);
      out.writeLong(count);
      out.writeLong(firstRow);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static final class Reader implements AutoCloseable {
    private final DataInputStream in;
    byte[] key;
    long count;
    long firstRow;

    Reader(Path file) throws IOException {
      in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
    }

    /** Moves to the next record; false at the end of the run. */
    boolean advance() throws IOException {
      int n;
      try {
        n = in.readInt();
      } catch (EOFException e) {
        key = null;
        return false;
      }
      key = new byte[n];
      in.readFully(key);
      count = in.readLong();
      firstRow = in.readLong();
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Merges {@code runs} (deleting the intermediate runs it makes; {@code newRun} names them) and feeds each
   * distinct key once, in ascending order, to {@code sink}.
   */
  static void merge(List<Path> runs, java.util.concurrent.Callable<Path> newRun, Sink sink) throws IOException {
    List<Path> left = new ArrayList<>(runs);
    while (left.size() > FAN_IN) {
      List<Path> round = new ArrayList<>(left.subList(0, FAN_IN));
      left.subList(0, FAN_IN).clear();
      Path out;
      try {
        out = newRun.call();
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
      try (Writer w = new Writer(out)) {
        mergeOnce(round, w::write);
      }
      for (Path p : round) {
        Files.deleteIfExists(p);
      }
      left.add(out);
    }
    mergeOnce(left, sink);
  }

  private static void mergeOnce(List<Path> runs, Sink sink) throws IOException {
    PriorityQueue<Reader> queue = new PriorityQueue<>(Math.max(1, runs.size()),
        (a, b) -> Arrays.compareUnsigned(a.key, b.key));
    List<Reader> open = new ArrayList<>();
    try {
      for (Path p : runs) {
        Reader r = new Reader(p);
        open.add(r);
        if (r.advance()) {
          queue.add(r);
        }
      }
      while (!queue.isEmpty()) {
        Reader r = queue.poll();
        byte[] key = r.key;
        long count = r.count;
        long first = r.firstRow;
        if (r.advance()) {
          queue.add(r);
        }
        while (!queue.isEmpty() && Arrays.equals(queue.peek().key, key)) {
          Reader same = queue.poll();
          count += same.count;
          first = Math.min(first, same.firstRow);
          if (same.advance()) {
            queue.add(same);
          }
        }
        sink.accept(key, count, first);
      }
    } finally {
      for (Reader r : open) {
        r.close();
      }
    }
  }
}
