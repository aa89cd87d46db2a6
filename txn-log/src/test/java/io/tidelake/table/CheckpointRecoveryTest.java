package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.table.internal.log.LogPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged checkpoint must not make a table unreadable while the JSON commits it covers (or an older
 * checkpoint and the commits after it) still exist: readers replay those instead. Only when no complete
 * path remains does the read fail, naming the checkpoint (not "a data file") and the remedy. And a
 * checkpoint newer than the newest commit is refused, as Delta Kernel 4.4 does.
 */
class CheckpointRecoveryTest {
  @TempDir Path dir;

  /** Versions 0..{@code lastVersion}, 10 rows per append, a checkpoint at each version in {@code checkpointsAt}. */
  private Table table(int lastVersion, int... checkpointsAt) {
    Table t = TestTables.create(dir);
    for (int v = 1; v <= lastVersion; v++) {
      t.newAppend().addRows(TestTables.rows(v * 100L, 10)).commit();
      final int version = v;
      if (Arrays.stream(checkpointsAt).anyMatch(c -> c == version)) {
        t.checkpoint();
      }
    }
    return t;
  }

  private Path log(String name) {
    return dir.resolve("_delta_log").resolve(name);
  }

  private Path checkpoint(long v) {
    return log(String.format("%020d.checkpoint.parquet", v));
  }

  private void truncate(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(b, b.length / 2));
  }

  /** Every 7th byte between header and footer XOR-ed: the footer may still parse, the pages not. */
  private void garble(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    for (int i = 4; i < b.length - 8; i += 7) {
      b[i] ^= 0x5A;
    }
    Files.write(p, b);
  }

  private void deleteCommits(int from, int to) throws IOException {
    for (int v = from; v <= to; v++) {
      Files.delete(log(LogPaths.deltaFileName(v)));
    }
  }

  private static void assertReads(long version, long rows, Path dir) {
    Table t = Table.open(dir.toString());
    assertThat(t.snapshot().version()).isEqualTo(version);
    assertThat(t.newScan().count()).isEqualTo(rows);
  }

  @Test
  void aTruncatedCheckpointIsReplayedAroundFromTheJsonCommits() throws IOException {
    table(5, 3);
    truncate(checkpoint(3));
    assertReads(5, 50, dir);
    assertThat(Table.open(dir.toString()).snapshotAt(3).state().files()).hasSize(countFiles(3));
  }

  private int countFiles(long version) {
    return 3 * (int) version; // each append of 10 rows over 3 dates writes 3 files
  }

  @Test
  void aGarbledCheckpointAndGarbledLastCheckpointAreReplayedAround() throws IOException {
    table(4, 4);
    garble(checkpoint(4));
    Files.writeString(log(LogPaths.LAST_CHECKPOINT), "{\"version\":4,\"size\":9,garbage");
    assertReads(4, 40, dir);
  }

  @Test
  void aDamagedNewerCheckpointFallsBackToAnOlderOneWhenEarlyCommitsAreGone() throws IOException {
    table(7, 3, 6);
    deleteCommits(0, 2); // cleaned up: only checkpoint 3 and the commits after it remain
    truncate(checkpoint(6));
    assertReads(7, 70, dir);
  }

  @Test
  void noCompletePathFailsNamingTheCheckpointAndTheRemedy() throws IOException {
    table(5, 3);
    deleteCommits(0, 2);
    truncate(checkpoint(3));
    assertThatThrownBy(() -> Table.open(dir.toString()).snapshot())
        .isInstanceOfSatisfying(CorruptCheckpointException.class, e -> {
          assertThat(e.checkpointVersion()).isEqualTo(3);
          assertThat(e.getMessage()).contains("00000000000000000003.checkpoint.parquet").contains("Checkpoint")
              .contains("Restore the checkpoint from a backup").doesNotContain("data file");
        });
    // with _last_checkpoint gone too the answer is the same
    Files.deleteIfExists(log(LogPaths.LAST_CHECKPOINT));
    assertThatThrownBy(() -> Table.open(dir.toString()).snapshot()).isInstanceOf(CorruptCheckpointException.class);
  }

  @Test
  void aCheckpointNewerThanTheLastCommitIsRefusedLikeKernel() throws IOException {
    table(3, 3);
    deleteCommits(3, 3); // checkpoint 3 remains, the newest commit is 2
    for (boolean withHint : new boolean[] {true, false}) {
      if (!withHint) {
        Files.deleteIfExists(log(LogPaths.LAST_CHECKPOINT));
      }
      assertThatThrownBy(() -> Table.open(dir.toString()).snapshot())
          .isInstanceOf(InvalidTableException.class)
          .hasMessageContaining("checkpoint of version 3").hasMessageContaining(LogPaths.deltaFileName(3))
          .hasMessageContaining("newest commit file is " + LogPaths.deltaFileName(2));
      // the versions the commits cover stay reachable (Table.open itself fails fast on the newest version)
      assertThat(coveredSegment(2).version()).isEqualTo(2);
    }
  }

  @Test
  void aStrayCheckpointBeyondTheLogIsRefused() throws IOException {
    table(3, 3);
    Files.copy(checkpoint(3), checkpoint(5));
    assertThatThrownBy(() -> Table.open(dir.toString()).snapshot()).isInstanceOf(InvalidTableException.class)
        .hasMessageContaining("checkpoint of version 5");
    assertThat(coveredSegment(3).commits()).hasSize(0);
    assertThat(coveredSegment(3).checkpointVersion()).isEqualTo(3);
  }

  private io.tidelake.table.internal.log.LogSegment coveredSegment(long version) {
    return new io.tidelake.table.internal.log.LogLister(new io.tidelake.format.store.LocalObjectStore(), dir.toString())
        .segment(version, -1);
  }

  @Test
  void aLogThatStartsAtACheckpointWithLaterCommitsStillReads() throws IOException {
    table(5, 3);
    deleteCommits(0, 3); // the checkpoint's own commit cleaned up too, later commits present
    assertReads(5, 50, dir);
  }
}
