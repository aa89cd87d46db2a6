package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.table.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart semantics of the checkpoint (Spark's rules) and the guards that keep two queries apart. */
class RestartTest {
  @TempDir
  Path dir;

  private StreamingQueryBuilder query(Table src, int maxFiles, List<QueryProgress> progress) {
    return StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(maxFiles))
        .toTable(dir.resolve("sink").toString()).checkpointLocation(dir.resolve("cp").toString())
        .trigger(Trigger.availableNow()).addListener(progress::add);
  }

  @Test
  void anUncommittedBatchIsReRunWithItsRecordedOffsetsEvenWhenLimitsChanged() {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 6, 5);
      List<QueryProgress> first = new ArrayList<>();
      StreamingQuery q = query(src, 2, first).faults(p -> {
        if (p.equals("afterSink") && !first.isEmpty()) {
          throw new IllegalStateException("crash after the sink committed batch 1");
        }
      }).start();
      assertThatThrownBy(q::awaitTermination).isInstanceOf(StreamingQueryException.class)
          .hasMessageContaining("batch 1").hasRootCauseMessage("crash after the sink committed batch 1");
      assertThat(Files.exists(dir.resolve("cp/offsets/1"))).isTrue();
      assertThat(Files.exists(dir.resolve("cp/commits/1"))).isFalse();
      String recorded = StreamCheckpoint.open(new LocalObjectStore(), dir.resolve("cp").toString()).offsets(1)
          .orElseThrow().end().toJson();

      List<QueryProgress> second = new ArrayList<>();
      StreamingQuery again = query(src, 100, second).start();
      again.awaitTermination();
      assertThat(again.id()).isEqualTo(q.id());
      assertThat(second.get(0).batchId()).isEqualTo(1);
      assertThat(second.get(0).endOffset()).isEqualTo(recorded);
      assertThat(second.get(0).sinkVersion()).isEqualTo(-1); // the sink had it: skipped, not written twice
      assertThat(second.get(1).numInputRows()).isEqualTo(10); // the rest in one batch under the new limit
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        assertThat(StreamFixtures.ids(sink)).isEqualTo(StreamFixtures.range(0, 30));
      }
    }
  }

  @Test
  void aSecondQueryOnTheSameCheckpointFailsFast() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 1, 1);
      StreamingQuery running = query(src, 1, new ArrayList<>()).trigger(Trigger.processingTime(Duration.ofMillis(50)))
          .start();
      try {
        while (running.lastProgress() == null) {
          Thread.sleep(10);
        }
        assertThatThrownBy(() -> query(src, 1, new ArrayList<>()).start())
            .isInstanceOf(CheckpointConflictException.class).hasMessageContaining("Another query");
      } finally {
        running.stop();
      }
      assertThat(running.isActive()).isFalse();
      assertThat(running.status().message()).isEqualTo("Stopped");
      // another process: offsets/N is written put-if-absent, so the loser of a race fails
      StreamCheckpoint cp = StreamCheckpoint.openOrCreate(new LocalObjectStore(), dir.resolve("cp").toString(), Map.of());
      long n = cp.latestOffsetsBatch().orElse(-1) + 1;
      StreamCheckpoint.BatchOffsets o = new StreamCheckpoint.BatchOffsets(n, 0, 0, null);
      cp.writeOffsets(o, "{}");
      assertThatThrownBy(() -> cp.writeOffsets(o, "{}")).isInstanceOf(CheckpointConflictException.class)
          .hasMessageContaining("offsets/" + n);
    }
  }

  @Test
  void aCheckpointOfAnotherTableIsRefused() {
    try (Table a = StreamFixtures.create(dir.resolve("a")); Table b = StreamFixtures.create(dir.resolve("b"))) {
      StreamFixtures.append(a, 0, 1, 1);
      query(a, 1, new ArrayList<>()).start().awaitTermination();
      assertThatThrownBy(() -> query(b, 1, new ArrayList<>()).start())
          .isInstanceOf(CheckpointMismatchException.class)
          .hasMessageContaining("source table " + a.location() + " (table id " + a.snapshot().metadata().id())
          .hasMessageContaining(b.location() + " (table id " + b.snapshot().metadata().id());
    }
  }

  @Test
  void aCheckpointReusedWithAnotherSinkOrARecreatedSinkIsRefused() throws Exception {
    try (Table a = StreamFixtures.create(dir.resolve("a"))) {
      StreamFixtures.append(a, 0, 2, 3);
      query(a, 1, new ArrayList<>()).start().awaitTermination();
      String sink = dir.resolve("sink").toString();
      String other = dir.resolve("other").toString();
      assertThatThrownBy(() -> query(a, 1, new ArrayList<>()).toTable(other).start())
          .isInstanceOf(CheckpointMismatchException.class).hasMessageContaining("sink table " + sink)
          .hasMessageContaining("sink table is " + other + " (no table)");
      assertThat(dir.resolve("other")).doesNotExist();
      // the sink deleted and made again under the same path: its id differs, the batches are not in it
      String oldId;
      try (Table t = Table.open(sink)) {
        oldId = t.snapshot().metadata().id();
      }
      try (var files = Files.walk(dir.resolve("sink"))) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
      Table.create(sink).schema(a.snapshot().schema()).create().close();
      StreamFixtures.append(a, 6, 1, 3);
      assertThatThrownBy(() -> query(a, 1, new ArrayList<>()).start())
          .isInstanceOf(CheckpointMismatchException.class).hasMessageContaining("(table id " + oldId + ")");
      // a foreachBatch query on a table sink's checkpoint, before the sink table was ever made
      StreamFixtures.append(a, 9, 1, 3);
      String cp2 = dir.resolve("cp2").toString();
      StreamingQuery dying = StreamingQuery.from(TableSource.of(a)).toTable(dir.resolve("s2").toString())
          .checkpointLocation(cp2).trigger(Trigger.availableNow()).faults(p -> {
            throw new IllegalStateException("dies before its first batch");
          }).start();
      assertThatThrownBy(dying::awaitTermination).isInstanceOf(StreamingException.class);
      assertThatThrownBy(() -> StreamingQuery.from(TableSource.of(a)).foreachBatch((rows, id) -> { })
          .checkpointLocation(cp2).start()).isInstanceOf(CheckpointMismatchException.class)
          .hasMessageContaining("sink " + dir.resolve("s2")).hasMessageContaining("is foreachBatch");
    }
  }

  @Test
  void aLogCleanedPastTheOffsetNamesTheMissingVersion() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 2, 1);
      query(src, 10, new ArrayList<>()).start().awaitTermination(); // read through version 2
      StreamFixtures.append(src, 2, 3, 1); // versions 3..5
      src.checkpoint();
      for (int v = 0; v <= 4; v++) {
        Files.delete(dir.resolve("src/_delta_log/%020d.json".formatted(v)));
      }
      StreamingQuery q = query(src, 10, new ArrayList<>()).start();
      assertThatThrownBy(q::awaitTermination).isInstanceOf(StreamingException.class)
          .hasMessageContaining("needs version 3");
    }
  }

  @Test
  void processingTimeRunsUntilStoppedAndPicksUpNewCommits() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      long next = StreamFixtures.append(src, 0, 1, 4);
      List<QueryProgress> progress = java.util.Collections.synchronizedList(new ArrayList<>());
      StreamingQuery q = query(src, 1000, progress).trigger(Trigger.processingTime(Duration.ofMillis(100))).start();
      next = StreamFixtures.append(src, next, 2, 4);
      long deadline = System.currentTimeMillis() + 20_000;
      while (progress.stream().mapToLong(QueryProgress::numInputRows).sum() < next
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(q.isActive()).isTrue();
      assertThat(q.status().isTriggerActive() || q.status().message().startsWith("Waiting")).isTrue();
      q.stop();
      assertThat(q.isActive()).isFalse();
      assertThat(q.lastProgress()).isNotNull();
      assertThat(q.recentProgress()).hasSameSizeAs(progress);
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        assertThat(StreamFixtures.ids(sink)).isEqualTo(StreamFixtures.range(0, next));
      }
      // batches start at least an interval apart (no catch-up burst)
      for (int i = 1; i < progress.size(); i++) {
        assertThat(progress.get(i).timestamp().toEpochMilli() - progress.get(i - 1).timestamp().toEpochMilli())
            .isGreaterThanOrEqualTo(100);
      }
    }
  }

  /** The continuous trigger: batches as fast as possible while data comes, then an idle backoff; stop() ends it. */
  @Test
  void continuousTriggerPicksUpCommitsAndStops() throws Exception {
    assertThat(Trigger.parse("continuous").interval()).isEqualTo(Duration.ZERO);
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      long next = StreamFixtures.append(src, 0, 1, 4);
      List<QueryProgress> progress = java.util.Collections.synchronizedList(new ArrayList<>());
      StreamingQuery q = query(src, 1000, progress).trigger(Trigger.parse("continuous")).start();
      for (int i = 0; i < 3; i++) {
        Thread.sleep(150); // long enough for the idle backoff to grow
        next = StreamFixtures.append(src, next, 1, 4);
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (progress.stream().mapToLong(QueryProgress::numInputRows).sum() < next
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      q.stop();
      assertThat(q.isActive()).isFalse();
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        assertThat(StreamFixtures.ids(sink)).isEqualTo(StreamFixtures.range(0, next));
      }
    }
  }
}
