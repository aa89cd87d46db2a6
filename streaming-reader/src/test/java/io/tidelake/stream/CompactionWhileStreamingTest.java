package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.table.ConflictException;
import io.tidelake.table.DataWriter;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream keeps reading while a writer appends and a compactor rewrites the source's files
 * ({@code dataChange=false}) at the same time: every appended row reaches the sink exactly once — no
 * duplicates from the rewritten files, nothing missing.
 */
class CompactionWhileStreamingTest {
  @TempDir
  Path dir;

  @Test
  void appendsAndCompactionsDuringAnIntervalStream() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      long next = StreamFixtures.append(src, 0, 3, 5);
      StreamingQuery q = StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(2))
          .toTable(dir.resolve("sink").toString()).checkpointLocation(dir.resolve("cp").toString())
          .trigger(Trigger.processingTime(Duration.ofMillis(20))).start();
      int compactions = 0;
      try (Table compactor = Table.open(dir.resolve("src").toString())) {
        for (int round = 0; round < 8; round++) {
          next = StreamFixtures.append(src, next, 2, 5);
          compactions += compact(compactor) ? 1 : 0;
        }
      }
      long deadline = System.currentTimeMillis() + 30_000;
      long expected = next;
      try (Table sink = waitForSink(dir.resolve("sink"), deadline)) {
        while (sink.newScan().count() < expected && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
        }
        q.stop();
        assertThat(q.exception()).isEmpty();
        assertThat(compactions).isGreaterThan(3);
        assertThat(StreamFixtures.ids(sink)).isEqualTo(StreamFixtures.range(0, expected));
      }
    }
  }

  private static Table waitForSink(Path sink, long deadline) throws InterruptedException {
    while (!Table.exists(new io.tidelake.format.store.LocalObjectStore(), sink.toString())) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the stream never created its sink");
      }
      Thread.sleep(20);
    }
    return Table.open(sink.toString());
  }

  /** Rewrites every live file into one (OPTIMIZE's shape); false when a concurrent append won the race. */
  private static boolean compact(Table t) {
    Snapshot s = t.snapshot();
    List<AddFile> inputs = new ArrayList<>(s.files());
    if (inputs.size() < 2) {
      return false;
    }
    List<Row> rows = s.newScan().toList();
    List<AddFile> outputs;
    try (DataWriter w = t.newDataWriter()) {
      outputs = w.writeAll(rows.iterator()).finish();
    }
    try {
      t.newRewrite().rewriteFiles(inputs, outputs).commit();
      return true;
    } catch (ConflictException e) {
      return false;
    }
  }
}
