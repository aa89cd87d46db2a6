package io.tidelake.stream;

import static io.tidelake.stream.WindowTest.MIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output mode update of windowed aggregates against the direct computation of {@link WindowTest} (same batch
 * boundaries, same watermark rule): the sink ends with the final value of every window — closed or still
 * open — exactly once per key, in one run, in killed and restarted runs, and by copy-on-write or deletion
 * vectors; late rows go to the late table as in append mode.
 */
class WindowUpdateModeTest {
  @TempDir
  Path dir;

  private WindowTest fixture() {
    WindowTest t = new WindowTest();
    t.dir = dir;
    return t;
  }

  private static List<HistoryEntry> streamingCommits(Table sink) {
    return sink.history().stream().filter(h -> h.operation().equals("STREAMING UPDATE")).toList();
  }

  @Test
  void tumblingWindowsUpsertTheirCurrentValuesAndEndWithEveryWindowsFinalValue() {
    List<List<Row>> commits = WindowTest.batches(7, 12);
    WindowTest.Expected expected = WindowTest.model(commits, 10 * MIN, 10 * MIN, 5 * MIN);
    assertThat(expected.allWindows()).hasSizeGreaterThan(expected.sink().size()); // some windows still open
    WindowTest f = fixture();
    try (Table src = f.source(commits)) {
      WindowSpec w = WindowSpec.tumbling("ts", Duration.ofMinutes(10)).watermark(Duration.ofMinutes(5));
      List<QueryProgress> progress = new ArrayList<>();
      f.query(src, w, "u").outputMode(OutputMode.UPDATE).addListener(progress::add).start().awaitTermination();
      assertThat(progress.stream().mapToLong(QueryProgress::numLateRows).sum()).isEqualTo(expected.late().size());
      // every batch emits only what it changed: more rows than windows overall, as windows get updated
      long emitted = progress.stream().mapToLong(QueryProgress::numOutputRows).sum();
      assertThat(emitted).isGreaterThan(expected.allWindows().size());
      // state is evicted once the watermark passes a window: fewer state rows than windows at the end
      assertThat(progress.get(progress.size() - 1).numStateRows()).isLessThan(expected.allWindows().size());
      try (Table sink = Table.open(dir.resolve("u-sink").toString());
          Table late = Table.open(dir.resolve("u-late").toString())) {
        assertThat(WindowTest.sinkLines(sink)).isEqualTo(expected.allWindows());
        assertThat(WindowTest.lateLines(late)).isEqualTo(expected.late());
        List<HistoryEntry> batches = streamingCommits(sink);
        assertThat(batches).isNotEmpty().allSatisfy(h -> assertThat(h.operationParameters())
            .containsEntry("outputMode", "Update").containsKey("queryId").containsKey("epochId"));
        assertThat(batches.stream().mapToLong(h -> Long.parseLong(h.operationMetrics().get("numUpdatedRows"))).sum())
            .isEqualTo(emitted - expected.allWindows().size()); // each re-emission replaced exactly one row
        assertThat(sink.snapshot().transactionVersion(progress.get(0).id())).hasValue(progress.size() - 1);
      }
    }
  }

  @Test
  void killedAndRestartedRunsStayExactlyOnce() {
    List<List<Row>> commits = WindowTest.batches(21, 10);
    WindowTest.Expected expected = WindowTest.model(commits, 10 * MIN, 10 * MIN, 5 * MIN);
    WindowTest f = fixture();
    try (Table src = f.source(commits)) {
      WindowSpec w = WindowSpec.tumbling("ts", Duration.ofMinutes(10)).watermark(Duration.ofMinutes(5));
      Random random = new Random(5);
      // armed in the first 25 runs: each named point of a batch dies with chance 1/4
      int kills = WindowTest.runKilledAndRestarted(() -> f.query(src, w, "k").outputMode(OutputMode.UPDATE),
          run -> p -> run < 25 && random.nextInt(4) == 0);
      assertThat(kills).isGreaterThan(2);
      try (Table sink = Table.open(dir.resolve("k-sink").toString());
          Table late = Table.open(dir.resolve("k-late").toString())) {
        assertThat(WindowTest.sinkLines(sink)).isEqualTo(expected.allWindows());
        assertThat(WindowTest.lateLines(late)).isEqualTo(expected.late());
        // a batch killed after its sink commit and re-run was skipped by its txn: epochs are unique
        Set<String> epochs = new HashSet<>();
        for (HistoryEntry h : streamingCommits(sink)) {
          assertThat(epochs.add(h.operationParameters().get("epochId"))).isTrue();
        }
      }
    }
  }

