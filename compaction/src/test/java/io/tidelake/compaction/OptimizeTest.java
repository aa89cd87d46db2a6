package io.tidelake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.VersionChanges;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.RemoveFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizeTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, part string, v string");

  @TempDir Path dir;

  static Table create(Path dir, boolean dv) {
    return Table.create(dir.toString()).schema(SCHEMA).partitionBy("part")
        .property("delta.enableDeletionVectors", String.valueOf(dv)).create();
  }

  static void append(Table t, long from, int n) {
    List<Row> rows = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      rows.add(Row.of(SCHEMA, i, i % 2 == 0 ? "a" : "b", "v" + i));
    }
    t.newAppend().addRows(rows).commit();
  }

  /** id → "part|v": the table's rows, failing on a duplicate id. */
  static Map<Long, String> rows(Table t) {
    Map<Long, String> out = new TreeMap<>();
    for (Row r : t.newScan().toList()) {
      String prev = out.put(r.getLong(0), r.get("part") + "|" + r.get("v"));
      assertThat(prev).as("duplicate id %s", r.getLong(0)).isNull();
    }
    return out;
  }

  @Test
  void compactsSmallFilesPerPartitionAndASecondRunCommitsNothing() {
    Table t = create(dir, false);
    for (int i = 0; i < 6; i++) {
      append(t, i * 10L, 10); // 6 commits x 2 partitions = 12 small files
    }
    Map<Long, String> before = rows(t);
    long version = t.snapshot().version();

    OptimizeMetrics m = Optimize.of(t).targetFileSize(1 << 20).maxThreads(2).execute();

    assertThat(m.numRemovedFiles()).isEqualTo(12);
    assertThat(m.numAddedFiles()).isEqualTo(2); // one per partition
    assertThat(m.numBins()).isEqualTo(2);
    assertThat(m.partitionsOptimized()).isEqualTo(2);
    assertThat(m.versions()).containsExactly(version + 1);
    Snapshot s = t.snapshot();
    assertThat(s.numFiles()).isEqualTo(2);
    assertThat(rows(t)).isEqualTo(before);
    for (AddFile f : s.files()) {
      assertThat(BinPlanner.numRecords(f)).isEqualTo(30L); // stats recomputed
    }
    VersionChanges c = t.changes(version + 1, version + 1).get(0);
    assertThat(c.adds()).allMatch(a -> !a.dataChange());
    assertThat(c.removes()).allMatch(r -> !r.dataChange()).hasSize(12);
    HistoryEntry h = t.history(1).get(0);
    assertThat(h.operation()).isEqualTo("OPTIMIZE");
    assertThat(h.operationParameters()).containsEntry("predicate", "[]").containsEntry("zOrderBy", "[]")
        .containsEntry("auto", "false");
    assertThat(h.operationMetrics()).containsEntry("numRemovedFiles", "12").containsEntry("numAddedFiles", "2")
        .containsKeys("numAddedBytes", "numRemovedBytes", "minFileSize", "p25FileSize", "p50FileSize",
            "p75FileSize", "maxFileSize", "numDeletionVectorsRemoved");
    long removedBytes = c.removes().stream().mapToLong(r -> r.size() == null ? 0 : r.size()).sum();
    assertThat(h.operationMetrics()).containsEntry("numRemovedBytes", String.valueOf(removedBytes));

    OptimizeMetrics again = Optimize.of(t).targetFileSize(1 << 20).execute();
    assertThat(again.versions()).isEmpty();
    assertThat(t.snapshot().version()).isEqualTo(version + 1);
  }

  @Test
  void purgesRowsDeletedByDeletionVectors() {
    Table t = create(dir, true);
    append(t, 0, 200);
    t.newDelete().where("id < 30").commit();
    assertThat(t.snapshot().files()).anyMatch(f -> f.deletionVector() != null);
    Map<Long, String> before = rows(t);

    OptimizeMetrics m = Optimize.of(t).minFileSize(0).execute(); // only the purge rule applies
    assertThat(m.numDeletionVectorsRemoved()).isEqualTo(2);
    assertThat(t.snapshot().files()).allMatch(f -> f.deletionVector() == null);
    assertThat(rows(t)).isEqualTo(before);
    long total = t.snapshot().files().stream().mapToLong(BinPlanner::numRecords).sum();
    assertThat(total).isEqualTo(170); // the deleted rows are gone from the files, not just hidden
    assertThat(t.history(1).get(0).operationMetrics()).containsEntry("numDeletionVectorsRemoved", "2");
    assertThat(Optimize.of(t).minFileSize(0).execute().versions()).isEmpty();
  }

  @Test
  void partitionPredicateLimitsTheRewriteAndOtherColumnsAreRefused() {
    Table t = create(dir, false);
    for (int i = 0; i < 3; i++) {
      append(t, i * 10L, 10);
    }
    long version = t.snapshot().version();
    assertThatThrownBy(() -> Optimize.of(t).where("id > 3").execute())
        .isInstanceOf(MaintenanceArgumentException.class).hasMessageContaining("non-partition column(s) [id]")
        .hasMessageContaining("[part]");
    assertThat(t.snapshot().version()).isEqualTo(version);

    OptimizeMetrics m = Optimize.of(t).where("part = 'a'").execute();
    assertThat(m.numRemovedFiles()).isEqualTo(3);
    assertThat(t.snapshot().files()).filteredOn(f -> f.partitionValues().get("part").equals("b")).hasSize(3);
    assertThat(t.history(1).get(0).operationParameters().get("predicate")).isEqualTo("[\"part = 'a'\"]");
  }

  @Test
  void commitEveryNBinsCommitsInBatches() {
    Table t = create(dir, false);
    for (int i = 0; i < 4; i++) {
      append(t, i * 10L, 10);
    }
    OptimizeMetrics m = Optimize.of(t).commitEvery(1).execute();
    assertThat(m.numBatches()).isEqualTo(2);
    assertThat(m.versions()).hasSize(2);
    assertThat(t.snapshot().numFiles()).isEqualTo(2);
  }

  @Test
  void aConcurrentBlindAppendDoesNotFailIt() {
    Table t = create(dir, false);
    for (int i = 0; i < 3; i++) {
      append(t, i * 10L, 10);
    }
    AtomicBoolean appended = new AtomicBoolean();
    Optimize.of(t).maxThreads(1).onProgress(p -> {
      if (appended.compareAndSet(false, true)) {
        append(t, 1000, 4); // lands between the plan and the commit
      }
    }).execute();
    Map<Long, String> got = rows(t);
    assertThat(got).hasSize(34).containsKeys(1000L, 1001L, 1002L, 1003L);
    assertThat(t.history(1).get(0).operation()).isEqualTo("OPTIMIZE");
  }

  @Test
  void aConcurrentDeleteOfAnInputIsATypedConflictAndNothingIsLost() {
    Table t = create(dir, false);
    for (int i = 0; i < 3; i++) {
      append(t, i * 10L, 10);
    }
    AtomicBoolean deleted = new AtomicBoolean();
    int filesBefore = t.store().listRecursive(t.location()).size();
    assertThatThrownBy(() -> Optimize.of(t).maxThreads(1).onProgress(p -> {
      if (deleted.compareAndSet(false, true)) {
        t.newDelete().where("id = 4").commit();
      }
    }).execute()).isInstanceOf(OptimizeConflictException.class).hasMessageContaining("Run OPTIMIZE again")
        .isInstanceOfSatisfying(io.tidelake.table.ConflictException.class, e -> assertThat(e.kind())
            .isEqualTo(io.tidelake.table.ConflictException.Kind.CONCURRENT_DELETE_READ));
    Map<Long, String> got = rows(t);
    assertThat(got).hasSize(29).doesNotContainKey(4L);
    assertThat(t.history(1).get(0).operation()).isEqualTo("DELETE");
    // the outputs of the aborted batch were deleted: only the DELETE's own new file and log entry were added
    List<String> extra = new ArrayList<>();
    t.store().listRecursive(t.location()).forEach(f -> extra.add(f.path()));
    assertThat(extra).hasSize(filesBefore + 2);
    for (RemoveFile r : t.snapshot().tombstones()) {
      assertThat(r.dataChange()).isTrue(); // nothing of the OPTIMIZE was committed
    }
  }

  /** A bin that fails while another is still being written: the other's output is deleted too. */
  @Test
  void aFailedOptimizeLeavesNoFilesBehind() throws Exception {
    Table t = create(dir, false);
    for (int i = 0; i < 2; i++) {
      t.newAppend().addRow(Row.of(SCHEMA, (long) i, "a", "x")).commit();
    }
    for (int i = 0; i < 4; i++) {
      List<Row> rows = new ArrayList<>();
      for (long id = 0; id < 60_000; id++) {
        rows.add(Row.of(SCHEMA, 1000 + i * 60_000L + id, "b", "v" + id));
      }
      t.newAppend().addRows(rows).commit();
    }
    for (AddFile f : t.snapshot().files()) {
      if (f.partitionValues().get("part").equals("a")) {
        java.nio.file.Files.writeString(dir.resolve(f.path()), "corrupt");
      }
    }
    List<Path> before = dataFiles();
    assertThatThrownBy(() -> Optimize.of(t).maxThreads(2).execute()).isInstanceOf(RuntimeException.class);
    assertThat(dataFiles()).isEqualTo(before);
  }

  private List<Path> dataFiles() throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
      return s.filter(java.nio.file.Files::isRegularFile).filter(p -> !p.toString().contains("_delta_log"))
          .sorted().toList();
    }
  }
}
