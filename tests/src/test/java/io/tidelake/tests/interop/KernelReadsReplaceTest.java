package io.tidelake.tests.interop;

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
 * An atomic replace (REPLACE TABLE AS SELECT) as Delta Kernel sees it: the old table before, exactly the
 * new schema, partitioning and rows after, and the old version still readable by time travel.
 */
class KernelReadsReplaceTest {
  static final StructType OLD = SchemaDdl.parse("id long not null, day date, name string");
  static final StructType NEW = SchemaDdl.parse("name string, score double, region string");

  @TempDir Path dir;

  @Test
  void kernelReadsOldThenNewAndTimeTravelsBack() {
    String path = dir.resolve("t").toString();
    Table t = Table.create(path).schema(OLD).partitionBy("day").create();
    List<Row> oldRows = new ArrayList<>();
    for (long id = 0; id < 30; id++) {
      oldRows.add(Row.of(OLD, id, LocalDate.of(2025, 3, 1 + (int) (id % 3)), "n" + id));
    }
    t.newAppend().addRows(oldRows).commit();
    Kernel.Read before = Interop.assertKernelAgrees(t);
    assertThat(before.lines()).isEqualTo(Interop.canonical(oldRows));

    List<Row> newRows = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      newRows.add(Row.of(NEW, "n" + i, i * 0.5, i % 3 == 0 ? "eu" : "us"));
    }
    t.newReplace().schema(NEW).partitionBy("region").addRows(newRows).commit();

    Kernel.Read after = Interop.assertKernelAgrees(t);
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.schema()).isEqualTo(NEW);
    assertThat(after.partitionColumns()).containsExactly("region");
    assertThat(after.lines()).isEqualTo(Interop.canonical(newRows));
    Kernel.Read old = Interop.assertKernelAgreesAt(t, before.version());
    assertThat(old.lines()).isEqualTo(before.lines());
  }
}
