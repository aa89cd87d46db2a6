package io.tidelake.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.compaction.Optimize;
import io.tidelake.compaction.Vacuum;
import io.tidelake.format.Row;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.stream.StreamingQuery;
import io.tidelake.stream.TableSource;
import io.tidelake.stream.Trigger;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream keeps working while its source is appended to, OPTIMIZEd and VACUUMed (retention shorter
 * than the test, longer than the stream's lag, as Delta requires): every appended row reaches the sink
 * exactly once, and vacuum really deleted files the compactions replaced.
 */
class VacuumWhileStreamingTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, amount long");
  static final Duration RETENTION = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  private static long append(Table t, long first, int n) {
    List<Row> rows = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      rows.add(Row.of(SCHEMA, id, id * 3));
    }
    t.newAppend().addRows(rows).commit();
    return first + n;
  }

  @Test
  void everyRowOnceWhileTheSourceIsCompactedAndVacuumed() throws Exception {
    String srcPath = dir.resolve("src").toString();
    String sinkPath = dir.resolve("sink").toString();
    long next = 0;
    long deleted = 0;
    try (Table src = Table.create(srcPath).schema(SCHEMA).create()) {
      next = append(src, next, 5);
      StreamingQuery q = StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(3))
          .toTable(sinkPath).checkpointLocation(dir.resolve("cp").toString())
          .trigger(Trigger.processingTime(Duration.ofMillis(20))).start();
      try (Table maint = Table.open(srcPath)) {
        long lastOptimize = System.currentTimeMillis();
        for (int round = 0; round < 24; round++) {
          next = append(src, next, 5);
          next = append(src, next, 5);
          if (round % 4 == 3) {
            Optimize.of(maint).execute();
            lastOptimize = System.currentTimeMillis();
          }
          deleted += Vacuum.of(maint).retain(RETENTION).force().execute().numDeletedFiles();
          Thread.sleep(100);
        }
        // once the last compaction's inputs are past the retention, vacuum deletes them while the stream runs
        Thread.sleep(Math.max(0, lastOptimize + RETENTION.toMillis() + 300 - System.currentTimeMillis()));
        deleted += Vacuum.of(maint).retain(RETENTION).force().execute().numDeletedFiles();
        next = append(src, next, 5);
      }
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline
          && (!Table.exists(new LocalObjectStore(), sinkPath) || count(sinkPath) < next)) {
        assertThat(q.exception()).isEmpty();
        Thread.sleep(50);
      }
      q.stop();
      assertThat(q.exception()).isEmpty();
    }
    assertThat(deleted).as("vacuum deleted replaced files during the stream").isGreaterThan(0);
    List<Long> ids = new ArrayList<>();
    try (Table sink = Table.open(sinkPath)) {
      sink.newScan().select("id").toList().forEach(r -> ids.add(r.getLong(0)));
    }
    ids.sort(null);
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < next; i++) {
      expected.add(i);
    }
    assertThat(ids).isEqualTo(expected);
  }

  private static long count(String location) {
    try (Table t = Table.open(location)) {
      return t.newScan().count();
    }
  }
}
