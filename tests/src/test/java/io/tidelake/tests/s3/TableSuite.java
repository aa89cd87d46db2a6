package io.tidelake.tests.s3;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.ids;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.FileInfo;
import io.tidelake.table.AppendFiles;
import io.tidelake.table.CommitResult;
import io.tidelake.table.ConflictException;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.OverwriteFiles;
import io.tidelake.table.ScanPlan;
import io.tidelake.table.Table;
import io.tidelake.table.VersionNotFoundException;
import io.tidelake.table.internal.log.LogPaths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The table-level suite, run unchanged on every backend (local disk, S3Proxy, LocalStack, Hadoop):
 * writes and reads, overwrites and deletes, conflicts, checkpoints, time travel. Each test has a fresh
 * table (on S3, in a fresh bucket).
 */
public abstract class TableSuite extends BackendSuite {
  protected String location;

  /** The backend under test; {@code tempDir} is this test's own directory. */

  @BeforeEach
  void newLocation() {
    location = backend.newLocation();
  }

  private Table newTable() {
    return backend.create(location, SCHEMA).partitionBy("date").create();
  }

  @Test
  void writeThenReadPartitionedWithPruning() {
    Table t = newTable();
    t.newAppend().addRows(rows(0, 60)).commit();
    t.newAppend().addRows(rows(60, 30)).commit();

    Table reader = backend.openIndependently(location); // a second handle with its own store
    assertThat(reader.snapshot().version()).isEqualTo(2);
    assertThat(ids(reader)).containsExactly(LongStream.range(0, 90).toArray());
    ScanPlan plan = reader.newScan().where("date = '2025-01-02'").plan();
    assertThat(plan.files()).hasSize(2); // one file per commit in that partition, the other dates pruned
    List<Row> day2 = reader.newScan().select("id", "country").where("date = '2025-01-02' AND country = 'DE'").toList();
    assertThat(day2).extracting(r -> r.getLong("id")).allMatch(id -> id % 3 == 1 && id % 2 == 0).hasSize(15);
    assertThat(TestData.dataFiles(backend.store(), location))
        .allMatch(f -> f.startsWith("date=2025-01-0")).hasSize(6);
  }

  @Test
  void overwriteReplaceWhereAndDelete() {
    Table t = newTable();
    t.newAppend().addRows(rows(0, 30)).commit();
    t.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(TestData.rowsOnDate(100, 4, LocalDate.of(2025, 1, 1)))
        .commit();
    assertThat(t.newScan().where("date = '2025-01-01'").count()).isEqualTo(4);
    t.newDelete().where("country = 'FR'").commit();
    assertThat(t.newScan().where("country = 'FR'").count()).isZero();
    long[] expected = LongStream.concat(LongStream.range(0, 30).filter(id -> id % 3 != 0 && id % 2 == 0),
        LongStream.range(100, 104)).sorted().toArray();
    assertThat(ids(backend.openIndependently(location))).containsExactly(expected);
    // every file on storage is known to the log (live or tombstoned): nothing leaked
    assertThat(TestData.unreferencedFiles(backend.store(), t)).isEmpty();
  }

