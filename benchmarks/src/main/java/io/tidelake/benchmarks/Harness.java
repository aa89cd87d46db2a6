package io.tidelake.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Shared helpers: A/B alternation, logging to stderr, directories. */
final class Harness {
  private Harness() {}

  /** A timed action; returns a checksum so that the work cannot be optimised away. */
  interface Timed {
    long run() throws Exception;
  }

  /** Something to do before each run of a side (0 = A, 1 = B), untimed (e.g. delete its previous output). */
  interface Setup {
    void run(int side) throws Exception;
  }

  static volatile long sink;

  /**
   * Runs A and B alternately (A B A B ...): {@code warmups} untimed pairs, then {@code runs} timed pairs.
   * Alternation spreads machine noise (other builds on the same 2 cores) evenly over both sides.
   */
  static Samples[] alternate(String label, int warmups, int runs, Setup setup, Timed a, Timed b) throws Exception {
    Samples sa = new Samples();
    Samples sb = new Samples();
    for (int i = 0; i < warmups + runs; i++) {
      boolean timed = i >= warmups;
      for (int side = 0; side < 2; side++) {
        if (setup != null) {
          setup.run(side);
        }
        Timed t = side == 0 ? a : b;
        long start = System.nanoTime();
        sink += t.run();
        long ns = System.nanoTime() - start;
        if (timed) {
          (side == 0 ? sa : sb).add(ns);
        }
      }
    }
    log("%s: A %s, B %s", label, sa, sb);
    return new Samples[] {sa, sb};
  }

  static void log(String fmt, Object... args) {
    System.err.printf("  [bench] " + fmt + "%n", args);
    System.err.flush();
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long dirBytes(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
