package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish and discard of one staged commit racing: exactly one wins, the loser gets a typed error, and
 * the table is never left published with missing files. Crashed claimants do not block forever.
 */
class StagedClaimTest {
  @TempDir Path dir;

  private static boolean exists(String location) {
    return Files.exists(Path.of(location.replace("file:", "")));
  }

  /** What one racer did: null when it succeeded, else its refusal. */
  private static StagedCommitException.Kind run(Runnable op) {
    try {
      op.run();
      return null;
    } catch (StagedCommitException e) {
      return e.kind();
    }
  }

  @Test
  void racingPublishAndDiscardHaveExactlyOneWinnerAndNeverLoseFiles() throws Exception {
    Table t = TestTables.create(dir);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Long> expected = new ArrayList<>();
    int published = 0;
    int discarded = 0;
    try {
      for (int round = 0; round < 40; round++) {
        long first = round * 10L;
        StagedCommit s = t.newAppend().addRows(TestTables.rows(first, 3)).stage("race-" + round);
        StagedCommit other = Table.open(dir.toString()).stagedCommit(s.id()); // another process's view
        CyclicBarrier start = new CyclicBarrier(2);
        boolean publishFirst = round % 2 == 0;
        Future<StagedCommitException.Kind> pub = pool.submit(() -> {
          start.await();
          return run(publishFirst ? s::publish : other::publish);
        });
        Future<StagedCommitException.Kind> dis = pool.submit(() -> {
          start.await();
          return run(publishFirst ? other::discard : s::discard);
        });
        StagedCommitException.Kind publishError = pub.get();
        StagedCommitException.Kind discardError = dis.get();
        assertThat(publishError == null ^ discardError == null).as("exactly one wins, round " + round).isTrue();
        if (publishError == null) {
          published++;
          assertThat(discardError).isIn(StagedCommitException.Kind.PUBLISHING, StagedCommitException.Kind.ALREADY_PUBLISHED);
          assertThat(s.dataFiles()).as("published with every file").allMatch(StagedClaimTest::exists);
          LongStream.range(first, first + 3).forEach(expected::add);
        } else {
          discarded++;
          assertThat(publishError).isIn(StagedCommitException.Kind.DISCARDING, StagedCommitException.Kind.NOT_FOUND);
          assertThat(s.dataFiles()).as("discarded files are gone").noneMatch(StagedClaimTest::exists);
        }
        assertThat(TestTables.ids(t)).as("round " + round)
            .containsExactly(expected.stream().mapToLong(Long::longValue).sorted().toArray());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(published + discarded).isEqualTo(40);
    // every live file is present: nothing published lost a file to a discard
    for (var f : t.snapshot().files()) {
      assertThat(dir.resolve(io.tidelake.table.internal.DataPaths.percentDecode(f.path()))).exists();
    }
  }

  @Test
  void aCrashedPublishBlocksDiscardOnlyUntilPublishedAgain() {
    Table t = TestTables.create(dir);
    StagedCommit s = t.newAppend().addRows(TestTables.rows(0, 3)).stage("p");
    Object nonce = s.record().get("nonce");
    StagedClaim.take(t.context(), "p", nonce, StagedClaim.Kind.PUBLISH); // a publisher that died after claiming

    assertThatThrownBy(s::discard).isInstanceOfSatisfying(StagedCommitException.class,
        e -> assertThat(e.kind()).isEqualTo(StagedCommitException.Kind.PUBLISHING));
    assertThat(s.dataFiles()).allMatch(StagedClaimTest::exists);
    assertThat(s.publish().committed()).as("the next publish joins the claim and finishes").isTrue();
    assertThat(TestTables.ids(t)).containsExactly(0, 1, 2);
  }

  @Test
  void aPublishThatConflictsReleasesItsClaimSoDiscardWorks() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 9)).commit();
    StagedCommit s = t.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(
        TestTables.rowsOnDate(100, 2, java.time.LocalDate.of(2025, 1, 1))).stage("o");
    t.newDelete().where("date = '2025-01-01'").commit();
    assertThatThrownBy(s::publish).isInstanceOf(ConflictException.class);
    s.discard();
    assertThat(s.dataFiles()).noneMatch(StagedClaimTest::exists);
    assertThat(t.stagedCommits()).isEmpty();
  }

  @Test
  void aCrashedDiscardIsFinishedByDiscardingAgainAndPublishRefusesMeanwhile() {
    Table t = TestTables.create(dir);
    StagedCommit s = t.newAppend().addRows(TestTables.rows(0, 3)).stage("d");
    StagedClaim.take(t.context(), "d", s.record().get("nonce"), StagedClaim.Kind.DISCARD);
    t.context().store().delete(s.dataFiles().get(0)); // it died after deleting a file

    assertThatThrownBy(s::publish).isInstanceOfSatisfying(StagedCommitException.class,
        e -> assertThat(e.kind()).isEqualTo(StagedCommitException.Kind.DISCARDING));
    assertThat(t.snapshot().version()).isEqualTo(0);
    s.discard();
    assertThat(t.stagedCommits()).isEmpty();
    assertThat(s.dataFiles()).noneMatch(StagedClaimTest::exists);
    assertThat(TestTables.dataFiles(dir)).isEmpty();
  }

  @Test
  void anExpiredStagedCommitIsDiscardedDespiteAStalePublishClaim() {
    Table t = TestTables.create(dir);
    StagedCommit s = t.newAppend().addRows(TestTables.rows(0, 3)).stage("e");
    StagedClaim.take(t.context(), "e", s.record().get("nonce"), StagedClaim.Kind.PUBLISH);
    t.newPropertiesUpdate().set(TableProperties.STAGED_COMMIT_RETENTION, "interval 0 seconds").commit();
    s.discard();
    assertThat(t.stagedCommits()).isEmpty();
    assertThat(TestTables.dataFiles(dir)).isEmpty();
  }
}
