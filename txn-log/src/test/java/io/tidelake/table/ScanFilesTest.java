package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.table.actions.AddFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scan.files: an incremental reader's read of given files (live or not) with a snapshot's schema. */
class ScanFilesTest {
  @TempDir
  Path dir;

  @Test
  void readsJustTheGivenFilesWithFilterAndProjectionEvenAfterTheyWereRemoved() {
    try (Table t = TestTables.create(dir)) {
      t.newAppend().addRows(TestTables.rows(0, 30)).commit(); // v1: one file per date partition
      List<AddFile> first = List.copyOf(t.snapshotAt(1).files());
      t.newAppend().addRows(TestTables.rows(100, 30)).commit(); // v2
      t.newDelete().where("id < 30").commit(); // v3: v1's files removed
      Scan s = t.snapshot().newScan().files(first).where("amount >= 10").select("id");
      List<Long> ids = s.toList().stream().map(r -> r.getLong(0)).sorted().toList();
      assertThat(ids).isEqualTo(TestTables.rows(10, 20).stream().map(r -> r.getLong("id")).toList());
      assertThat(s.plan().files()).hasSizeLessThanOrEqualTo(first.size());
      assertThat(t.newScan().toList()).extracting(r -> r.getLong("id")).allMatch(id -> id >= 100);
      Row any = t.snapshot().newScan().files(List.of()).toList().stream().findFirst().orElse(null);
      assertThat(any).isNull();
    }
  }
}
