package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailableNowTest {
  @TempDir
  Path dir;

  private StreamingQuery run(TableSource src, Trigger trigger, List<QueryProgress> progress) {
    StreamingQuery q = StreamingQuery.from(src).toTable(dir.resolve("sink").toString())
        .checkpointLocation(dir.resolve("cp").toString()).trigger(trigger)
        .addListener(progress::add).start();
    q.awaitTermination();
    return q;
  }

  @Test
  void snapshotThenCommitsInBatchesOfMaxFiles() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      long next = StreamFixtures.append(src, 0, 5, 10); // versions 1..5, one file each
      List<QueryProgress> progress = new ArrayList<>();
      StreamingQuery q = run(TableSource.of(src).maxFilesPerTrigger(2), Trigger.availableNow(), progress);
      // 5 snapshot files in batches of 2: 2, 2, 1
      assertThat(progress).extracting(QueryProgress::numInputRows).containsExactly(20L, 20L, 10L);
      assertThat(progress.get(0).endOffset()).contains("\"reservoirVersion\":5,\"index\":1,\"isStartingVersion\":true");
      assertThat(progress.get(2).endOffset()).contains("\"reservoirVersion\":6,\"index\":-1,\"isStartingVersion\":false");
      assertThat(q.isActive()).isFalse();

      // new commits after the first run: the next run reads only them, from commit 6 on
      next = StreamFixtures.append(src, next, 3, 10);
      progress.clear();
      run(TableSource.of(src).maxFilesPerTrigger(2), Trigger.availableNow(), progress);
      assertThat(progress).extracting(QueryProgress::batchId).containsExactly(3L, 4L);
      assertThat(progress).extracting(QueryProgress::numInputRows).containsExactly(20L, 10L);
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        assertThat(StreamFixtures.ids(sink)).isEqualTo(StreamFixtures.range(0, next));
        HistoryEntry h = sink.history(1).get(0);
        assertThat(h.operation()).isEqualTo("STREAMING UPDATE");
        assertThat(h.operationParameters()).containsEntry("outputMode", "Append").containsEntry("queryId", q.id())
            .containsEntry("epochId", "4");
        assertThat(sink.snapshot().transactionVersion(q.id())).hasValue(4);
      }
      // Spark's checkpoint layout: offsets/N with v1, metadata, Delta offset; commits/N
      String offsets = Files.readString(dir.resolve("cp/offsets/0"), StandardCharsets.UTF_8);
      assertThat(offsets.split("\n")).hasSize(3);
      assertThat(offsets).startsWith("v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":")
          .contains("{\"sourceVersion\":1,\"reservoirId\":\"" + src.snapshot().metadata().id() + "\"");
      assertThat(Files.readString(dir.resolve("cp/commits/4"))).isEqualTo("v1\n{\"nextBatchWatermarkMs\":0}\n");
      assertThat(Files.readString(dir.resolve("cp/metadata"))).contains(q.id());
    }
  }

  @Test
  void endIsFixedAtStartAndCommitsDuringTheRunWait() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      long next = StreamFixtures.append(src, 0, 4, 5);
      long[] appended = {next};
      List<QueryProgress> progress = new ArrayList<>();
      // a commit made while the run is going (after its first batch) is not part of this run
      StreamingQuery q = StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(1))
          .foreachBatch((rows, id) -> {
            if (id == 0) {
              appended[0] = StreamFixtures.append(src, appended[0], 1, 5);
            }
          })
          .checkpointLocation(dir.resolve("cp").toString()).trigger(Trigger.availableNow())
          .addListener(progress::add).start();
      q.awaitTermination();
      assertThat(progress).hasSize(4);
      assertThat(progress).extracting(QueryProgress::numInputRows).containsOnly(5L);
    }
  }

  @Test
  void onceTakesEverythingInOneBatch() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 6, 3);
      List<QueryProgress> progress = new ArrayList<>();
      run(TableSource.of(src).maxFilesPerTrigger(1), Trigger.once(), progress);
      assertThat(progress).extracting(QueryProgress::numInputRows).containsExactly(18L);
    }
  }

  @Test
  void maxBytesIsASoftCapOfAtLeastOneFile() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 4, 10);
      List<QueryProgress> progress = new ArrayList<>();
      run(TableSource.of(src).maxBytesPerTrigger(1), Trigger.availableNow(), progress);
      assertThat(progress).extracting(QueryProgress::numInputRows).containsExactly(10L, 10L, 10L, 10L);
      assertThat(new LocalObjectStore().list(dir.resolve("cp/commits").toString(), null)).hasSize(4);
    }
  }

  /**
   * The initial snapshot is read as Delta's source reads it, oldest file first (modification time, then
   * path), not in path order: file names are random, and a backfill's batches must follow write order.
   */
  @Test
  void initialSnapshotIsReadOldestFileFirst() throws Exception {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      for (int i = 0; i < 8; i++) {
        StreamFixtures.append(src, i * 10L, 1, 1); // one row per commit: ids 0, 10, ..., 70
        Thread.sleep(5); // distinct modification times
      }
      List<Long> order = new ArrayList<>();
      StreamingQuery q = StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(1))
          .foreachBatch((rows, batchId) -> rows.forEach(r -> order.add(r.getLong("id"))))
          .checkpointLocation(dir.resolve("cp").toString()).trigger(Trigger.availableNow()).start();
      q.awaitTermination();
      assertThat(order).containsExactly(0L, 10L, 20L, 30L, 40L, 50L, 60L, 70L);
    }
  }
}
