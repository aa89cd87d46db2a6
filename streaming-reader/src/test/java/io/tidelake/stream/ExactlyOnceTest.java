package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under crashes: runs killed at random points (while reading and writing a batch's rows,
 * after its offsets are written, after the sink committed but before the checkpoint's commit file),
 * restarted on the same checkpoint while a writer keeps appending. Every source row must be in the
 * sink exactly once, every re-run batch must have had the offsets first recorded for it, and no data
 * file of a killed batch may be left in the sink.
 */
class ExactlyOnceTest {
  @TempDir
  Path dir;

  /** The crash a run suffers: thrown from inside the query at a chosen point. */
  static final class Kill extends RuntimeException {
    Kill(String where) {
      super("killed " + where);
    }
  }

  @Test
  void twentyKilledRunsLeaveEverySourceRowInTheSinkExactlyOnce() throws IOException {
    Random random = new Random(20261203L);
    Map<Long, String> endOffsetByBatch = new HashMap<>();
    int killed = 0;
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      long next = StreamFixtures.append(src, 0, 12, 7);
      for (int run = 0; run < 20 || true; run++) {
        if (run < 20 && random.nextInt(3) == 0) {
          next = StreamFixtures.append(src, next, 1 + random.nextInt(3), 7); // a writer appends between runs
        }
        String point = run >= 20 ? "none" : List.of("row", "afterOffsets", "afterSink", "none").get(random.nextInt(4));
        int killAtRow = random.nextInt(40);
        int[] seen = {0};
        List<QueryProgress> progress = new ArrayList<>();
        StreamingQuery q = StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(1 + random.nextInt(4)))
            .filter(r -> {
              if (point.equals("row") && seen[0]++ == killAtRow) {
                throw new Kill("while writing row " + killAtRow);
              }
              return true;
            })
            .toTable(dir.resolve("sink").toString())
            .checkpointLocation(dir.resolve("cp").toString())
            .trigger(Trigger.availableNow())
            .addListener(progress::add)
            .faults(p -> {
              if (p.equals(point) && random.nextInt(2) == 0) {
                throw new Kill(p);
              }
            })
            .start();
        boolean failed = false;
        try {
          q.awaitTermination();
        } catch (StreamingException e) {
          assertThat(e).hasRootCauseInstanceOf(Kill.class);
          failed = true;
          killed++;
        }
        for (QueryProgress p : progress) {
          String before = endOffsetByBatch.putIfAbsent(p.batchId(), p.endOffset());
          assertThat(before == null || before.equals(p.endOffset()))
              .as("batch %d re-ran with its recorded offsets", p.batchId()).isTrue();
        }
        if (run >= 20 && !failed) {
          break;
        }
      }
      assertThat(killed).isGreaterThan(3);
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        List<Long> ids = new ArrayList<>();
        for (Row r : sink.newScan().select("id").toList()) {
          ids.add(r.getLong(0));
        }
        ids.sort(null);
        assertThat(ids).isEqualTo(StreamFixtures.range(0, next));
        assertThat(dataFiles(dir.resolve("sink"))).isEqualTo(liveFiles(sink));
      }
    }
  }

  private static Set<String> dataFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .filter(p -> !p.startsWith("_delta_log")).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<String> liveFiles(Table t) {
    return t.snapshot().files().stream().map(f -> f.path()).collect(Collectors.toCollection(TreeSet::new));
  }
}
