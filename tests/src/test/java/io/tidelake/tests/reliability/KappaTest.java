package io.tidelake.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.stream.Trigger;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kappa claim: one windowed job (with a late table) gives the same sink and late tables whether it
 * runs (a) once with availableNow over all history, (b) as several availableNow runs while a writer
 * appends, or (c) as an interval stream in a separate JVM killed with SIGKILL in the middle of a batch and
 * restarted — row for row equal to a direct computation with the same batch boundaries (one source commit
 * per batch) and Spark's watermark rule. In (b) and (c) the late rows are compared without their batch id:
 * a run may add a no-data batch (which closes windows, changing no watermark) wherever it stopped or idled.
 */
class KappaTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, user string, amount long, ts timestamp");
  static final long MIN = 60_000;
  static final int COMMITS = 14;

  @TempDir
  Path dir;

  /** Commits of events whose times mostly advance, with stragglers far behind (late) and a few nulls. */
  static List<List<Row>> commits(long seed) {
    Random r = new Random(seed);
    List<List<Row>> out = new ArrayList<>();
    long id = 0;
    long clock = 1_000 * MIN;
    for (int c = 0; c < COMMITS; c++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        long t = clock + r.nextInt((int) (8 * MIN));
        if (r.nextInt(8) == 0) {
          t -= (10 + r.nextInt(40)) * MIN;
        }
        Instant ts = r.nextInt(60) == 0 ? null : Instant.ofEpochMilli(t);
        rows.add(Row.of(SCHEMA, id++, "u" + r.nextInt(3), (long) r.nextInt(100), ts));
      }
      clock += 6 * MIN;
      out.add(rows);
    }
    return out;
  }

  record Expected(List<String> sink, List<String> late) {}

  /**
   * The direct computation, batch by batch: rows of batch k count in their window unless the watermark
   * of batch k (newest event time of batches before k, minus the delay) passed its end, in which case they
   * are late; windows the watermark passed are emitted once; a final no-data batch closes what it can.
   */
  static Expected model(List<List<Row>> commits) {
    long size = KappaStreamWorker.SIZE.toMillis();
    long delay = KappaStreamWorker.DELAY.toMillis();
    Map<String, long[]> state = new TreeMap<>();
    List<String> sink = new ArrayList<>();
    List<String> late = new ArrayList<>();
    long w = 0;
    for (int batch = 0; batch <= commits.size(); batch++) {
      List<Row> rows = batch < commits.size() ? commits.get(batch) : List.of();
      long maxT = Long.MIN_VALUE;
      for (Row r : rows) {
        Instant ts = r.getTimestamp(3);
        if (ts == null) {
          late.add(r.getLong(0) + "|" + w + "|" + batch + "|null");
          continue;
        }
        long t = ts.toEpochMilli();
        maxT = Math.max(maxT, t);
        long start = Math.floorDiv(t, size) * size;
        if (start + size > w) {
          long[] a = state.computeIfAbsent(start + "|" + r.getString(1), k -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
          a[0]++;
          a[1] += r.getLong(2);
          a[2] = Math.min(a[2], r.getLong(2));
          a[3] = Math.max(a[3], r.getLong(2));
        } else {
          late.add(r.getLong(0) + "|" + w + "|" + batch + "|" + (w - t));
        }
      }
      long wm = w;
      state.entrySet().removeIf(e -> {
        long start = Long.parseLong(e.getKey().split("\\|")[0]);
        if (start + size > wm) {
          return false;
        }
        long[] a = e.getValue();
        sink.add(start + "|" + (start + size) + "|" + e.getKey().split("\\|")[1] + "|" + a[0] + "|" + a[1] + "|"
            + a[2] + "|" + a[3] + "|" + ((double) a[1] / a[0]));
        return true;
      });
      if (maxT != Long.MIN_VALUE) {
        w = Math.max(w, maxT - delay);
      }
    }
    sink.sort(null);
    late.sort(null);
    return new Expected(sink, late);
  }

  static List<String> sinkLines(String location) {
    if (!Table.exists(io.tidelake.format.store.ObjectStores.forLocation(location, Map.of()), location)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (Table t = Table.open(location)) {
      for (Row r : t.newScan().toList()) {
        out.add(r.getTimestamp(0).toEpochMilli() + "|" + r.getTimestamp(1).toEpochMilli() + "|" + r.getString(2) + "|"
            + r.getLong(3) + "|" + r.getLong(4) + "|" + r.getLong(5) + "|" + r.getLong(6) + "|" + r.getDouble(7));
      }
    }
    out.sort(null);
    return out;
  }

  static List<String> lateLines(String location, boolean withBatchId) {
    List<String> out = new ArrayList<>();
    try (Table t = Table.open(location)) {
      for (Row r : t.newScan().toList()) {
        out.add(r.getLong("id") + "|" + r.getTimestamp("_watermark").toEpochMilli() + "|"
            + (withBatchId ? r.getLong("_batch_id") : "*") + "|" + r.get("_late_by_ms"));
      }
    }
    out.sort(null);
    return out;
  }

  static List<String> withoutBatchId(List<String> late) {
    return late.stream().map(l -> {
      String[] p = l.split("\\|");
      return p[0] + "|" + p[1] + "|*|" + p[3];
    }).sorted().toList();
  }

  private static Table source(String location) {
    return Table.create(location).schema(SCHEMA).create();
  }

  @Test
  void oneJobSameTablesAsBatchAsIncrementalRunsAndAsAKilledStream() throws Exception {
    List<List<Row>> commits = commits(7);
    Expected expected = model(commits);
    assertThat(expected.late()).hasSizeGreaterThan(5);
    assertThat(expected.sink()).hasSizeGreaterThan(20);

    // (a) all history at once
    String a = dir.resolve("a").toString();
    try (Table src = source(dir.resolve("src-a").toString())) {
      commits.forEach(c -> src.newAppend().addRows(c).commit());
      KappaStreamWorker.query(src, a, Trigger.availableNow()).start().awaitTermination();
    }
    assertThat(sinkLines(a + "/sink")).isEqualTo(expected.sink());
    assertThat(lateLines(a + "/late", true)).isEqualTo(expected.late());

    // (b) availableNow runs, one after another, while a writer thread appends
    String b = dir.resolve("b").toString();
    try (Table src = source(dir.resolve("src-b").toString())) {
      src.newAppend().addRows(commits.get(0)).commit(); // the job starts at version 1
      java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
      Thread writer = new Thread(() -> {
        for (int i = 1; i < COMMITS; i++) {
          if (i == COMMITS - 1) { // the last commit waits for a finished run, so a later run must read it
            long until = System.nanoTime() + 60_000_000_000L;
            while (finished.get() == 0 && System.nanoTime() < until) {
              sleep(5);
            }
          }
          src.newAppend().addRows(commits.get(i)).commit();
          sleep(40);
        }
      });
      writer.start();
      int runs = 0;
      try {
        while (writer.isAlive() || runs == 0) {
          KappaStreamWorker.query(src, b, Trigger.availableNow()).start().awaitTermination();
          runs++;
          finished.set(runs);
        }
      } finally {
        writer.join();
      }
      KappaStreamWorker.query(src, b, Trigger.availableNow()).start().awaitTermination();
      assertThat(runs).isGreaterThan(1);
    }
    assertThat(sinkLines(b + "/sink")).isEqualTo(expected.sink());
    assertThat(lateLines(b + "/late", false)).isEqualTo(withoutBatchId(expected.late()));

    // (c) an interval stream in another JVM, SIGKILLed mid-batch, restarted
    String c = dir.resolve("c").toString();
    String srcC = dir.resolve("src-c").toString();
    try (Table src = source(srcC)) {
      src.newAppend().addRows(commits.get(0)).commit(); // the job starts at version 1
      Process first = child(srcC, c, dir.resolve("child-1.log"), "-Dtidelake.test.stallAfterOffsetsOfBatch=2");
      try {
        int next = 1;
        for (; next < COMMITS / 2; next++) {
          src.newAppend().addRows(commits.get(next)).commit();
          sleep(200);
        }
        // wait for a batch that is planned (offsets/N written) but not committed (no commits/N), then kill
        Path cp = Path.of(c, "cp");
        long deadline = System.nanoTime() + 20_000_000_000L;
        boolean midBatch = false;
        while (!midBatch && System.nanoTime() < deadline) {
          long planned = last(cp.resolve("offsets"));
          midBatch = planned >= 2 && planned > last(cp.resolve("commits"));
          if (midBatch) {
            first.destroyForcibly().waitFor();
          } else if (planned < 0 || planned == last(cp.resolve("commits"))) {
            if (next < COMMITS) {
              src.newAppend().addRows(commits.get(next++)).commit();
            }
            Thread.sleep(5);
          }
        }
        assertThat(midBatch).as("killed between a batch's offsets and its commit").isTrue();
        assertThat(first.isAlive()).isFalse();
        Process second = child(srcC, c, dir.resolve("child-2.log"));
        try {
          for (; next < COMMITS; next++) {
            src.newAppend().addRows(commits.get(next)).commit();
            sleep(100);
          }
          long until = System.nanoTime() + 30_000_000_000L;
          while (!sinkLines(c + "/sink").equals(expected.sink()) && System.nanoTime() < until) {
            assertThat(second.isAlive()).as("the restarted stream runs: see child-2.log").isTrue();
            Thread.sleep(200);
          }
        } finally {
          second.destroyForcibly().waitFor();
        }
      } finally {
        first.destroyForcibly().waitFor();
      }
    }
    assertThat(sinkLines(c + "/sink")).isEqualTo(expected.sink());
    assertThat(lateLines(c + "/late", false)).isEqualTo(withoutBatchId(expected.late()));
  }

  /** The highest batch number file in a checkpoint folder, or -1. */
  private static long last(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return -1;
    }
    try (var files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong).max().orElse(-1);
    }
  }

  private static Process child(String src, String dir, Path log, String... jvmFlags) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KappaStreamWorker.class.getName(), src, dir));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
