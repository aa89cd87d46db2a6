package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.quality.Expectation;
import io.tidelake.quality.ExpectationFailedException;
import io.tidelake.quality.ExpectationSuite;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-audit-publish per batch: a blocked batch commits nothing, stops the query, and re-runs on restart. */
class AuditedSinkTest {
  @TempDir
  Path dir;

  private StreamingQuery start(Table src, ExpectationSuite suite) {
    return StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(1)).expect(suite)
        .toTable(dir.resolve("sink").toString()).checkpointLocation(dir.resolve("cp").toString())
        .trigger(Trigger.availableNow()).start();
  }

  @Test
  void aBlockedBatchCommitsNothingAndIsRerunAfterTheFix() throws IOException {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 3, 5); // amounts 0..140, 10 apart: the third batch has amounts >= 100
      StreamingQuery q = start(src, ExpectationSuite.named("small").expect(Expectation.rowCondition("amount < 100")));
      assertThatThrownBy(q::awaitTermination).satisfies(e -> assertThat(causes(e))
          .anyMatch(c -> c instanceof ExpectationFailedException));
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        assertThat(StreamFixtures.ids(sink)).isEqualTo(LongStream.range(0, 10).boxed().toList());
        assertThat(sink.history(1).get(0).operation()).isEqualTo("STREAMING UPDATE");
        // the blocked batch's data file was deleted: every Parquet file of the sink is live
        assertThat(parquetFiles(dir.resolve("sink"))).hasSize(sink.snapshot().files().size());
      }
      start(src, ExpectationSuite.named("relaxed").expect(Expectation.rowCondition("amount < 1000")))
          .awaitTermination();
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        assertThat(StreamFixtures.ids(sink)).isEqualTo(LongStream.range(0, 15).boxed().toList());
      }
    }
  }

  @Test
  void stagedBatchesAreInvisibleUntilPublishedAndAReRunStagesNothingTwice() throws IOException {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 2, 5);
      Runnable run = () -> StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(1)).stageBatches()
          .expect(ExpectationSuite.named("ids").expect(Expectation.notNull("id")))
          .toTable(dir.resolve("sink").toString()).checkpointLocation(dir.resolve("cp").toString())
          .trigger(Trigger.availableNow()).start().awaitTermination();
      run.run();
      // the last batch's commit file lost: the restart re-runs batch 1, whose staged commit already exists
      Files.delete(dir.resolve("cp/commits/1"));
      run.run();
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        assertThat(StreamFixtures.ids(sink)).isEmpty();
        List<io.tidelake.table.StagedCommit> staged = sink.stagedCommits();
        assertThat(staged).hasSize(2);
        int stagedRows = 0;
        try (io.tidelake.format.CloseableIterator<io.tidelake.format.Row> it = staged.get(0).stagedRows()) {
          for (; it.hasNext(); it.next()) {
            stagedRows++;
          }
        }
        assertThat(stagedRows).isEqualTo(5);
        for (io.tidelake.table.StagedCommit s : staged) {
          s.publish();
        }
        assertThat(StreamFixtures.ids(sink)).isEqualTo(LongStream.range(0, 10).boxed().toList());
        assertThat(sink.history(1).get(0).operation()).isEqualTo("STREAMING UPDATE");
      }
    }
  }

  @Test
  void anAuditOfAReplacingOutputModeIsRefusedBeforeAnyBatch() {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 1, 5);
      // UPDATE passes start()'s own checks (COMPLETE without a window would not): the audit's check refuses it
      assertThatThrownBy(() -> StreamingQuery.from(TableSource.of(src)).outputMode(OutputMode.UPDATE)
          .expect(ExpectationSuite.named("s").expect(Expectation.notNull("id")))
          .toTable(dir.resolve("sink").toString()).checkpointLocation(dir.resolve("cp").toString())
          .trigger(Trigger.availableNow()).start().awaitTermination())
          .isInstanceOf(StreamingException.class).hasMessageContaining("output mode append")
          .hasMessageContaining("per-batch audit");
      assertThat(Files.exists(dir.resolve("sink"))).isFalse();
    }
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable c = e; c != null && !out.contains(c); c = c.getCause()) {
      out.add(c);
    }
    return out;
  }

  private static List<Path> parquetFiles(Path table) throws IOException {
    try (Stream<Path> s = Files.walk(table)) {
      return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).toList();
    }
  }
}
