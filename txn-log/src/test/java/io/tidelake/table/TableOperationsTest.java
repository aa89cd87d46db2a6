package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.table.actions.AddFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overwrite, replaceWhere, delete, idempotent txn writes, time travel, history and changes. */
class TableOperationsTest {
  static final LocalDate D1 = LocalDate.of(2025, 1, 1);

  @TempDir Path dir;
  Table table;

  @BeforeEach
  void setUp() {
    table = TestTables.create(dir);
    table.newAppend().addRows(TestTables.rows(0, 30)).commit(); // v1
  }

  @Test
  void idempotentTxnWriteCommitsOnce() {
    CommitResult first = table.newAppend().txn("ingest", 5).addRows(TestTables.rows(100, 4)).commit();
    List<String> files = TestTables.dataFiles(dir);
    CommitResult again = table.newAppend().txn("ingest", 5).addRows(TestTables.rows(100, 4)).commit();
    CommitResult older = table.newAppend().txn("ingest", 3).addRows(TestTables.rows(100, 4)).commit();
    assertThat(first.committed()).isTrue();
    assertThat(again.committed()).isFalse();
    assertThat(older.committed()).isFalse();
    assertThat(again.version()).isEqualTo(first.version());
    assertThat(TestTables.dataFiles(dir)).containsExactlyElementsOf(files); // the re-run wrote no data files
    assertThat(table.snapshot().transactionVersion("ingest")).hasValue(5);
    assertThat(table.newAppend().txn("ingest", 6).addRows(TestTables.rows(200, 1)).commit().committed()).isTrue();
    assertThat(table.newScan().count()).isEqualTo(35);
  }

  @Test
  void fullOverwriteReplacesEverything() {
    table.newOverwrite().addRows(TestTables.rows(1000, 5)).commit();
    assertThat(TestTables.ids(table)).containsExactly(1000, 1001, 1002, 1003, 1004);
    assertThat(table.snapshotAt(1).newScan().count()).isEqualTo(30);
  }

  @Test
  void replaceWherePartitionIsIdempotent() {
    for (int run = 0; run < 2; run++) {
      table.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(TestTables.rowsOnDate(500, 3, D1)).commit();
    }
    assertThat(table.newScan().where("date = '2025-01-01'").toList()).extracting(r -> r.getLong("id"))
        .containsExactlyInAnyOrder(500L, 501L, 502L);
    assertThat(table.newScan().count()).isEqualTo(23);
  }

  @Test
  void replaceWhereOnADataRangeRewritesPartlyMatchingFiles() {
    CommitResult r = table.newOverwrite().replaceWhere("amount >= 10 AND amount < 20")
        .addRows(List.of(Row.of(TestTables.SCHEMA, 999L, D1, "DE", 15.0))).commit();
    assertThat(table.newScan().where("amount >= 10 AND amount < 20").toList()).extracting(x -> x.getLong("id"))
        .containsExactly(999L);
    assertThat(table.newScan().count()).isEqualTo(21);
    assertThat(r.metrics()).containsEntry("numCopiedRows", "20").containsEntry("numDeletedRows", "10");
  }

  @Test
  void replaceWhereRefusesRowsOutsideTheCondition() {
    List<String> files = TestTables.dataFiles(dir);
    assertThatThrownBy(() -> table.newOverwrite().replaceWhere("date = '2025-01-01'")
        .addRows(TestTables.rowsOnDate(500, 3, LocalDate.of(2025, 2, 1))).commit())
        .isInstanceOf(ReplaceWhereViolationException.class).hasMessageContaining("Row 0");
    assertThat(TestTables.dataFiles(dir)).containsExactlyElementsOf(files);
    assertThat(table.snapshot().version()).isEqualTo(1);
  }

  @Test
  void deleteDropsWholePartitionsWithoutRewriting() {
    CommitResult r = table.newDelete().where("date = '2025-01-02'").commit();
    assertThat(r.metrics()).containsEntry("numRemovedFiles", "1").containsEntry("numAddedFiles", "0")
        .containsEntry("numDeletedRows", "10").containsEntry("numCopiedRows", "0");
    assertThat(table.newScan().count()).isEqualTo(20);
  }

  @Test
  void deleteKeepsRowsWherePredicateIsNull() {
    table.newAppend().addRows(List.of(Row.fromMap(TestTables.SCHEMA, java.util.Map.of("id", 77L, "date", D1)))).commit();
    table.newDelete().where("country = 'FR'").commit();
    assertThat(table.newScan().where("country IS NULL").count()).isEqualTo(1);
    assertThat(table.newScan().count()).isEqualTo(16);
  }

