package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge cases of the row-level building blocks found in review: each once produced wrong rows, a table
 * other engines reject, or files deleted from under a commit.
 */
class RowLevelEdgeCasesTest {
  @TempDir Path dir;

  private Table dvTable() {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA).partitionBy("date")
        .property("delta.enableDeletionVectors", "true").create();
    t.newAppend().addRows(TestTables.rowsOnDate(0, 100, LocalDate.of(2025, 1, 1))).commit();
    return t;
  }

  private static Set<Long> ids(Table t) {
    Set<Long> out = new TreeSet<>();
    for (Row r : t.newScan().toList()) {
      out.add(r.getLong("id"));
    }
    return out;
  }

  @Test
  void deletingARowPastTheFileIsRefusedAndLeavesNothingBehind() {
    Table t = dvTable();
    AddFile f = t.snapshot().files().iterator().next();
    List<String> before = TestTables.dataFiles(dir);
    RowDelta d = t.newRowDelta();
    d.dataWriter().writeAll(TestTables.rowsOnDate(1000, 5, LocalDate.of(2025, 1, 2)).iterator());
    d.deleteRows(f, DeletedRows.of(3, 100)); // the file has rows 0..99
    assertThatThrownBy(d::commit).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot delete row 100").hasMessageContaining("has 100 rows");
    assertThat(t.snapshot().version()).isEqualTo(1);
    assertThat(ids(t)).hasSize(100);
    assertThat(TestTables.dataFiles(dir)).as("the delta's data file is deleted").isEqualTo(before);
  }

  @Test
  void reDeletingDeletedRowsChangesNothing() {
    Table t = dvTable();
    t.newDelete().where("id < 10").commit();
    AddFile f = t.snapshot().files().iterator().next();
    String dvBefore = f.deletionVector().uniqueId();
    RowDelta d = t.newRowDelta().operation("DELETE", java.util.Map.of(), java.util.Map.of());
    d.deleteRows(f, DeletedRows.of(0, 5, 9));
    d.commit();
    AddFile after = t.snapshot().files().iterator().next();
    assertThat(after.deletionVector().uniqueId()).isEqualTo(dvBefore);
    assertThat(after.deletionVector().cardinality()).isEqualTo(10);
    assertThat(ids(t)).hasSize(90);
  }

  @Test
  void abortAfterCommitKeepsTheCommittedFiles() {
    Table t = dvTable();
    RowDelta d = t.newRowDelta();
    d.dataWriter().writeAll(TestTables.rowsOnDate(1000, 5, LocalDate.of(2025, 1, 2)).iterator());
    d.deleteRows(t.snapshot().files().iterator().next(), DeletedRows.of(1, 2));
    d.commit();
    d.abort();
    assertThat(ids(t)).hasSize(103);
    for (AddFile f : t.snapshot().files()) {
      assertThat(dir.resolve(f.path())).exists();
    }
    RewriteFiles r = t.newRewrite();
    r.commit();
    r.abort(); // nothing to do either way, and no exception
  }

  @Test
  void deletionVectorOnAFileWithoutStatsRecordsItsRowCount() throws Exception {
    Table t = dvTable();
    AddFile f = t.snapshot().files().iterator().next();
    String copy = "date=2025-01-01/no-stats-copy.parquet";
    Files.copy(dir.resolve(f.path()), dir.resolve(copy));
    t.newRowDelta().addFile(new AddFile(copy, f.partitionValues(), f.size(), f.modificationTime(), true, null,
        null, null, null, null, null)).commit();
    AddFile noStats = t.snapshot().files().stream().filter(a -> a.path().equals(copy)).findFirst().orElseThrow();
    t.newRowDelta().deleteRows(noStats, DeletedRows.of(0, 1, 2)).commit();
    AddFile withDv = t.snapshot().files().stream().filter(a -> a.path().equals(copy)).findFirst().orElseThrow();
    assertThat(withDv.stats()).isEqualTo("{\"numRecords\":100,\"tightBounds\":false}");
    assertThat(t.newScan().toList()).hasSize(197);
  }

  @Test
  void inCommitTimestampsAreNotTurnedOnForAnExistingTable() {
    Table t = dvTable();
    assertThatThrownBy(() -> t.newPropertiesUpdate().set("delta.enableInCommitTimestamps", "true").commit())
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("only when it creates a table");
    assertThat(t.snapshot().version()).isEqualTo(1);
    t.newAppend().addRows(TestTables.rowsOnDate(500, 3, LocalDate.of(2025, 1, 3))).commit();
    assertThat(ids(t)).hasSize(103);
  }

  @Test
  void legacyWriterVersionUpgradedToFeaturesStaysWritable() throws Exception {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA).create();
    t.newAppend().addRows(TestTables.rows(0, 30)).commit();
    // another engine raised the table to writer version 4 (CHECK constraints, CDF, generated columns implied)
    Files.writeString(dir.resolve("_delta_log/00000000000000000002.json"),
        "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":4}}\n");

    t.newPropertiesUpdate().set("delta.enableDeletionVectors", "true").commit();
    Protocol p = t.snapshot().protocol();
    assertThat(p.minWriterVersion()).isEqualTo(7);
    assertThat(p.writerFeatures()).contains("checkConstraints", "generatedColumns", "deletionVectors");
    t.newDelete().where("id < 5").commit();
    t.newAppend().addRows(TestTables.rows(100, 2)).commit();
    assertThat(ids(t)).hasSize(27);
  }

  @Test
  void replaceWhereLeavesAFileWithoutMatchesAloneOnAChangeFeedTable() {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA)
        .property("delta.enableChangeDataFeed", "true").create();
    t.newAppend().addRows(TestTables.rows(0, 10)).commit(); // amounts 0..9, one file
    List<String> files = TestTables.referencedFiles(t);
    t.newOverwrite().replaceWhere("amount = 3.5").commit(); // the stats cannot rule it out; no row matches
    assertThat(TestTables.referencedFiles(t)).isEqualTo(files);
    long v = t.snapshot().version();
    assertThat(t.changeFeed(v, v).toList()).isEmpty();
    assertThat(ids(t)).hasSize(10);
  }

  @Test
  void aRemoveWithoutPartitionValuesIsNotReadAsNullPartitions() throws Exception {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA).partitionBy("date")
        .property("delta.enableChangeDataFeed", "true").create();
    t.newAppend().addRows(TestTables.rowsOnDate(0, 5, LocalDate.of(2025, 1, 1))).commit();
    String path = t.snapshot().files().iterator().next().path();
    // an older engine's remove: no extended file metadata
    Files.writeString(dir.resolve("_delta_log/00000000000000000002.json"), "{\"remove\":{\"path\":\"" + path
        + "\",\"deletionTimestamp\":1,\"dataChange\":true}}\n");
    assertThat(t.snapshot().version()).isEqualTo(2);
    assertThat(t.changeFeed(1, 1).toList()).hasSize(5);
    assertThatThrownBy(() -> t.changeFeed(2, 2).toList()).isInstanceOf(ChangeDataNotRecordedException.class)
        .hasMessageContaining("without its partition values").hasMessageContaining("'date'");
  }
}
