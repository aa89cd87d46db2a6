package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ChangeType;
import io.tidelake.table.ConflictException;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * withSchemaEvolution(): UPDATE SET * / INSERT * add the source's new columns to the target in the MERGE's
 * own commit (a metaData action before the data); rows already there read NULL for them, updated and
 * inserted rows carry the source's values, in both write modes and with the change feed on.
 */
class MergeSchemaEvolutionTest {
  static final StructType WIDE = SchemaDdl.parse("id long, date date, amount double, note string, op string, tag string");

  @TempDir Path dir;

  static Row wide(long id, int day, double amount, String tag) {
    return Row.of(WIDE, id, LocalDate.of(2025, 1, day), amount, "new", "U", tag);
  }

  static Map<Long, String> contents(Table t) {
    Map<Long, String> out = new TreeMap<>();
    for (Row r : t.newScan().toList()) {
      out.put(r.getLong("id"), r.get("amount") + "/" + r.get("note") + "/" + r.get("op") + "/" + r.get("tag"));
    }
    return out;
  }

  @ParameterizedTest(name = "dv={0}")
  @ValueSource(booleans = {false, true})
  void updateAllAndInsertAllAddTheSourcesNewColumns(boolean dv) {
    Table t = MergeBasicsTest.target(dir, dv, true);
    long before = t.snapshot().version();
    MergeResult r = Merge.into(t).using(WIDE, List.of(wide(1, 2, 10, "x"), wide(100, 1, 100, null)))
        .on("t.id = s.id").whenMatched().updateAll().whenNotMatched().insertAll().withSchemaEvolution().execute();
    assertThat(r.version()).isEqualTo(before + 1); // one commit: schema and data together
    assertThat(t.snapshot().schema().fieldNames()).containsExactly("id", "date", "amount", "note", "op", "tag");
    Map<Long, String> rows = contents(t);
    assertThat(rows.get(1L)).isEqualTo("10.0/new/U/x");
    assertThat(rows.get(100L)).isEqualTo("100.0/new/U/null");
    assertThat(rows.get(3L)).as("an old row reads NULL for the new columns").isEqualTo("3.0/old/null/null");
    assertThat(rows).hasSize(11);
    List<Row> feed = t.changeFeed(r.version(), r.version()).toList();
    assertThat(feed).extracting(c -> c.get("id") + ":" + c.get(ChangeType.CHANGE_TYPE_COLUMN) + ":" + c.get("tag"))
        .containsExactlyInAnyOrder("1:update_preimage:null", "1:update_postimage:x", "100:insert:null");
    // a second MERGE without evolution sees the evolved schema
    Merge.into(t).using(WIDE, List.of(wide(3, 2, 30, "y"))).on("t.id = s.id").whenMatched().updateAll().execute();
    assertThat(contents(t).get(3L)).isEqualTo("30.0/new/U/y");
  }

  @ParameterizedTest(name = "spilled={0}")
  @ValueSource(booleans = {false, true})
  void insertOnlyEvolutionAlsoWorksWhenTheSourceSpills(boolean spilled) {
    Table t = MergeBasicsTest.target(dir, false, false);
    Merge m = Merge.into(t).using(WIDE, List.of(wide(200, 1, 1, "a"), wide(201, 2, 2, "b"), wide(2, 1, 9, "c")))
        .on("t.id = s.id").whenNotMatched().insertAll().withSchemaEvolution();
    if (spilled) {
      m = m.memoryBudget(1).spillDirectory(dir.resolve("spill"));
    }
    m.execute();
    assertThat(contents(t)).containsEntry(200L, "1.0/new/U/a").containsEntry(201L, "2.0/new/U/b")
        .containsEntry(2L, "2.0/old/null/null").hasSize(12);
  }

  @org.junit.jupiter.api.Test
  void aConcurrentSchemaChangeConflictsAndLeavesNothing() {
    Table t = MergeBasicsTest.target(dir, false, false);
    Merge m = Merge.into(t).using(MergeSource.of(WIDE, () -> {
      // the concurrent ADD COLUMNS lands while the MERGE reads its source (after it took its snapshot)
      Table.open(t.location()).newSchemaUpdate().addColumn("other", io.tidelake.format.types.PrimitiveType.INTEGER)
          .commit();
      return io.tidelake.format.CloseableIterator.of(List.of(wide(1, 2, 10, "x")).iterator());
    }, "racing source")).on("t.id = s.id").whenMatched().updateAll().withSchemaEvolution();
    long before = t.snapshot().version();
    assertThatThrownBy(m::execute).isInstanceOf(ConflictException.class);
    Table fresh = Table.open(t.location());
    assertThat(fresh.snapshot().version()).isEqualTo(before + 1); // only the concurrent change
    assertThat(fresh.snapshot().schema().fieldNames()).doesNotContain("tag");
    assertThat(MergeBadInputTest.dataFiles(dir.resolve("t"))).hasSize(2);
  }
}
