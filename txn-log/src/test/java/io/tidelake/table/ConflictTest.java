package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.table.ConflictException.Kind;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta's conflict rules, each provoked deterministically: transaction A reads version v, B commits
 * v+1, then A commits and loses the race for v+1. A conflicting A must leave the table exactly as B left
 * it, including no stray data files.
 */
class ConflictTest {
  static final LocalDate D1 = LocalDate.of(2025, 1, 1);
  static final LocalDate D2 = LocalDate.of(2025, 1, 2);

  @TempDir Path dir;
  Table table;

  @BeforeEach
  void setUp() {
    table = TestTables.create(dir);
    table.newAppend().addRows(TestTables.rows(0, 30)).commit(); // v1: 10 rows on each of 3 dates
  }

  /** The table is at {@code version} and the loser left no file behind that the log does not know. */
  private void assertUnchangedSince(long version) {
    assertThat(table.snapshot().version()).isEqualTo(version);
    assertThat(TestTables.dataFiles(dir)).containsExactlyInAnyOrderElementsOf(TestTables.referencedFiles(table));
  }

  @Test
  void blindAppendsNeverConflict() {
    AppendFiles a = table.newAppend().addRows(TestTables.rows(100, 5));
    table.newAppend().addRows(TestTables.rows(200, 5)).commit();
    CommitResult r = a.commit();
    assertThat(r.version()).isEqualTo(3);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(table.newScan().count()).isEqualTo(40);
  }

  @Test
  void replaceWhereConflictsWithConcurrentAppendIntoTheReplacedPartition() {
    OverwriteFiles a = table.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(TestTables.rowsOnDate(500, 3, D1));
    table.newAppend().addRows(TestTables.rowsOnDate(600, 2, D1)).commit(); // v2 into the same partition
    assertThatThrownBy(a::commit).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.CONCURRENT_APPEND);
      assertThat(e.winningVersion()).isEqualTo(2);
      assertThat(e.getMessage()).contains("date=2025-01-01");
    });
    assertUnchangedSince(2);
  }

  @Test
  void aLoserCatchingUpChecksEveryCommitItSkipped() {
    OverwriteFiles a = table.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(TestTables.rowsOnDate(500, 3, D1));
    table.newAppend().addRows(TestTables.rowsOnDate(600, 2, D2)).commit(); // v2: harmless
    table.newAppend().addRows(TestTables.rowsOnDate(700, 2, D1)).commit(); // v3: into the replaced partition
    table.newAppend().addRows(TestTables.rowsOnDate(800, 2, D2)).commit(); // v4: harmless
    assertThatThrownBy(a::commit).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.CONCURRENT_APPEND);
      assertThat(e.winningVersion()).isEqualTo(3);
    });
    assertUnchangedSince(4);
  }

  @Test
  void aLoserCatchingUpCommitsRightAfterTheNewestVersion() {
    AppendFiles a = table.newAppend().addRows(TestTables.rows(100, 5));
    for (int i = 0; i < 5; i++) {
      table.newAppend().addRows(TestTables.rows(200 + i, 1)).commit(); // v2..v6
    }
    CommitResult r = a.commit();
    assertThat(r.version()).isEqualTo(7);
    assertThat(r.attempts()).isEqualTo(2); // one lost race, then straight to the head
  }

  @Test
  void replaceWhereDoesNotConflictWithAppendIntoAnotherPartition() {
    OverwriteFiles a = table.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(TestTables.rowsOnDate(500, 3, D1));
    table.newAppend().addRows(TestTables.rowsOnDate(600, 2, D2)).commit();
    assertThat(a.commit().version()).isEqualTo(3);
    assertThat(table.newScan().where("date = '2025-01-01'").count()).isEqualTo(3);
    assertThat(table.newScan().where("date = '2025-01-02'").count()).isEqualTo(12);
  }

  @Test
  void deleteConflictsWithConcurrentDeleteOfAFileItRead() {
    DeleteRows a = table.newDelete().where("date = '2025-01-02' AND amount > 10");
    table.newDelete().where("date = '2025-01-02'").commit(); // removes the file A will rewrite
    assertThatThrownBy(a::commit).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CONCURRENT_DELETE_READ));
    assertUnchangedSince(2);
  }

  @Test
  void deleteConflictsWithConcurrentAppendMatchingItsPredicate() {
    DeleteRows a = table.newDelete().where("country = 'FR'");
    table.newAppend().addRows(TestTables.rows(301, 1)).commit(); // id 301 is FR
    assertThatThrownBy(a::commit).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CONCURRENT_APPEND));
    assertThat(table.newScan().where("country = 'FR'").count()).isEqualTo(16);
  }

  @Test
  void writeSerializableDeleteIgnoresConcurrentBlindAppend() {
    DeleteRows a = table.newDelete().where("country = 'FR'").writeSerializable();
    table.newAppend().addRows(TestTables.rows(301, 1)).commit();
    a.commit();
    // the concurrently appended FR row survives: WriteSerializable orders the delete before the append
    assertThat(table.newScan().where("country = 'FR'").count()).isEqualTo(1);
  }

  @Test
  void deleteWithStatsDisjointAppendDoesNotConflict() {
    DeleteRows a = table.newDelete().where("amount < 5");
    table.newAppend().addRows(TestTables.rows(1000, 3)).commit(); // amounts 1000..1002: stats prove no match
    a.commit();
    assertThat(table.newScan().where("amount < 5").count()).isZero();
    assertThat(table.newScan().count()).isEqualTo(28);
  }

  @Test
  void overwriteOfWholeTableConflictsWithAnyConcurrentAppend() {
    OverwriteFiles a = table.newOverwrite().addRows(TestTables.rows(900, 2));
    table.newAppend().addRows(TestTables.rows(700, 1)).commit();
    assertThatThrownBy(a::commit).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CONCURRENT_APPEND));
    assertUnchangedSince(2);
  }

  @Test
  void sameApplicationIdCommittedConcurrently() {
    AppendFiles a = table.newAppend().txn("job", 7).addRows(TestTables.rows(100, 1));
    table.newAppend().txn("job", 7).addRows(TestTables.rows(100, 1)).commit();
    assertThatThrownBy(a::commit).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CONCURRENT_TRANSACTION));
    assertUnchangedSince(2);
    assertThat(table.newScan().count()).isEqualTo(31);
  }

  @Test
  void concurrentCreateOfTheSameTable() {
    Path other = dir.resolve("t2");
    CreateTable a = Table.create(other.toString()).schema(TestTables.SCHEMA);
    Table.create(other.toString()).schema(TestTables.SCHEMA).create();
    assertThatThrownBy(a::create).isInstanceOf(TableAlreadyExistsException.class);
  }
}
