package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.table.actions.AddFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged DELETE, UPDATE and generic RowDelta (deletion vectors, removes, change data files) against an
 * in-memory model: {@code scan()} shows the table as it will be, {@code stagedRows()} only the rows written
 * anew, the table is unchanged until publish and equal to the model after; a conflicting commit in between
 * fails the publish typed with nothing committed, and discard removes every file staged (DV files too).
 */
class StagedRowLevelTest {
  @TempDir Path dir;

  /** The model: id → "date|country|amount". */
  private static TreeMap<Long, String> model(List<Row> rows) {
    TreeMap<Long, String> m = new TreeMap<>();
    for (Row r : rows) {
      m.put(r.getLong("id"), r.getDate("date") + "|" + r.getString("country") + "|" + r.getDouble("amount"));
    }
    return m;
  }

  private static TreeMap<Long, String> model(CloseableIterator<Row> it) {
    try (it) {
      return model(it.toList());
    }
  }

  private Table table(boolean dv, boolean cdf) {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA).partitionBy("date")
        .property("delta.enableDeletionVectors", String.valueOf(dv))
        .property("delta.enableChangeDataFeed", String.valueOf(cdf)).create();
    t.newAppend().addRows(TestTables.rows(0, 120)).commit();
    return t;
  }

  private static boolean exists(String location) {
    return Files.exists(Path.of(location.replace("file:", "")));
  }

  @ParameterizedTest(name = "deletion vectors {0}")
  @ValueSource(booleans = {true, false})
  void stagedDeletesAndUpdatesMatchTheModel(boolean dv) {
    Table t = table(dv, false);
    TreeMap<Long, String> expected = model(t.newScan().toList());
    Random rnd = new Random(42);
    for (int round = 0; round < 6; round++) {
      long version = t.snapshot().version();
      TreeMap<Long, String> before = new TreeMap<>(expected);
      int k = 2 + rnd.nextInt(5);
      long below = 20 + rnd.nextInt(90);
      String where = "id % " + k + " = 0 AND id < " + below;
      StagedCommit s;
      TreeMap<Long, String> written = new TreeMap<>();
      if (round % 2 == 0) {
        s = t.newDelete().where(where).stage("delete-" + round);
        expected.keySet().removeIf(id -> id % k == 0 && id < below);
      } else {
        s = t.newUpdate().set("amount", "amount + 1000").set("country", "'XX'").where(where).stage("update-" + round);
        for (var e : expected.entrySet()) {
          if (e.getKey() % k == 0 && e.getKey() < below) {
            String[] v = e.getValue().split("\\|");
            e.setValue(v[0] + "|XX|" + (Double.parseDouble(v[2]) + 1000));
            written.put(e.getKey(), e.getValue());
          }
        }
      }
      assertThat(model(s.scan())).as(where).isEqualTo(expected);
      assertThat(model(s.stagedRows())).as("only the rows written anew").isEqualTo(written);
      assertThat(t.snapshot().version()).isEqualTo(version);
      assertThat(model(t.newScan().toList())).isEqualTo(before);
      assertThat(s.dataFiles()).allMatch(StagedRowLevelTest::exists);

      CommitResult r = Table.open(dir.toString()).stagedCommit(s.id()).publish();
      assertThat(r.committed()).isTrue();
      assertThat(model(t.newScan().toList())).isEqualTo(expected);
      HistoryEntry h = t.history(1).get(0);
      assertThat(h.operation()).isEqualTo(round % 2 == 0 ? "DELETE" : "UPDATE");
      assertThat(h.operationParameters().get("predicate")).contains("id < " + below);
    }
  }

  @Test
  void conflictingCommitFailsPublishTypedAndDiscardRemovesDeletionVectorFiles() {
    Table t = table(true, false);
    StagedCommit s = t.newDelete().where("date = '2025-01-01' AND id < 60").stage("d");
    assertThat(s.dataFiles()).as("the deletion vector file").anyMatch(f -> f.endsWith(".bin"));
    t.newUpdate().set("amount", "0").where("date = '2025-01-01' AND id < 30").commit(); // same files
    TreeMap<Long, String> now = model(t.newScan().toList());
    long v = t.snapshot().version();

    assertThatThrownBy(s::publish).isInstanceOf(ConflictException.class);
    assertThat(t.snapshot().version()).isEqualTo(v);
    assertThat(model(t.newScan().toList())).isEqualTo(now);
    List<String> others = TestTables.dataFiles(dir).stream()
        .filter(f -> s.dataFiles().stream().noneMatch(staged -> staged.endsWith(f))).toList();
    s.discard();
    assertThat(s.dataFiles()).noneMatch(StagedRowLevelTest::exists);
    assertThat(t.stagedCommits()).isEmpty();
    assertThat(TestTables.dataFiles(dir)).as("only the staged files went").containsExactlyInAnyOrderElementsOf(others);
    assertThat(model(t.newScan().toList())).isEqualTo(now);
  }

  @Test
  void stagedUpdateIsCheckedWithItsPredicateAgainstConcurrentAppends() {
    Table t = table(false, false);
    StagedCommit s = t.newUpdate().set("amount", "-1").where("date = '2025-01-02'").stage("u");
    // another partition: the update's read set (its predicate) is not touched
    t.newAppend().addRows(TestTables.rowsOnDate(500, 5, LocalDate.of(2025, 1, 9))).commit();
    assertThat(s.publish().committed()).isTrue();
    assertThat(t.newScan().where("date = '2025-01-02'").toList()).allMatch(r -> r.getDouble("amount") == -1);

    StagedCommit s2 = t.newUpdate().set("amount", "-2").where("date = '2025-01-03'").stage("u2");
    // an append the predicate matches: the staged update would miss its rows
    t.newAppend().addRows(TestTables.rowsOnDate(600, 5, LocalDate.of(2025, 1, 3))).commit();
    long v = t.snapshot().version();
    assertThatThrownBy(s2::publish).isInstanceOf(ConflictException.class);
    assertThat(t.snapshot().version()).isEqualTo(v);
    s2.discard();
    assertThat(TestTables.dataFiles(dir)).containsExactlyInAnyOrderElementsOf(TestTables.referencedFiles(t));
  }

  @Test
  void stagedRowDeltaKeepsRemovesVectorsAndChangeData() {
    Table t = table(true, true);
    RowDelta d = t.newRowDelta();
    Snapshot base = d.snapshot();
    List<AddFile> files = base.filesInOrder();
    AddFile whole = files.get(0);
    AddFile partly = files.get(1);
    TreeMap<Long, String> expected = model(t.newScan().toList());
    DeletedRows.Builder gone = DeletedRows.builder();
    try (PositionedRowIterator it = base.readFile(whole, null, null)) {
      while (it.hasNext()) {
        Row r = it.next();
        expected.remove(r.getLong("id"));
        d.changeDataWriter().write(r, ChangeType.DELETE);
      }
    }
    try (PositionedRowIterator it = base.readFile(partly, null, null)) {
      while (it.hasNext()) {
        Row r = it.next();
        if (r.getLong("id") % 4 == 0) {
          gone.add(it.rowIndex());
          expected.remove(r.getLong("id"));
          d.changeDataWriter().write(r, ChangeType.DELETE);
        }
      }
    }
    List<Row> added = TestTables.rows(1000, 7);
    d.dataWriter().writeAll(added.iterator());
    expected.putAll(model(added));
    StagedCommit s = d.removeFile(whole).deleteRows(partly, gone.build())
        .declareWriterFeatures("changeDataFeed").operation("DELETE", java.util.Map.of(), java.util.Map.of())
        .stage("delta");
    assertThat(s.removedFiles()).hasSize(2); // the whole file, and the old version of the one with a vector
    assertThat(s.actions()).anyMatch(a -> a instanceof io.tidelake.table.actions.AddCDCFile);
    assertThat(model(s.scan())).isEqualTo(expected);
    assertThat(model(s.stagedRows())).isEqualTo(model(added));

    long v = s.publish().version();
    assertThat(model(t.newScan().toList())).isEqualTo(expected);
    // the commit's change data files are its change feed: the deleted rows, exactly
    List<Row> feed = t.changeFeed(v, v).toList();
    assertThat(feed).hasSize(120 - (expected.size() - added.size()));
    assertThat(feed).allMatch(r -> "delete".equals(r.getString("_change_type")));
  }

  @Test
  void stagingADeleteThatMatchesNothingStillGivesAStagedCommit() {
    Table t = table(true, false);
    StagedCommit s = t.newDelete().where("id < 0").stage("nothing");
    assertThat(s.actions()).isEmpty();
    assertThat(model(s.scan())).isEqualTo(model(t.newScan().toList()));
    assertThat(s.publish().committed()).isTrue();
    assertThat(t.history(1).get(0).operation()).isEqualTo("DELETE");
  }
}
