package io.tidelake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Z-order and sort: rows unchanged, and a point filter on each clustering column reads far fewer files. */
class ZOrderTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, p string, x int, y int, pad string");

  @TempDir Path dir;

  Table randomTable() {
    Table t = Table.create(dir.toString()).schema(SCHEMA).partitionBy("p").create();
    Random rnd = new Random(7);
    long id = 0;
    for (int batch = 0; batch < 16; batch++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        rows.add(Row.of(SCHEMA, id++, "p0", rnd.nextInt(1000), rnd.nextInt(1000), "r" + rnd.nextInt()));
      }
      t.newAppend().addRows(rows).commit();
    }
    return t;
  }

  static int filesRead(Table t, String filter) {
    return t.newScan().where(filter).planFiles().size();
  }

  static List<String> rows(Table t) {
    return t.newScan().toList().stream().map(Object::toString).sorted().toList();
  }

  @Test
  void zOrderNarrowsEveryColumnsRanges() {
    Table t = randomTable();
    List<String> before = rows(t);
    int xBefore = filesRead(t, "x = 500");
    int yBefore = filesRead(t, "y = 500");
    assertThat(xBefore).isEqualTo(16);
    assertThat(yBefore).isEqualTo(16);

    OptimizeMetrics m = Optimize.of(t).zOrderBy("x", "y").targetFileSize(24 * 1024).execute();
    int files = t.snapshot().numFiles();
    int xAfter = filesRead(t, "x = 500");
    int yAfter = filesRead(t, "y = 500");
    System.out.printf("Z-order by x,y: %d files; point filter x: %d -> %d files, y: %d -> %d files%n", files, xBefore,
        xAfter, yBefore, yAfter);
    assertThat(files).isGreaterThanOrEqualTo(8);
    assertThat(xAfter).isLessThanOrEqualTo(files / 2);
    assertThat(yAfter).isLessThanOrEqualTo(files / 2);
    assertThat(rows(t)).isEqualTo(before);
    assertThat(m.numRemovedFiles()).isEqualTo(16);
    assertThat(t.history(1).get(0).operationParameters()).containsEntry("zOrderBy", "[\"x\",\"y\"]");
  }

  @Test
  void sortByClustersOneColumn() {
    Table t = randomTable();
    List<String> before = rows(t);
    Optimize.of(t).sortBy("x").targetFileSize(24 * 1024).execute();
    int files = t.snapshot().numFiles();
    assertThat(files).isGreaterThanOrEqualTo(8);
    assertThat(filesRead(t, "x = 500")).isLessThanOrEqualTo(2);
    assertThat(rows(t)).isEqualTo(before);
  }

  @Test
  void partitionAndUnknownColumnsAreRefused() {
    Table t = randomTable();
    assertThatThrownBy(() -> Optimize.of(t).zOrderBy("p").execute()).isInstanceOf(MaintenanceArgumentException.class)
        .hasMessageContaining("partition column");
    assertThatThrownBy(() -> Optimize.of(t).zOrderBy("z").execute()).isInstanceOf(MaintenanceArgumentException.class)
        .hasMessageContaining("not a column").hasMessageContaining("x");
    assertThat(t.snapshot().numFiles()).isEqualTo(16);
  }

  @Test
  void interleavingPutsTheHighBitsFirst() {
    assertThat(RowOrder.interleave(new int[] {0b1000000000, 0})).isGreaterThan(RowOrder.interleave(new int[] {0, 0b1000000000}));
    assertThat(RowOrder.interleave(new int[] {1, 1})).isEqualTo(3);
    Object[] bounds = {10, 20, 30};
    assertThat(RowOrder.rangeId(bounds, null)).isZero();
    assertThat(RowOrder.rangeId(bounds, 5)).isEqualTo(1);
    assertThat(RowOrder.rangeId(bounds, 25)).isEqualTo(3);
  }
}
