package io.tidelake.tests.interop;

import static io.tidelake.tests.interop.Interop.assertKernelAgrees;
import static io.tidelake.tests.interop.Interop.assertKernelAgreesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table shapes row-level operations write — deletion vectors (added, extended, emptied), change data
 * files, protocols upgraded by a property — read by Delta Kernel 4.4.0 with the rows Tidelake reads, at
 * every version.
 */
class KernelReadsRowLevelTest {
  @TempDir Path dir;

  static final StructType SCHEMA = SchemaDdl.parse("id long not null, day date, name string, amount double");

  static List<Row> rows(long first, int n) {
    List<Row> out = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      out.add(Row.of(SCHEMA, id, LocalDate.of(2025, 3, 1 + (int) (id % 4)), id % 5 == 0 ? null : "n" + id,
          id * 0.5));
    }
    return out;
  }

  private static void assertEveryVersionAgrees(Table t) {
    for (long v = 0; v <= t.snapshot().version(); v++) {
      assertKernelAgreesAt(t, v);
    }
  }

  @Test
  void deletionVectorsWrittenByDeletes() {
    Table t = Table.create(dir.resolve("dv").toString()).schema(SCHEMA).partitionBy("day")
        .property("delta.enableDeletionVectors", "true").create();
    t.newAppend().addRows(rows(0, 400)).commit();
    t.newAppend().addRows(rows(400, 400)).commit();
    t.newDelete().where("amount < 20").commit();          // new vectors in several files, one DV file
    t.newDelete().where("name IS NULL").commit();          // vectors extended
    t.newDelete().where("day = '2025-03-02' AND id > 0").commit(); // whole files emptied: plain removes
    t.newAppend().addRows(rows(800, 40)).commit();
    t.newDelete().where("id % 7 = 3").commit();
    assertThat(t.snapshot().files()).anySatisfy(f -> assertThat(f.deletionVector()).isNotNull());
    assertEveryVersionAgrees(t);
  }

  @Test
  void updatesInBothModesWithTheChangeFeedOn() {
    for (boolean dv : new boolean[] {false, true}) {
      Table t = Table.create(dir.resolve("upd-" + dv).toString()).schema(SCHEMA).partitionBy("day")
          .property("delta.enableDeletionVectors", String.valueOf(dv))
          .property("delta.enableChangeDataFeed", "true").create();
      t.newAppend().addRows(rows(0, 300)).commit();
      t.newUpdate().set("amount", "amount * 1.1").where("id % 10 = 1").commit();
      t.newUpdate().set("name = upper(coalesce(name, 'none')), day = DATE '2025-03-09'").where("amount > 140").commit();
      t.newUpdate().set("amount", "0").commit(); // every row
      t.newDelete().where("name = 'N299' OR id % 9 = 2").commit();
      assertThat(t.snapshot().files().stream().anyMatch(f -> f.deletionVector() != null)).isEqualTo(dv);
      assertThat(t.changeFeed(2, 2).toList()).hasSize(60); // 30 rows: pre- and post-images
      assertEveryVersionAgrees(t);
    }
  }

  @Test
  void changeDataFilesAreInvisibleToReaders() {
    Table t = Table.create(dir.resolve("cdf").toString()).schema(SCHEMA).partitionBy("day")
        .property("delta.enableChangeDataFeed", "true").create();
    t.newAppend().addRows(rows(0, 200)).commit();
    t.newDelete().where("amount BETWEEN 10 AND 30").commit(); // copy-on-write + cdc delete rows
    t.newDelete().where("day = '2025-03-01'").commit();       // partition drop: removes only
    assertThat(t.changeFeed(2, 2).toList()).hasSize(41);
    assertEveryVersionAgrees(t);
  }

  @Test
  void propertiesThatUpgradeTheProtocolOfAnExistingTable() {
    Table t = Table.create(dir.resolve("up").toString()).schema(SCHEMA).create();
    t.newAppend().addRows(rows(0, 100)).commit();
    t.newPropertiesUpdate().set("delta.enableDeletionVectors", "true")
        .set("delta.enableChangeDataFeed", "true").commit();
    t.newDelete().where("id < 10").commit(); // DVs and cdc files together
    assertThat(t.changeFeed(3).toList()).hasSize(10);
    assertKernelAgrees(t);
    assertEveryVersionAgrees(t);
  }
}
