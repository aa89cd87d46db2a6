package io.tidelake.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidelake.format.Row;
import io.tidelake.quality.Expectation;
import io.tidelake.quality.ExpectationFailedException;
import io.tidelake.quality.ExpectationSuite;
import io.tidelake.quality.OnFailure;
import io.tidelake.quality.SuiteResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-call write-audit-publish: blocked loads commit nothing and leave no files, quarantined rows land in
 * the quarantine table (and only there), exactly once across a crash between the two commits, the
 * quarantine threshold fails the whole load, warnings only report.
 */
class WriteAuditPublishTest {
  @TempDir Path dir;

  @AfterEach
  void resetHook() {
    WriteAuditPublish.afterQuarantineCommit = () -> {};
  }

  private Table target() {
    return TestTables.create(dir.resolve("t"));
  }

  private String qLocation() {
    return dir.resolve("q").toString();
  }

  private static ExpectationSuite amountAtMost(double max) {
    return ExpectationSuite.named("amounts")
        .expect(Expectation.notNull("id"))
        .expect(Expectation.between("amount", 0, max).onFailure(OnFailure.QUARANTINE));
  }

  private static long[] ids(Table t) {
    return TestTables.ids(t);
  }

  @Test
  void blockedLoadCommitsNothingAndLeavesNoFiles() {
    Table t = target();
    t.newAppend().addRows(TestTables.rows(0, 5)).commit();
    List<String> files = TestTables.dataFiles(dir.resolve("t"));
    ExpectationSuite suite = ExpectationSuite.named("s").expect(Expectation.inSet("country", List.of("DE")));
    ExpectationFailedException e = assertThrows(ExpectationFailedException.class,
        () -> t.newAppend().addRows(TestTables.rows(100, 10)).expect(suite).commit());
    assertEquals(5L, e.result().results().get(0).unexpectedCount()); // the FR rows
    assertTrue(e.result().blocked());
    assertEquals(1, t.snapshot().version());
    assertEquals(files, TestTables.dataFiles(dir.resolve("t")));
  }

  @Test
  void quarantinedRowsGoToTheQuarantineTableOnly() {
    Table t = target();
    // random amounts: a differential check against the simple rule "amount <= 50 stays"
    Random rnd = new Random(7);
    List<Row> rows = new ArrayList<>();
    List<Long> good = new ArrayList<>();
    List<Long> bad = new ArrayList<>();
    for (long id = 0; id < 300; id++) {
      double amount = rnd.nextInt(70);
      rows.add(Row.of(TestTables.SCHEMA, id, LocalDate.of(2025, 1, 1 + (int) (id % 3)), "DE", amount));
      (amount <= 50 ? good : bad).add(id);
    }
    CommitResult r = t.newAppend().addRows(rows).expect(amountAtMost(50)).quarantineTo(qLocation()).commit();
    assertTrue(r.committed());
    assertArrayEquals(good.stream().mapToLong(x -> x).toArray(), ids(t));
    assertEquals(String.valueOf(good.size()), r.metrics().get("numOutputRows"));
    Table q = Table.open(qLocation());
    List<Row> qrows = q.newScan().toList();
    assertArrayEquals(bad.stream().mapToLong(x -> x).toArray(),
        qrows.stream().mapToLong(x -> x.getLong("id")).sorted().toArray());
    Row first = qrows.get(0);
    assertEquals(List.of("#1 expect_column_values_to_be_between(amount)"), first.getList(first.ordinal("_quarantine_reasons")));
    assertEquals(t.location(), first.getString("_target_table"));
    assertTrue(first.get("_quarantined_at") != null && first.get("_quarantine_run_id") != null);
    // the results are in the target commit's commitInfo, and say how many rows were quarantined
    SuiteResult stored = SuiteResult.fromJson((String) t.history(1).get(0).commitInfo().get("tidelakeExpectations"));
    assertEquals(bad.size(), stored.quarantinedRows());
    // no data file of the target holds a quarantined row, and none is unreferenced
    assertEquals(new java.util.TreeSet<>(TestTables.referencedFiles(t)),
        new java.util.TreeSet<>(TestTables.dataFiles(dir.resolve("t"))));
  }

  @Test
  void crashBetweenQuarantineAndPublishThenRerunKeepsEachRowOnce() {
    Table t = target();
    List<Row> rows = TestTables.rows(0, 100); // amount = id: 0..60 stay, 61..99 quarantined
    WriteAuditPublish.afterQuarantineCommit = () -> {
      throw new IllegalStateException("injected crash");
    };
    assertThrows(IllegalStateException.class, () -> t.newAppend().txn("job", 1).addRows(rows)
        .expect(amountAtMost(60)).quarantineTo(qLocation()).commit());
    assertEquals(0, t.snapshot().version());
    assertEquals(39, Table.open(qLocation()).newScan().count());
    assertEquals(List.of(), TestTables.dataFiles(dir.resolve("t")), "the rewritten files are deleted too");
    WriteAuditPublish.afterQuarantineCommit = () -> {};

    for (int run = 0; run < 2; run++) { // the re-run, then a re-run of the re-run
      t.newAppend().txn("job", 1).addRows(rows).expect(amountAtMost(60)).quarantineTo(qLocation()).commit();
      Table q = Table.open(qLocation());
      long[] all = LongStream.concat(LongStream.of(ids(t)), q.newScan().toList().stream().mapToLong(r -> r.getLong("id")))
          .sorted().toArray();
      assertArrayEquals(LongStream.range(0, 100).toArray(), all);
      assertArrayEquals(LongStream.range(0, 61).toArray(), ids(t));
      assertEquals(1, t.snapshot().version());
      assertEquals(1, q.snapshot().version());
    }
  }

