package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.StagedCommit;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged commits (write-audit-publish) are invisible to Delta Kernel until published: the record under
 * {@code _delta_log/_tidelake_staged/} and the staged data files change nothing Kernel reads; after
 * publish Kernel reads exactly the rows Tidelake reads, and finds the publish's txn.
 */
class KernelIgnoresStagedCommitsTest {
  @TempDir Path dir;

  static final StructType SCHEMA = SchemaDdl.parse("id long not null, day date, name string");

  static List<Row> rows(long first, int n) {
    List<Row> out = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      out.add(Row.of(SCHEMA, id, LocalDate.of(2025, 3, 1 + (int) (id % 3)), "n" + id));
    }
    return out;
  }

  @Test
  void stagedAppendAndOverwriteInvisibleUntilPublish() {
    String path = dir.resolve("t").toString();
    Table t = Table.create(path).schema(SCHEMA).partitionBy("day").create();
    t.newAppend().addRows(rows(0, 60)).commit();
    Kernel.Read before = Interop.assertKernelAgrees(t);

    StagedCommit append = t.newAppend().addRows(rows(100, 30)).stage("append-1");
    StagedCommit overwrite = t.newOverwrite().replaceWhere("day = '2025-03-02'").addRows(
        rows(300, 9).stream().filter(r -> r.getDate("day").equals(LocalDate.of(2025, 3, 2))).toList())
        .stage("overwrite-1");
    Kernel.Read staged = Kernel.read(path);
    assertThat(staged.version()).isEqualTo(before.version());
    assertThat(staged.lines()).isEqualTo(before.lines());

    overwrite.publish(); // first: the append adds to the overwritten day, a conflict the other way round
    append.publish();
    Kernel.Read after = Interop.assertKernelAgrees(t);
    assertThat(after.version()).isEqualTo(before.version() + 2);
    assertThat(after.lines()).hasSize(60 - 20 + 3 + 30);
    assertThat(Kernel.txnVersion(path, append.publishAppId())).contains(0L);
  }

  @Test
  void stagedDeleteUpdateAndMergeWithDeletionVectorsInvisibleUntilPublish() {
    String path = dir.resolve("dv").toString();
    Table t = Table.create(path).schema(SCHEMA).partitionBy("day")
        .property("delta.enableDeletionVectors", "true").create();
    t.newAppend().addRows(rows(0, 60)).commit();
    Interop.assertKernelAgrees(t);
    List<java.util.function.Supplier<StagedCommit>> steps = List.of(
        () -> t.newDelete().where("id % 7 = 0").stage("delete-1"),
        () -> t.newUpdate().set("name", "'u'").where("day = '2025-03-02' AND id > 40").stage("update-1"),
        () -> io.tidelake.merge.Merge.into(t).using(SCHEMA, rows(55, 10)).on("t.id = s.id")
            .whenMatched().updateAll().whenNotMatched().insertAll().stage("merge-1"));
    for (java.util.function.Supplier<StagedCommit> step : steps) {
      Kernel.Read before = Kernel.read(path);
      StagedCommit s = step.get();
      Kernel.Read staged = Kernel.read(path);
      assertThat(staged.version()).isEqualTo(before.version());
      assertThat(staged.lines()).isEqualTo(before.lines());
      s.publish();
      assertThat(Interop.assertKernelAgrees(t).version()).isEqualTo(before.version() + 1);
    }
    assertThat(Kernel.read(path).lines()).hasSize(60 - 9 + 6); // the MERGE inserts 56 (deleted) and 60..64
  }
}
