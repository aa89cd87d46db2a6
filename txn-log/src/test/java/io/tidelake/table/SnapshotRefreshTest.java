package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest snapshot is refreshed incrementally: one LIST, and only the new commit is read. */
class SnapshotRefreshTest {
  @TempDir Path dir;

  @Test
  void refreshAfterOneCommitReadsOnlyThatCommit() {
    Table writer = TestTables.create(dir);
    for (int i = 0; i < 13; i++) {
      writer.newAppend().addRows(TestTables.rows(i, 1)).commit();
    }
    CountingStore store = new CountingStore();
    Table reader = Table.open(store, dir.toString());
    assertThat(reader.snapshot().version()).isEqualTo(13);

    writer.newAppend().addRows(TestTables.rows(100, 1)).commit(); // v14
    store.reset();
    Snapshot s = reader.snapshot();
    assertThat(s.version()).isEqualTo(14);
    assertThat(store.reads).containsExactly(dir.toAbsolutePath() + "/_delta_log/00000000000000000014.json");
    assertThat(store.lists).hasSize(1);

    store.reset();
    assertThat(reader.snapshot().version()).isEqualTo(14); // nothing new: a LIST and no reads
    assertThat(store.reads).isEmpty();
  }

  @Test
  void coldLoadUsesCheckpointAndSkipsOlderCommits() {
    Table writer = TestTables.create(dir);
    for (int i = 0; i < 12; i++) {
      writer.newAppend().addRows(TestTables.rows(i, 1)).commit();
    }
    CountingStore store = new CountingStore();
    Table.open(store, dir.toString());
    assertThat(store.reads).noneMatch(p -> p.endsWith("00000000000000000009.json"));
    assertThat(store.reads).anyMatch(p -> p.endsWith("00000000000000000010.checkpoint.parquet"));
    assertThat(store.reads).anyMatch(p -> p.endsWith("00000000000000000012.json"));
  }
}