  @Test
  void quarantineThresholdFailsTheWholeLoad() {
    Table t = target();
    ExpectationSuite suite = amountAtMost(60).maxQuarantinedPercent(10);
    ExpectationFailedException e = assertThrows(ExpectationFailedException.class, () -> t.newAppend()
        .addRows(TestTables.rows(0, 100)).expect(suite).quarantineTo(qLocation()).commit());
    assertTrue(e.result().quarantineThresholdExceeded());
    assertTrue(e.getMessage().contains("max_quarantined_percent"), e.getMessage());
    assertEquals(0, t.snapshot().version());
    assertFalse(Table.exists(t.store(), qLocation()));
    assertTrue(TestTables.dataFiles(dir.resolve("t")).isEmpty());
  }

  @Test
  void warningsOnlyReport() {
    Table t = target();
    ExpectationSuite suite = ExpectationSuite.named("w").expect(Expectation.inSet("country", List.of("DE"))
        .onFailure(OnFailure.WARN));
    assertTrue(t.newAppend().addRows(TestTables.rows(0, 10)).expect(suite).commit().committed());
    assertEquals(10, t.newScan().count());
    SuiteResult stored = SuiteResult.fromJson((String) t.history(1).get(0).commitInfo().get("tidelakeExpectations"));
    assertFalse(stored.success());
    assertFalse(stored.blocked());
  }

  @Test
  void quarantineWithoutATableIsATypedError() {
    Table t = target();
    assertThrows(io.tidelake.format.TidelakeException.class,
        () -> t.newAppend().addRows(TestTables.rows(0, 10)).expect(amountAtMost(5)).commit());
    assertEquals(0, t.snapshot().version());
    assertTrue(TestTables.dataFiles(dir.resolve("t")).isEmpty());
  }

  @Test
  void overwriteAuditsOnlyItsNewRowsNotTheRowsItKeeps() {
    Table t = target();
    t.newAppend().addRows(TestTables.rowsOnDate(0, 100, LocalDate.of(2025, 1, 1))).commit(); // amounts 0..99
    // replace ids >= 90 of the day: the kept rows (amounts up to 89) would fail the suite if audited
    List<Row> fresh = new ArrayList<>();
    for (long id = 90; id < 95; id++) {
      fresh.add(Row.of(TestTables.SCHEMA, id, LocalDate.of(2025, 1, 1), "DE", id == 94 ? 70.0 : 1.0));
    }
    CommitResult r = t.newOverwrite().replaceWhere("date = '2025-01-01' AND id >= 90").addRows(fresh)
        .expect(amountAtMost(60)).quarantineTo(qLocation()).commit();
    assertTrue(r.committed());
    assertArrayEquals(LongStream.range(0, 94).toArray(), ids(t));
    assertEquals(1, Table.open(qLocation()).newScan().count());
  }

  @Test
  void aQuarantineTableMissingATargetColumnIsRefusedAndNothingIsCommitted() {
    Table t = target();
    Table.create(qLocation()).schema(io.tidelake.format.types.SchemaDdl.parse(
        "id long, _quarantine_reasons array<string>, _quarantine_run_id string, _quarantined_at timestamp, "
            + "_target_table string")).create().close();
    io.tidelake.format.SchemaViolationException e = assertThrows(io.tidelake.format.SchemaViolationException.class,
        () -> t.newAppend().addRows(TestTables.rows(0, 100)).expect(amountAtMost(60)).quarantineTo(qLocation())
            .commit());
    assertTrue(e.getMessage().contains("[date, country, amount]"), e.getMessage());
    assertEquals(0, t.snapshot().version());
    assertEquals(0, Table.open(qLocation()).snapshot().version());
    assertEquals(List.of(), TestTables.dataFiles(dir.resolve("t")));
  }

  @Test
  void theTargetItselfOrAPlainTableIsNotAQuarantineTable() {
    Table t = target();
    String self = dir.resolve("t").toString();
    io.tidelake.format.SchemaViolationException e = assertThrows(io.tidelake.format.SchemaViolationException.class,
        () -> t.newAppend().addRows(TestTables.rows(0, 100)).expect(amountAtMost(60)).quarantineTo(self).commit());
    assertTrue(e.getMessage().contains("is not a quarantine table"), e.getMessage());
    assertEquals(0, t.snapshot().version());
    assertEquals(List.of(), TestTables.dataFiles(dir.resolve("t")));
  }
}
