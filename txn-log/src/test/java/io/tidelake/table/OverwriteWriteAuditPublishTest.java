package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.quality.Expectation;
import io.tidelake.quality.ExpectationFailedException;
import io.tidelake.quality.ExpectationSuite;
import io.tidelake.quality.OnFailure;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-call write-audit-publish on a whole-table overwrite and a replaceWhere: a blocking expectation
 * keeps the old rows and leaves no file; quarantined rows go only to the quarantine table; with a txn a
 * crash between the quarantine commit and the overwrite's commit is repaired by a re-run, each row once.
 */
class OverwriteWriteAuditPublishTest {
  @TempDir Path dir;

  @AfterEach
  void resetHook() {
    WriteAuditPublish.afterQuarantineCommit = () -> {};
  }

  private static ExpectationSuite amountAtMost(double max, OnFailure onFailure) {
    return ExpectationSuite.named("amounts").expect(Expectation.between("amount", 0, max).onFailure(onFailure));
  }

  private Table table() {
    Table t = TestTables.create(dir.resolve("t"));
    t.newAppend().addRows(TestTables.rows(0, 30)).commit();
    return t;
  }

  @Test
  void blockedWholeTableOverwriteKeepsTheOldRowsAndLeavesNoFile() {
    Table t = table();
    List<String> files = TestTables.dataFiles(dir.resolve("t"));
    ExpectationFailedException e = (ExpectationFailedException) org.junit.jupiter.api.Assertions.assertThrows(
        ExpectationFailedException.class,
        () -> t.newOverwrite().addRows(TestTables.rows(100, 10)).expect(amountAtMost(50, OnFailure.FAIL)).commit());
    assertThat(e.result().results().get(0).unexpectedCount()).isEqualTo(10);
    assertThat(t.snapshot().version()).isEqualTo(1);
    assertThat(TestTables.ids(t)).containsExactly(LongStream.range(0, 30).toArray());
    assertThat(TestTables.dataFiles(dir.resolve("t"))).isEqualTo(files);
  }

  @Test
  void wholeTableOverwriteQuarantinesAndPublishesTheRest() {
    Table t = table();
    String q = dir.resolve("q").toString();
    List<Row> fresh = TestTables.rows(40, 20); // amounts 40..59
    CommitResult r = t.newOverwrite().addRows(fresh).expect(amountAtMost(49, OnFailure.QUARANTINE)).quarantineTo(q)
        .commit();
    assertThat(r.committed()).isTrue();
    assertThat(TestTables.ids(t)).containsExactly(LongStream.range(40, 50).toArray());
    assertThat(Table.open(q).newScan().toList()).extracting(row -> row.getLong("id"))
        .containsExactlyInAnyOrderElementsOf(LongStream.range(50, 60).boxed().toList());
    assertThat(String.valueOf(t.history(1).get(0).commitInfo().get("tidelakeExpectations"))).contains("amounts");
  }

  @Test
  void replaceWhereWithTxnIsExactlyOnceAcrossACrashAfterTheQuarantineCommit() {
    Table t = table();
    String q = dir.resolve("q").toString();
    List<Row> fresh = TestTables.rowsOnDate(100, 10, LocalDate.of(2025, 1, 1)); // amounts 100..109
    WriteAuditPublish.afterQuarantineCommit = () -> {
      throw new IllegalStateException("crash");
    };
    assertThatThrownBy(() -> t.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(fresh)
        .expect(amountAtMost(104, OnFailure.QUARANTINE)).quarantineTo(q).txn("job", 7).commit())
        .hasMessage("crash");
    assertThat(Table.open(q).newScan().count()).isEqualTo(5);
    assertThat(t.snapshot().version()).isEqualTo(1);

    WriteAuditPublish.afterQuarantineCommit = () -> {};
    Table again = Table.open(t.location());
    assertThat(again.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(fresh)
        .expect(amountAtMost(104, OnFailure.QUARANTINE)).quarantineTo(q).txn("job", 7).commit().committed()).isTrue();
    assertThat(Table.open(q).newScan().count()).as("not quarantined twice").isEqualTo(5);
    long[] kept = LongStream.range(0, 30).filter(id -> id % 3 != 0).toArray();
    long[] expected = LongStream.concat(LongStream.of(kept), LongStream.range(100, 105)).sorted().toArray();
    assertThat(TestTables.ids(again)).containsExactly(expected);
  }
}