  @Test
  void conflictingReplaceWhereLeavesTableAndStorageUnchanged() {
    Table t = newTable();
    t.newAppend().addRows(rows(0, 30)).commit();
    OverwriteFiles a = t.newOverwrite().replaceWhere("date = '2025-01-01'")
        .addRows(TestData.rowsOnDate(500, 3, LocalDate.of(2025, 1, 1)));
    backend.openIndependently(location).newAppend()
        .addRows(TestData.rowsOnDate(600, 2, LocalDate.of(2025, 1, 1))).commit(); // v2, same partition
    assertThatThrownBy(a::commit).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.getMessage()).contains("date=2025-01-01"));
    assertThat(t.snapshot().version()).isEqualTo(2);
    assertThat(t.newScan().count()).isEqualTo(32);
    assertThat(TestData.unreferencedFiles(backend.store(), t)).as("the loser cleaned up its files").isEmpty();
  }

  @Test
  void blindAppendsThatLoseTheRaceRetryAndLand() {
    Table t = newTable();
    AppendFiles a = t.newAppend().addRows(rows(0, 5));
    backend.openIndependently(location).newAppend().addRows(rows(5, 5)).commit(); // takes v1
    CommitResult r = a.commit();
    assertThat(r.version()).isEqualTo(2);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(ids(t)).containsExactly(LongStream.range(0, 10).toArray());
  }

  @Test
  void idempotentWriteCommitsOnce() {
    Table t = newTable();
    assertThat(t.newAppend().txn("job", 1).addRows(rows(0, 3)).commit().committed()).isTrue();
    CommitResult again = backend.openIndependently(location).newAppend().txn("job", 1).addRows(rows(0, 3)).commit();
    assertThat(again.committed()).isFalse();
    assertThat(ids(t)).containsExactly(0, 1, 2);
    assertThat(TestData.unreferencedFiles(backend.store(), t)).isEmpty();
  }

  @Test
  void checkpointsEveryTenCommitsAndLoadingFromThem() {
    Table t = newTable(); // v0
    for (int i = 0; i < 24; i++) {
      t.newAppend().addRows(rows(i * 2L, 2)).commit(); // v1..v24
    }
    t.newDelete().where("id = 0").commit(); // v25: a tombstone in the newest state
    String log = LogPaths.logDir(location);
    List<String> names = backend.store().list(log, null).stream().map(FileInfo::name).toList();
    assertThat(names).contains(LogPaths.classicCheckpointName(10), LogPaths.classicCheckpointName(20),
        LogPaths.LAST_CHECKPOINT);
    assertThat(new String(backend.store().readAll(log + "/" + LogPaths.LAST_CHECKPOINT))).contains("\"version\":20");

    long[] before = ids(t);
    assertThat(before).hasSize(47);
    for (long v = 0; v <= 20; v++) {
      backend.store().delete(LogPaths.deltaFile(location, v)); // only checkpoint 20 + commits 21..25 remain
    }
    Table reopened = backend.openIndependently(location);
    assertThat(reopened.snapshot().version()).isEqualTo(25);
    assertThat(ids(reopened)).containsExactly(before);
    assertThat(reopened.snapshotAt(22).newScan().count()).isEqualTo(44);
    // version 15 needs commits 11..15, which are gone: a typed error naming the first missing one
    assertThatThrownBy(() -> reopened.snapshotAt(15)).isInstanceOf(TidelakeException.class)
        .hasMessageContaining(LogPaths.deltaFileName(11));
  }

  @Test
  void timeTravelByVersionAndTimestamp() throws InterruptedException {
    Table t = newTable(); // v0
    t.newAppend().addRows(rows(0, 3)).commit(); // v1
    Thread.sleep(1100); // S3 modification times have whole-second precision
    t.newAppend().addRows(rows(3, 3)).commit(); // v2
    Thread.sleep(1100);
    t.newDelete().where("id < 2").commit(); // v3

    Table r = backend.openIndependently(location);
    assertThat(ids(r.snapshotAt(1))).containsExactly(0, 1, 2);
    assertThat(ids(r.snapshotAt(2))).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(ids(r.snapshotAt(3))).containsExactly(2, 3, 4, 5);
    long v2Time = backend.store().stat(LogPaths.deltaFile(location, 2)).orElseThrow().modificationTime();
    assertThat(r.snapshotAsOf(Instant.ofEpochMilli(v2Time)).version()).isEqualTo(2);
    assertThat(r.snapshotAsOf(Instant.ofEpochMilli(v2Time - 1)).version()).isEqualTo(1);
    assertThatThrownBy(() -> r.snapshotAt(4)).isInstanceOf(VersionNotFoundException.class);

    List<HistoryEntry> h = r.history();
    assertThat(h).extracting(HistoryEntry::version).containsExactly(3L, 2L, 1L, 0L);
    assertThat(h).extracting(HistoryEntry::operation).containsExactly("DELETE", "WRITE", "WRITE", "CREATE TABLE");
    assertThat(r.changes(2, 3)).extracting(c -> c.adds().size()).containsExactly(3, 0);
  }
}