  @Test
  void scanPrunesByPartitionAndStats() {
    ScanPlan byPartition = table.newScan().where("date = '2025-01-03'").plan();
    assertThat(byPartition.totalFiles()).isEqualTo(3);
    assertThat(byPartition.afterPartitionPruning()).isEqualTo(1);
    table.newAppend().addRows(TestTables.rows(1000, 3)).commit(); // ids/amounts 1000..1002
    ScanPlan byStats = table.newScan().where("amount > 500").plan();
    assertThat(byStats.afterPartitionPruning()).isEqualTo(6);
    assertThat(byStats.afterStatsSkipping()).isEqualTo(3);
    assertThat(table.newScan().select("id").where("amount > 500").toList()).extracting(x -> x.getLong(0))
        .containsExactlyInAnyOrder(1000L, 1001L, 1002L);
    assertThat(table.newScan().select("id").outputSchema().fieldNames()).containsExactly("id");
  }

  @Test
  void timeTravelByVersionAndTimestamp() throws IOException {
    table.newAppend().addRows(TestTables.rows(100, 5)).commit(); // v2
    table.newDelete().where("id < 10").commit(); // v3
    Path log = dir.resolve("_delta_log");
    Instant base = Instant.parse("2025-06-01T00:00:00Z");
    for (int v = 0; v <= 3; v++) {
      Files.setLastModifiedTime(log.resolve(String.format("%020d.json", v)), FileTime.from(base.plusSeconds(60L * v)));
    }
    Table t = Table.open(dir.toString());
    assertThat(t.snapshotAt(2).newScan().count()).isEqualTo(35);
    assertThat(t.snapshotAsOf(base.plusSeconds(150)).version()).isEqualTo(2);
    assertThat(t.snapshotAsOf(base.plusSeconds(180)).version()).isEqualTo(3);
    assertThat(t.snapshotAsOf(base.plusSeconds(179)).version()).isEqualTo(2);
    assertThatThrownBy(() -> t.snapshotAsOf(base.minusSeconds(1))).isInstanceOf(VersionNotFoundException.class);
    assertThatThrownBy(() -> t.snapshotAt(9)).isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("newest version is 3");
  }

  @Test
  void historyAndChanges() {
    table.newDelete().where("date = '2025-01-02'").commit(); // v2
    List<HistoryEntry> h = table.history();
    assertThat(h).extracting(HistoryEntry::version).containsExactly(2L, 1L, 0L);
    assertThat(h).extracting(HistoryEntry::operation).containsExactly("DELETE", "WRITE", "CREATE TABLE");
    assertThat(h.get(1).operationMetrics()).containsEntry("numOutputRows", "30").containsEntry("numFiles", "3");
    assertThat(h.get(1).commitInfo().engineInfo()).startsWith("Tidelake/");
    List<VersionChanges> changes = table.changes(1, 2);
    assertThat(changes).hasSize(2);
    assertThat(changes.get(0).adds()).hasSize(3);
    assertThat(changes.get(1).removes()).hasSize(1);
    assertThat(changes.get(1).removes().get(0).partitionValues()).containsEntry("date", "2025-01-02");
    assertThatThrownBy(() -> table.changes(1, 5)).isInstanceOf(VersionNotFoundException.class);
  }

  @Test
  void twoPhaseWriteFromSeveralWorkers() {
    List<AddFile> files = new java.util.ArrayList<>();
    for (int w = 0; w < 3; w++) {
      try (DataWriter writer = table.newDataWriter()) {
        writer.writeAll(TestTables.rows(1000 + w * 10L, 10).iterator());
        files.addAll(writer.finish());
      }
    }
    assertThat(table.snapshot().version()).isEqualTo(1); // nothing committed yet
    table.newAppend().addFiles(files).commit();
    assertThat(table.newScan().count()).isEqualTo(60);
  }

  @Test
  void partitionValuesAreEscapedAndNullable() {
    Table t = Table.create(dir.resolve("esc").toString())
        .schema(io.tidelake.format.types.SchemaDdl.parse("id long, p string")).partitionBy("p").create();
    t.newAppend().addRows(List.of(
        Row.of(t.snapshot().schema(), 1L, "a/b=c%d e:f"),
        Row.of(t.snapshot().schema(), 2L, null))).commit();
    assertThat(t.newScan().where("p = 'a/b=c%d e:f'").toList()).extracting(r -> r.getLong("id")).containsExactly(1L);
    assertThat(t.newScan().where("p IS NULL").toList()).extracting(r -> r.getLong("id")).containsExactly(2L);
    assertThat(t.snapshot().files()).extracting(f -> f.partitionValues().get("p")).containsExactlyInAnyOrder("a/b=c%d e:f", null);
    assertThat(TestTables.dataFiles(dir.resolve("esc"))).anyMatch(p -> p.startsWith("p=__HIVE_DEFAULT_PARTITION__/"))
        .anyMatch(p -> p.startsWith("p=a%2Fb%3Dc%25d e%3Af/"));
  }
}