  @Test
  void slidingWindowsIntoASinkWithDeletionVectorsReplaceRowsByVector() {
    List<List<Row>> commits = WindowTest.batches(3, 8);
    WindowTest.Expected expected = WindowTest.model(commits, 15 * MIN, 5 * MIN, 4 * MIN);
    WindowTest f = fixture();
    try (Table src = f.source(commits)) {
      WindowSpec w = WindowSpec.parse("sliding(ts, 15 minutes, 5 minutes)").watermark(Duration.ofMinutes(4));
      // the sink made first, with deletion vectors on: updates mark old rows instead of rewriting files
      String sinkPath = dir.resolve("dv-sink").toString();
      StreamingQueryBuilder q = f.query(src, w, "dv").outputMode(OutputMode.UPDATE);
      Table.create(sinkPath).schema(new WindowAggregator(q.window, src.snapshot().schema()).outputSchema())
          .property("delta.enableDeletionVectors", "true").create().close();
      q.start().awaitTermination();
      try (Table sink = Table.open(sinkPath); Table late = Table.open(dir.resolve("dv-late").toString())) {
        assertThat(WindowTest.sinkLines(sink)).isEqualTo(expected.allWindows());
        assertThat(WindowTest.lateLines(late)).isEqualTo(expected.late());
        List<HistoryEntry> batches = streamingCommits(sink);
        assertThat(batches.stream().mapToLong(h -> Long.parseLong(
            h.operationMetrics().getOrDefault("numDeletionVectorsAdded", "0"))).sum()).isPositive();
        assertThat(batches.stream().mapToLong(h -> Long.parseLong(h.operationMetrics().get("numCopiedRows"))).sum())
            .isZero();
        assertThat(sink.snapshot().files()).anyMatch(a -> a.deletionVector() != null);
      }
    }
  }

  @Test
  void aSinkWithTheChangeFeedRecordsEachWindowUpdateAsPreAndPostImage() {
    List<List<Row>> commits = WindowTest.batches(9, 6);
    WindowTest.Expected expected = WindowTest.model(commits, 10 * MIN, 10 * MIN, 5 * MIN);
    WindowTest f = fixture();
    try (Table src = f.source(commits)) {
      WindowSpec w = WindowSpec.tumbling("ts", Duration.ofMinutes(10)).watermark(Duration.ofMinutes(5));
      String sinkPath = dir.resolve("cdf-sink").toString();
      StreamingQueryBuilder q = f.query(src, w, "cdf").outputMode(OutputMode.UPDATE);
      Table.create(sinkPath).schema(new WindowAggregator(q.window, src.snapshot().schema()).outputSchema())
          .property("delta.enableChangeDataFeed", "true").create().close();
      q.start().awaitTermination();
      try (Table sink = Table.open(sinkPath)) {
        assertThat(WindowTest.sinkLines(sink)).isEqualTo(expected.allWindows());
        long updated = streamingCommits(sink).stream()
            .mapToLong(h -> Long.parseLong(h.operationMetrics().get("numUpdatedRows"))).sum();
        assertThat(updated).isPositive();
        java.util.Map<String, Long> byType = new java.util.TreeMap<>();
        for (Row r : sink.changeFeed(1).toList()) {
          byType.merge(r.getString("_change_type"), 1L, Long::sum);
        }
        // every window inserted once, then each update a pre/post pair; nothing deleted
        assertThat(byType).containsEntry("insert", (long) expected.allWindows().size())
            .containsEntry("update_preimage", updated).containsEntry("update_postimage", updated)
            .doesNotContainKey("delete");
      }
    }
  }
}
