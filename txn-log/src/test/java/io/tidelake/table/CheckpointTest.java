package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.table.internal.codec.LastCheckpoint;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.table.internal.log.LogSegment;
import io.tidelake.table.internal.replay.SnapshotManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 25-commit table: checkpoints at 10 and 20, loads from the newest, survives a bad _last_checkpoint. */
class CheckpointTest {
  @TempDir Path dir;
  Path log;

  @BeforeEach
  void build25Commits() {
    Table t = TestTables.create(dir); // v0
    for (int i = 0; i < 24; i++) {
      t.newAppend().addRows(TestTables.rows(i * 2L, 2)).commit(); // v1..v24
    }
    t.newDelete().where("id = 0").commit(); // v25: a remove, so checkpoints are not add-only
    log = dir.resolve("_delta_log");
  }

  @Test
  void checkpointsAtTenAndTwentyAndHintPointsAtNewest() throws IOException {
    assertThat(log.resolve(LogPaths.classicCheckpointName(10))).exists();
    assertThat(log.resolve(LogPaths.classicCheckpointName(20))).exists();
    assertThat(Files.list(log).filter(p -> p.getFileName().toString().contains(".checkpoint.")).count()).isEqualTo(2);
    LastCheckpoint hint = LastCheckpoint.parse(Files.readAllBytes(log.resolve("_last_checkpoint")));
    assertThat(hint.version()).isEqualTo(20);
    // the JSON commit at a checkpoint version is always kept (Delta Kernel requires it)
    assertThat(log.resolve(LogPaths.deltaFileName(20))).exists();
  }

  @Test
  void loadsFromNewestCheckpointPlusLaterCommits() {
    LogSegment seg = manager().segment(null);
    assertThat(seg.checkpointVersion()).isEqualTo(20);
    assertThat(seg.commits()).extracting(f -> LogPaths.deltaVersion(f.name())).containsExactly(21L, 22L, 23L, 24L, 25L);
  }

  @Test
  void checkpointAloneRebuildsTheState() throws IOException {
    long[] before = TestTables.ids(Table.open(dir.toString()));
    for (long v = 0; v <= 20; v++) {
      Files.delete(log.resolve(LogPaths.deltaFileName(v))); // only checkpoint 20 + commits 21..25 remain
    }
    Table reopened = Table.open(dir.toString());
    assertThat(reopened.snapshot().version()).isEqualTo(25);
    assertThat(TestTables.ids(reopened)).containsExactly(before);
    assertThat(before).hasSize(47);
  }

  @Test
  void corruptLastCheckpointStillLoads() throws IOException {
    long[] before = TestTables.ids(Table.open(dir.toString()));
    Files.write(log.resolve("_last_checkpoint"), "{\"version\":".getBytes(StandardCharsets.UTF_8));
    assertThat(TestTables.ids(Table.open(dir.toString()))).containsExactly(before);
    Files.write(log.resolve("_last_checkpoint"), new byte[0]);
    assertThat(Table.open(dir.toString()).snapshot().version()).isEqualTo(25);
  }

  @Test
  void lastCheckpointPointingNowhereAndMissingBothLoad() throws IOException {
    Files.writeString(log.resolve("_last_checkpoint"), "{\"version\":999,\"size\":3}");
    assertThat(Table.open(dir.toString()).snapshot().version()).isEqualTo(25);
    Files.delete(log.resolve("_last_checkpoint"));
    LogSegment seg = manager().segment(null);
    assertThat(seg.checkpointVersion()).isEqualTo(20);
  }

  @Test
  void timeTravelToACheckpointVersionAndBetweenCheckpoints() {
    Table t = Table.open(dir.toString());
    assertThat(t.snapshotAt(10).newScan().count()).isEqualTo(20);
    assertThat(t.snapshotAt(15).newScan().count()).isEqualTo(30);
    assertThat(manager().segment(15L).checkpointVersion()).isEqualTo(10);
    assertThat(t.snapshotAt(25).newScan().count()).isEqualTo(47);
  }

  @Test
  void aTruncatedNewestCheckpointIsReplayedAroundNeverWrongRows() throws IOException {
    // a damaged newest checkpoint: the older checkpoint and the commits after it give the same state
    Path cp = log.resolve(LogPaths.classicCheckpointName(20));
    byte[] bytes = Files.readAllBytes(cp);
    Files.write(cp, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Table t = Table.open(dir.toString());
    assertThat(t.snapshot().version()).isEqualTo(25);
    assertThat(t.newScan().count()).isEqualTo(47);
    // with no other way to the version it is a typed error naming the file (CheckpointRecoveryTest has more)
    for (int v = 0; v < 20; v++) {
      Files.deleteIfExists(log.resolve(LogPaths.deltaFileName(v)));
    }
    Files.delete(log.resolve(LogPaths.classicCheckpointName(10)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Table.open(dir.toString()))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(LogPaths.classicCheckpointName(20));
  }

  private SnapshotManager manager() {
    io.tidelake.table.internal.TableContext ctx = new io.tidelake.table.internal.TableContext(new LocalObjectStore(),
        dir.toAbsolutePath().normalize().toString());
    return ctx.snapshots();
  }
}
