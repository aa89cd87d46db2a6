package io.tidelake.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.quality.Expectation;
import io.tidelake.quality.ExpectationFailedException;
import io.tidelake.quality.ExpectationSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged commits: invisible until published, identical rows after, conflict-checked against commits since
 * their base, idempotent publish, discard that cleans up, and refusals (typed, nothing committed) for
 * missing files, expiry, duplicates and blocking audits.
 */
class StagedCommitTest {
  @TempDir Path dir;

  private static long[] ids(CloseableIterator<Row> it) {
    try (it) {
      return it.toList().stream().mapToLong(r -> r.getLong("id")).sorted().toArray();
    }
  }

  private static long[] range(long from, long to) {
    return LongStream.range(from, to).toArray();
  }

  @Test
  void stagedAppendIsInvisibleUntilPublishedThenIdentical() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 30)).commit();
    long before = t.snapshot().version();
    StagedCommit s = t.newAppend().addRows(TestTables.rows(100, 20)).stage("load-1");

    assertEquals(before, t.snapshot().version());
    assertArrayEquals(range(0, 30), TestTables.ids(t));
    assertEquals(List.of("load-1"), t.stagedCommits().stream().map(StagedCommit::id).toList());
    assertArrayEquals(range(100, 120), ids(s.stagedRows()));
    long[] after = LongStream.concat(LongStream.range(0, 30), LongStream.range(100, 120)).toArray();
    assertArrayEquals(after, ids(s.scan()));
    for (String f : s.dataFiles()) {
      assertTrue(Files.exists(Path.of(f.replace("file:", ""))), f);
    }
    // a restart: a new Table object sees the same staged commit
    StagedCommit reopened = Table.open(dir.toString()).stagedCommit("load-1");
    CommitResult r = reopened.publish();
    assertTrue(r.committed());
    assertEquals(before + 1, r.version());
    assertArrayEquals(after, TestTables.ids(t));
    HistoryEntry h = t.history(1).get(0);
    assertEquals("WRITE", h.operation());
    assertEquals("20", h.operationMetrics().get("numOutputRows"));
    assertEquals("load-1", h.commitInfo().get("tidelakeStagedCommit"));
    assertTrue(t.snapshot().transactionVersion(s.publishAppId()).isPresent());
    // idempotent: publishing again commits nothing
    CommitResult again = s.publish();
    assertFalse(again.committed());
    assertEquals(r.version(), again.version());
    assertEquals(r.version(), t.snapshot().version());
    assertTrue(t.stagedCommits().isEmpty());
    StagedCommitException e = assertThrows(StagedCommitException.class, s::discard);
    assertEquals(StagedCommitException.Kind.ALREADY_PUBLISHED, e.kind());
  }

  @Test
  void publishAfterConcurrentAppendToAnotherPartitionSucceeds() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rowsOnDate(0, 10, LocalDate.of(2025, 1, 1))).commit();
    StagedCommit s = t.newOverwrite().replaceWhere("date = '2025-01-01'")
        .addRows(TestTables.rowsOnDate(50, 5, LocalDate.of(2025, 1, 1))).stage("backfill");
    t.newAppend().addRows(TestTables.rowsOnDate(200, 7, LocalDate.of(2025, 1, 2))).commit();
    assertTrue(s.publish().committed());
    long[] expected = LongStream.concat(LongStream.range(50, 55), LongStream.range(200, 207)).toArray();
    assertArrayEquals(expected, TestTables.ids(t));
  }

  @Test
  void conflictingOverwriteFailsTypedAndDiscardCleansUp() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rowsOnDate(0, 10, LocalDate.of(2025, 1, 1))).commit();
    StagedCommit s = t.newOverwrite().replaceWhere("date = '2025-01-01'")
        .addRows(TestTables.rowsOnDate(50, 5, LocalDate.of(2025, 1, 1))).stage("backfill");
    t.newOverwrite().replaceWhere("date = '2025-01-01'")
        .addRows(TestTables.rowsOnDate(70, 3, LocalDate.of(2025, 1, 1))).commit();
    long version = t.snapshot().version();
    assertThrows(ConflictException.class, s::publish);
    assertEquals(version, t.snapshot().version());
    assertArrayEquals(range(70, 73), TestTables.ids(t));
    List<String> files = s.dataFiles();
    s.discard();
    for (String f : files) {
      assertFalse(Files.exists(Path.of(f.replace("file:", ""))), f);
    }
    assertTrue(t.stagedCommits().isEmpty());
    StagedCommitException gone = assertThrows(StagedCommitException.class, s::publish);
    assertEquals(StagedCommitException.Kind.NOT_FOUND, gone.kind());
    assertEquals(StagedCommitException.Kind.NOT_FOUND,
        assertThrows(StagedCommitException.class, () -> t.stagedCommit("backfill")).kind());
    // nothing unreferenced is left in the table's data directories
    assertEquals(new java.util.TreeSet<>(TestTables.referencedFiles(t)), new java.util.TreeSet<>(TestTables.dataFiles(dir)));
  }

  @Test
  void publishRefusesWhenAFileWasVacuumedElsewhere() throws Exception {
    Table t = TestTables.create(dir);
    StagedCommit s = t.newAppend().addRows(TestTables.rows(0, 30)).stage("v");
    Files.delete(Path.of(s.dataFiles().get(0).replace("file:", "")));
    long version = t.snapshot().version();
    StagedCommitException e = assertThrows(StagedCommitException.class, s::publish);
    assertEquals(StagedCommitException.Kind.FILES_MISSING, e.kind());
    assertTrue(e.getMessage().contains("discard"), e.getMessage());
    assertEquals(version, t.snapshot().version());
    s.discard(); // the remaining files go
    assertTrue(TestTables.dataFiles(dir).isEmpty());
  }

  @Test
  void concurrentPublishersCommitOnce() throws Exception {
    Table t = TestTables.create(dir);
    StagedCommit s = t.newAppend().addRows(TestTables.rows(0, 10)).stage("race");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CommitResult>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<CommitResult> c = () -> Table.open(dir.toString()).stagedCommit("race").publish();
        results.add(pool.submit(c));
      }
      int committed = 0;
      for (Future<CommitResult> f : results) {
        committed += f.get().committed() ? 1 : 0;
        assertEquals(1, f.get().version()); // losers report the winner's version, not a later one
      }
      assertEquals(1, committed);
    } finally {
      pool.shutdownNow();
    }
    assertArrayEquals(range(0, 10), TestTables.ids(t));
    assertEquals(1, t.snapshot().version());
  }

  @Test
  void aPublishWhoseRecordUpdateWasLostIsRepairedWithItsRealVersion() throws Exception {
    Table t = TestTables.create(dir);
    StagedCommit s = t.newAppend().addRows(TestTables.rows(0, 10)).stage("lost");
    Path record = dir.resolve("_delta_log/_tidelake_staged/lost.json");
    byte[] beforePublish = Files.readAllBytes(record);
    long published = s.publish().version();
    t.newAppend().addRows(TestTables.rows(100, 3)).commit();
    t.newAppend().addRows(TestTables.rows(200, 3)).commit();
    // the process "died" between the publish commit and the record update
    Files.write(record, beforePublish);
    assertEquals(1, t.stagedCommits().size());

    CommitResult again = t.stagedCommit("lost").publish();
    assertFalse(again.committed());
    assertEquals(published, again.version());
    assertTrue(t.stagedCommits().isEmpty()); // the record now says published
    assertEquals(published, t.stagedCommit("lost").publishedVersion().getAsLong());
    assertEquals(published + 2, t.snapshot().version()); // nothing committed twice
    assertEquals(16, TestTables.ids(t).length);
  }

  @Test
  void badIdsDuplicatesAndExpiryAreTyped() throws Exception {
    Table t = TestTables.create(dir);
    assertEquals(StagedCommitException.Kind.INVALID_ID, assertThrows(StagedCommitException.class,
        () -> t.newAppend().addRows(TestTables.rows(0, 3)).stage("../x")).kind());
    t.newAppend().addRows(TestTables.rows(0, 3)).stage("dup");
    List<String> filesBefore = TestTables.dataFiles(dir);
    assertEquals(StagedCommitException.Kind.ALREADY_EXISTS, assertThrows(StagedCommitException.class,
        () -> t.newAppend().addRows(TestTables.rows(10, 3)).stage("dup")).kind());
    assertEquals(filesBefore, TestTables.dataFiles(dir)); // the refused stage left no files
    t.newPropertiesUpdate().set(TableProperties.STAGED_COMMIT_RETENTION, "interval 1 milliseconds").commit();
    Thread.sleep(5);
    StagedCommit s = t.stagedCommit("dup");
    assertTrue(s.expired());
    assertEquals(StagedCommitException.Kind.EXPIRED, assertThrows(StagedCommitException.class, s::publish).kind());
    s.discard();
  }

  @Test
  void projectedAuditOfStagedRowsAgreesWithAFullRowEvaluation() {
    Table t = TestTables.create(dir);
    List<Row> rows = TestTables.rows(0, 200);
    ExpectationSuite suite = ExpectationSuite.named("s")
        .expect(Expectation.between("amount", 10, 150))
        .expect(Expectation.inSet("country", List.of("DE")))
        .expect(Expectation.rowCondition("amount < 100 OR country = 'DE'"))
        .expect(Expectation.of("expect_table_columns_to_match_set",
            java.util.Map.of("column_set", List.of("id", "date", "country", "amount"))));
    StagedCommit s = t.newAppend().addRows(rows).expect(suite).stage("p");
    assertEquals(List.of("country", "amount"), suite.bind(TestTables.SCHEMA).columnsRead());
    io.tidelake.quality.SuiteResult full = suite.bind(TestTables.SCHEMA).evaluate(rows);
    for (io.tidelake.quality.SuiteResult projected : List.of(s.expectations().orElseThrow(), s.audit(suite))) {
      for (int i = 0; i < 4; i++) {
        io.tidelake.quality.ExpectationResult a = full.results().get(i);
        io.tidelake.quality.ExpectationResult b = projected.results().get(i);
        assertEquals(a.success(), b.success(), a.toString());
        assertEquals(a.unexpectedCount(), b.unexpectedCount(), a.toString());
        assertEquals(a.observedValue(), b.observedValue(), a.toString());
      }
    }
    assertTrue(full.results().get(3).success()); // the column set sees the table's columns, not the projection
  }

  @Test
  void auditResultsAreStoredAndBlockPublishUnlessForced() {
    Table t = TestTables.create(dir);
    ExpectationSuite suite = ExpectationSuite.named("s").expect(Expectation.between("amount", 0, 5));
    StagedCommit s = t.newAppend().addRows(TestTables.rows(0, 10)).expect(suite).stage("audited");
    assertTrue(s.expectations().orElseThrow().blocked());
    assertEquals(4L, s.expectations().get().results().get(0).unexpectedCount()); // 6..9
    ExpectationFailedException e = assertThrows(ExpectationFailedException.class, s::publish);
    assertTrue(e.getMessage().contains("expect_column_values_to_be_between"), e.getMessage());
    assertEquals(0, t.snapshot().version());
    assertTrue(s.publish(true).committed());
    String stored = (String) t.history(1).get(0).commitInfo().get("tidelakeExpectations");
    assertTrue(stored.contains("\"unexpected_count\":4"), stored);
  }

  @Test
  void stagingWithAQuarantineIsRefusedBeforeAnythingIsWritten() {
    Table t = TestTables.create(dir);
    ExpectationSuite quarantining = ExpectationSuite.named("q").expect(Expectation.between("amount", 0, 10)
        .onFailure(io.tidelake.quality.OnFailure.QUARANTINE));
    StagedCommitException e = assertThrows(StagedCommitException.class,
        () -> t.newAppend().addRows(TestTables.rows(0, 50)).expect(quarantining).stage("q1"));
    assertEquals(StagedCommitException.Kind.NOT_SUPPORTED, e.kind());
    assertTrue(e.getMessage().contains("quarantined rows would reach"), e.getMessage());
    assertThrows(StagedCommitException.class, () -> t.newAppend().addRows(TestTables.rows(0, 5))
        .quarantineTo(dir.resolve("q").toString()).stage("q2"));
    assertTrue(t.stagedCommits().isEmpty());
    assertEquals(List.of(), TestTables.dataFiles(dir));
  }

  @Test
  void aBadIdLeavesNoFilesBehind() {
    Table t = TestTables.create(dir);
    assertThrows(StagedCommitException.class, () -> t.newAppend().addRows(TestTables.rows(0, 20)).stage("bad id/.."));
    assertEquals(List.of(), TestTables.dataFiles(dir));
  }
}
