package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RowDelta, RewriteFiles, deletion vectors written by DELETE, and the property update that enables them. */
class RowDeltaTest {
  @TempDir Path dir;

  private Table dvTable() {
    return Table.create(dir.toString()).schema(TestTables.SCHEMA).partitionBy("date")
        .property("delta.enableDeletionVectors", "true").create();
  }

  private static Set<Long> ids(Table t) {
    Set<Long> out = new TreeSet<>();
    for (Row r : t.newScan().toList()) {
      out.add(r.getLong("id"));
    }
    return out;
  }

  private static Set<Long> range(long from, long to, java.util.function.LongPredicate keep) {
    Set<Long> out = new TreeSet<>();
    for (long i = from; i < to; i++) {
      if (keep.test(i)) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void deleteWithDeletionVectorsKeepsFilesAndRecordsPositions() {
    Table t = dvTable();
    assertThat(t.snapshot().protocol()).isEqualTo(new Protocol(3, 7, Set.of("deletionVectors"),
        Set.of("appendOnly", "invariants", "deletionVectors")));
    t.newAppend().addRows(TestTables.rows(0, 300)).commit();
    Set<String> before = new TreeSet<>(TestTables.dataFiles(dir));
    CommitResult r = t.newDelete().where("amount < 30").commit();
    assertThat(ids(t)).isEqualTo(range(0, 300, i -> i >= 30));
    assertThat(r.metrics()).containsEntry("numDeletedRows", "30").containsEntry("numRemovedFiles", "0")
        .containsEntry("numAddedFiles", "0").containsEntry("numDeletionVectorsAdded", "3")
        .containsEntry("numDeletionVectorsRemoved", "0").containsEntry("numCopiedRows", "0");
    List<String> after = TestTables.dataFiles(dir);
    assertThat(after).containsAll(before); // no data file rewritten
    assertThat(after.stream().filter(p -> p.startsWith("deletion_vector_")).count()).isEqualTo(1);
    for (AddFile f : t.snapshot().files()) {
      assertThat(f.deletionVector()).isNotNull();
      assertThat(f.deletionVector().storageType()).isEqualTo("u");
      assertThat(f.deletionVector().cardinality()).isEqualTo(10);
      assertThat(f.stats()).contains("\"tightBounds\":false").contains("\"numRecords\":100");
    }
    // a second delete extends the vectors (union), a third empties one file: a plain remove
    CommitResult r2 = t.newDelete().where("amount < 60").commit();
    assertThat(r2.metrics()).containsEntry("numDeletionVectorsUpdated", "3")
        .containsEntry("numDeletionVectorsAdded", "3").containsEntry("numDeletionVectorsRemoved", "3");
    assertThat(t.snapshot().files()).allSatisfy(f -> assertThat(f.deletionVector().cardinality()).isEqualTo(20));
    t.newDelete().where("date = '2025-01-02' AND amount >= 0").commit();
    assertThat(t.snapshot().numFiles()).isEqualTo(2);
    assertThat(ids(t)).isEqualTo(range(0, 300, i -> i >= 60 && i % 3 != 1));
    Interop.assertSameRowsAfterReopen(t, dir);
  }

  @Test
  void copyOnWriteDeleteRewritesOnlyFilesWithMatches() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 300)).commit();
    CommitResult r = t.newDelete().where("amount < 3").commit(); // ids 0,1,2: one per date
    assertThat(r.metrics()).containsEntry("numDeletedRows", "3").containsEntry("numRemovedFiles", "3")
        .containsEntry("numAddedFiles", "3").containsEntry("numCopiedRows", "297");
    r = t.newDelete().where("id = 4").commit(); // one file only
    assertThat(r.metrics()).containsEntry("numRemovedFiles", "1").containsEntry("numCopiedRows", "98");
    assertThat(ids(t)).isEqualTo(range(0, 300, i -> i >= 3 && i != 4));
    assertThat(t.snapshot().files()).allSatisfy(f -> assertThat(f.deletionVector()).isNull());
  }

  @Test
  void enablingDeletionVectorsUpgradesTheProtocolOnce() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 30)).commit();
    assertThat(t.snapshot().protocol()).isEqualTo(new Protocol(1, 2));
    t.newPropertiesUpdate().set("delta.enableDeletionVectors", "TRUE").commit();
    Snapshot s = t.snapshot();
    assertThat(s.protocol()).isEqualTo(new Protocol(3, 7, Set.of("deletionVectors"),
        Set.of("appendOnly", "invariants", "deletionVectors")));
    assertThat(s.properties()).containsEntry("delta.enableDeletionVectors", "true");
    assertThat(t.history(1).get(0).operation()).isEqualTo("SET TBLPROPERTIES");
    long v = s.version();
    t.newPropertiesUpdate().set("delta.enableChangeDataFeed", "true").commit();
    assertThat(t.snapshot().protocol().writerFeatures()).contains("changeDataFeed", "deletionVectors");
    assertThat(t.snapshot().version()).isEqualTo(v + 1);
    t.newDelete().where("id = 3").commit();
    assertThat(t.snapshot().files()).anySatisfy(f -> assertThat(f.deletionVector()).isNotNull());
    assertThatThrownBy(() -> t.newPropertiesUpdate().set("delta.enableRowTracking", "true").commit())
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("rowTracking");
    assertThat(t.snapshot().version()).isEqualTo(v + 2);
  }

  @Test
  void rowIndexesStayExactUnderDeletionVectorsAndPageSkipping() {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA)
        .property("delta.enableDeletionVectors", "true").property("tidelake.parquet.pageSize", "1024").create();
    t.newAppend().addRows(TestTables.rows(0, 5000)).commit();
    AddFile f = t.snapshot().files().iterator().next();
    RowDelta d = t.newRowDelta();
    d.deleteRows(f, DeletedRows.of(0, 7, 4999)).operation("DELETE", Map.of(), Map.of()).commit();
    AddFile withDv = t.snapshot().files().iterator().next();
    try (PositionedRowIterator it = t.snapshot().readFile(withDv, List.of("id"), null)) {
      long n = 0;
      while (it.hasNext()) {
        Row r = it.next();
        assertThat(it.rowIndex()).isEqualTo(r.getLong("id")); // rows were written in id order
        assertThat(r.getLong("id")).isNotIn(0L, 7L, 4999L);
        n++;
      }
      assertThat(n).isEqualTo(4997);
    }
    try (PositionedRowIterator it = t.snapshot().readFile(withDv, List.of("id"),
        io.tidelake.format.predicate.Predicates.parse("id >= 4990", t.snapshot().schema()))) {
      List<Long> seen = new ArrayList<>();
      while (it.hasNext()) {
        Row r = it.next();
        assertThat(it.rowIndex()).isEqualTo(r.getLong("id"));
        seen.add(r.getLong("id"));
      }
      assertThat(seen).contains(4990L, 4998L).doesNotContain(4999L);
    }
    // only chosen positions (a deleted one among them): exactly the live ones come back
    try (PositionedRowIterator it = t.snapshot().readRows(withDv, null, DeletedRows.of(5, 7, 2500, 4998))) {
      List<Long> seen = new ArrayList<>();
      while (it.hasNext()) {
        Row r = it.next();
        assertThat(it.rowIndex()).isEqualTo(r.getLong("id"));
        seen.add(r.getLong("id"));
      }
      assertThat(seen).containsExactly(5L, 2500L, 4998L);
    }
  }

  @Test
  void rowDeltaReadSetConflictsWithARemoveOfAFileItRead() {
    Table t = dvTable();
    t.newAppend().addRows(TestTables.rows(0, 30)).commit();
    RowDelta d = t.newRowDelta();
    AddFile f = d.snapshot().files().iterator().next();
    d.deleteRows(f, DeletedRows.of(1)).operation("DELETE", Map.of(), Map.of());
    t.newDelete().where("date = '" + f.partitionValues().get("date") + "'").commit(); // removes f
    long v = t.snapshot().version();
    assertThatThrownBy(d::commit).isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).kind()).isEqualTo(ConflictException.Kind.CONCURRENT_DELETE_READ);
    assertThat(t.snapshot().version()).isEqualTo(v);
    assertThat(TestTables.dataFiles(dir)).noneMatch(p -> p.startsWith("deletion_vector_")); // cleaned up
  }

  @Test
  void rowDeltaConflictFilterCatchesAppendsIntoWhatItRead() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 30)).commit();
    RowDelta other = t.newRowDelta().conflictDetectionFilter("date = '2025-01-01'")
        .addFiles(writeFiles(t, TestTables.rowsOnDate(100, 5, LocalDate.of(2025, 1, 1))));
    RowDelta same = t.newRowDelta().conflictDetectionFilter("date = '2025-01-01'")
        .addFiles(writeFiles(t, TestTables.rowsOnDate(200, 5, LocalDate.of(2025, 1, 1))));
    t.newAppend().addRows(TestTables.rowsOnDate(300, 5, LocalDate.of(2025, 1, 3))).commit();
    other.commit(); // the concurrent append went elsewhere
    assertThatThrownBy(same::commit).isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).kind()).isEqualTo(ConflictException.Kind.CONCURRENT_APPEND);
    assertThat(ids(t)).contains(100L, 300L).doesNotContain(200L);
  }

  @Test
  void rewriteCommitsAcrossAppendsButNotAcrossADeleteOfItsInputs() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 30)).commit();
    t.newAppend().addRows(TestTables.rows(30, 30)).commit();
    RewriteFiles rw = compactDate(t, "2025-01-01");
    t.newAppend().addRows(TestTables.rows(60, 30)).commit(); // a blind append into the same partition
    CommitResult r = rw.commit();
    assertThat(r.committed()).isTrue();
    CommitInfo ci = t.history(1).get(0).commitInfo();
    assertThat(ci.isolationLevel()).isEqualTo("SnapshotIsolation");
    assertThat(ci.operation()).isEqualTo("OPTIMIZE");
    assertThat(ids(t)).isEqualTo(range(0, 90, i -> true));
    List<Action> actions = t.changes(r.version(), r.version()).get(0).adds().stream().map(a -> (Action) a).toList();
    assertThat(actions).allSatisfy(a -> assertThat(((AddFile) a).dataChange()).isFalse());

    RewriteFiles rw2 = compactDate(t, "2025-01-02");
    t.newDelete().where("id = 1").commit(); // removes (rewrites) an input of rw2
    long v = t.snapshot().version();
    assertThatThrownBy(rw2::commit).isInstanceOf(ConflictException.class)
        .extracting(e -> ((ConflictException) e).kind()).isEqualTo(ConflictException.Kind.CONCURRENT_DELETE_READ);
    assertThat(t.snapshot().version()).isEqualTo(v);
    assertThat(ids(t)).isEqualTo(range(0, 90, i -> i != 1));
  }

  /** Rewrites every file of one date into one new file, as a compaction would (not committed yet). */
  private RewriteFiles compactDate(Table t, String date) {
    RewriteFiles rw = t.newRewrite();
    List<AddFile> inputs = rw.snapshot().files().stream()
        .filter(f -> date.equals(f.partitionValues().get("date"))).toList();
    List<Row> rows = new ArrayList<>();
    for (AddFile f : inputs) {
      try (PositionedRowIterator it = rw.snapshot().readFile(f, null, null)) {
        while (it.hasNext()) {
          rows.add(it.next());
        }
      }
    }
    return rw.rewriteFiles(inputs, writeFiles(t, rows));
  }

  private static List<AddFile> writeFiles(Table t, List<Row> rows) {
    try (DataWriter w = t.newDataWriter()) {
      rows.forEach(w::write);
      return w.finish();
    }
  }

  @Test
  void rowDeltaRefusesFilesThatAreNotLive() {
    Table t = dvTable();
    t.newAppend().addRows(TestTables.rows(0, 3)).commit();
    AddFile f = t.snapshot().files().iterator().next();
    t.newDelete().where("id >= 0").commit();
    assertThatThrownBy(() -> t.newRowDelta().removeFile(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a live file");
    assertThat(t.snapshot().files()).isEmpty();
    assertThat(Files.exists(dir.resolve("_delta_log"))).isTrue();
  }

  /** Helpers shared with other tests of this package. */
  static final class Interop {
    static void assertSameRowsAfterReopen(Table t, Path dir) {
      try (Table again = Table.open(dir.toString())) {
        assertThat(ids(again)).isEqualTo(ids(t));
      }
    }
  }

  @Test
  void removesCarryTheFieldsChangeFeedReadersNeed() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 9)).commit();
    CommitResult r = t.newDelete().where("date = '2025-01-01'").commit();
    RemoveFile rm = t.changes(r.version(), r.version()).get(0).removes().get(0);
    assertThat(rm.extendedFileMetadata()).isTrue();
    assertThat(rm.partitionValues()).containsEntry("date", "2025-01-01");
    assertThat(rm.size()).isPositive();
  }

  @Test
  void updateSchemaCommitsTheEvolvedSchemaWithTheDataAndRefusesAnythingButAppendedColumns() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 3)).commit();
    io.tidelake.format.types.StructType wider = TestTables.SCHEMA.add(
        new io.tidelake.format.types.StructField("extra", io.tidelake.format.types.PrimitiveType.STRING, true));
    assertThatThrownBy(() -> t.newRowDelta().updateSchema(io.tidelake.format.types.SchemaDdl.parse("id long not null")))
        .isInstanceOf(io.tidelake.format.types.InvalidSchemaException.class).hasMessageContaining("cannot drop");
    assertThatThrownBy(() -> t.newRowDelta().updateSchema(io.tidelake.format.types.SchemaDdl.parse(
        "id long not null, date string, country string, amount double"))).isInstanceOf(
        io.tidelake.format.types.InvalidSchemaException.class).hasMessageContaining("can only append");
    RowDelta late = t.newRowDelta();
    late.dataWriter();
    assertThatThrownBy(() -> late.updateSchema(wider)).isInstanceOf(IllegalStateException.class);
    late.abort();

    RowDelta d = t.newRowDelta().updateSchema(wider);
    DataWriter w = d.dataWriter();
    w.write(Row.of(wider, 10L, LocalDate.of(2025, 1, 1), "x", 1.0, "new"));
    List<Action> actions = d.apply();
    assertThat(actions.get(0)).isInstanceOf(io.tidelake.table.actions.Metadata.class);
    d.commit();
    Snapshot s = t.snapshot();
    assertThat(s.schema().fieldNames()).containsExactly("id", "date", "country", "amount", "extra");
    Map<Long, Object> extra = new java.util.TreeMap<>();
    for (Row r : t.newScan().toList()) {
      extra.put(r.getLong("id"), String.valueOf(r.get("extra")));
    }
    assertThat(extra).containsEntry(10L, "new").containsEntry(0L, "null").hasSize(4);
  }
}
