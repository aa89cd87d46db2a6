package io.tidelake.benchmarks;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.table.CommitResult;
import io.tidelake.table.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * update: UPDATE and DELETE of 1 % of the rows, spread over every one of 20 files (so every file is
 * touched), with deletion vectors against copy-on-write, on copies of the same table, alternating. Each
 * operation's time and the bytes it wrote are reported, with the ratio CoW / DV (goal: DV ≥ 5× faster).
 * Then the read cost of deletion vectors: a full scan of the table after the DV delete against a scan of
 * the same rows without vectors (the CoW delete's result) — goal ≤ 10 % more.
 */
final class UpdateBenchmark {
  private UpdateBenchmark() {}

  static final int FILES = 20;

  static void run(Settings s, PrintStream out) throws Exception {
    long n = s.appendRows();
    Path dir = s.work().resolve("update");
    Harness.deleteTree(dir);
    try {
      Path cowBase = build(dir.resolve("base-cow"), n, false);
      Path dvBase = build(dir.resolve("base-dv"), n, true);
      int runs = Math.max(1, s.runs() - 2);
      Path cow = dir.resolve("cow");
      Path dv = dir.resolve("dv");
      for (String op : new String[] {"update", "delete"}) {
        long[] written = new long[2];
        long[] changed = new long[2];
        Samples[] t = Harness.alternate("update op=" + op, s.warmups(), runs,
            side -> copy(side == 0 ? dvBase : cowBase, side == 0 ? dv : cow),
            () -> {
              long before = Harness.dirBytes(dv);
              changed[0] = apply(dv, op);
              written[0] = Harness.dirBytes(dv) - before;
              return changed[0];
            },
            () -> {
              long before = Harness.dirBytes(cow);
              changed[1] = apply(cow, op);
              written[1] = Harness.dirBytes(cow) - before;
              return changed[1];
            });
        if (changed[0] != changed[1] || changed[0] != n / 100) {
          throw new IllegalStateException("update " + op + ": DV changed " + changed[0] + " rows, CoW " + changed[1]
              + ", expected " + n / 100);
        }
        new Result("update").put("op", op).put("rows", n).put("files", FILES).put("changed", changed[0])
            .put("dv_ms", t[0].medianMs()).put("cow_ms", t[1].medianMs())
            .put("dv_bytes_written", written[0]).put("cow_bytes_written", written[1])
            .ratio("ratio", t[1].medianNs() / t[0].medianNs()).print(out);
      }
      // read cost of deletion vectors: same live rows, with and without vectors
      copy(dvBase, dv);
      copy(cowBase, cow);
      apply(dv, "delete");
      apply(cow, "delete");
      long[] rows = new long[2];
      Samples[] scan = Harness.alternate("update scan-with-dv", s.warmups() + 1, s.runs(), null,
          () -> rows[0] = scan(dv), () -> rows[1] = scan(cow));
      if (rows[0] != rows[1] || rows[0] != n - n / 100) {
        throw new IllegalStateException("scan after delete: DV " + rows[0] + " rows, CoW " + rows[1]);
      }
      new Result("update").put("op", "scan_after_delete").put("rows", rows[0])
          .put("dv_ms", scan[0].medianMs()).put("plain_ms", scan[1].medianMs())
          .ratio("overhead", scan[0].medianNs() / scan[1].medianNs()).print(out);
    } finally {
      Harness.deleteTree(dir);
    }
  }

  /** A non-partitioned table of {@code n} event rows in 20 files. */
  private static Path build(Path dir, long n, boolean dv) {
    try (Table t = Table.create(dir.toString()).schema(Events.SCHEMA)
        .property("delta.enableDeletionVectors", String.valueOf(dv)).create()) {
      for (int f = 0; f < FILES; f++) {
        t.newAppend().addRows(Events.rows(n * f / FILES, n * (f + 1) / FILES, n)).commit();
      }
    }
    return dir;
  }

  /** The operation on a table; returns the rows it changed (every 100th id: 1 %, in every file). */
  private static long apply(Path dir, String op) {
    try (Table t = Table.open(dir.toString())) {
      CommitResult r = op.equals("update")
          ? t.newUpdate().set("amount", "amount * 1.1").where("id % 100 = 7").commit()
          : t.newDelete().where("id % 100 = 13").commit();
      return Long.parseLong(r.metrics().get(op.equals("update") ? "numUpdatedRows" : "numDeletedRows"));
    }
  }

  private static long scan(Path dir) {
    long rows = 0;
    long h = 0;
    try (Table t = Table.open(dir.toString()); CloseableIterator<Row> it = t.newScan().rows()) {
      while (it.hasNext()) {
        Row r = it.next();
        h += (Long) r.get(0) + (r.get(3) == null ? 0 : 31);
        rows++;
      }
    }
    Harness.sink += h;
    return rows;
  }

  /** Copies a table directory (a fresh copy for every timed run). */
  static void copy(Path from, Path to) {
    Harness.deleteTree(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
