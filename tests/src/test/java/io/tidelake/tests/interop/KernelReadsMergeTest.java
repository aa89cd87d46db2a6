package io.tidelake.tests.interop;

import static io.tidelake.tests.interop.Interop.assertKernelAgreesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.merge.Merge;
import io.tidelake.merge.MergeResult;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MERGE results — copy-on-write rewrites, deletion vectors added and extended, inserts, change data
 * files, NOT MATCHED BY SOURCE deletes — read by Delta Kernel with the rows Tidelake reads, at every version.
 */
class KernelReadsMergeTest {
  @TempDir Path dir;

  static final StructType SCHEMA = SchemaDdl.parse("id long, day date, name string, amount double");
  static final StructType SOURCE = SchemaDdl.parse("id long, day date, name string, amount double, op string");

  static List<Row> target(long first, int n) {
    List<Row> out = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      out.add(Row.of(SCHEMA, id, LocalDate.of(2025, 3, 1 + (int) (id % 4)), "n" + id, id * 0.5));
    }
    return out;
  }

  /** Every third id of the range updated or deleted (op D every 7th), plus as many new ids. */
  static List<Row> source(long first, int n, long newFirst) {
    List<Row> out = new ArrayList<>();
    for (long id = first; id < first + n; id += 3) {
      out.add(Row.of(SOURCE, id, LocalDate.of(2025, 3, 1 + (int) (id % 4)), "u" + id, id * 2.0, id % 7 == 0 ? "D" : "U"));
      out.add(Row.of(SOURCE, newFirst + id, LocalDate.of(2025, 3, 5), "i" + id, 1.0, "U"));
    }
    return out;
  }

  @Test
  void mergesInBothModesWithTheChangeFeedOn() {
    for (boolean dv : new boolean[] {false, true}) {
      Table t = Table.create(dir.resolve("m-" + dv).toString()).schema(SCHEMA).partitionBy("day")
          .property("delta.enableDeletionVectors", String.valueOf(dv))
          .property("delta.enableChangeDataFeed", "true").create();
      t.newAppend().addRows(target(0, 300)).commit();
      MergeResult r = Merge.into(t).using(SOURCE, source(0, 300, 1000)).on("t.id = s.id")
          .whenMatched("s.op = 'D'").delete()
          .whenMatched().updateAll()
          .whenNotMatched().insertAll()
          .execute();
      assertThat(r.numTargetRowsInserted()).isEqualTo(100);
      // a second MERGE extends the vectors of the same files
      Merge.into(t).using(SOURCE, source(1, 200, 5000)).on("t.id = s.id AND t.day = s.day")
          .when("MATCHED THEN UPDATE SET amount = s.amount + t.amount, name = concat(t.name, '!')")
          .execute();
      // NOT MATCHED BY SOURCE: everything in one day the source does not mention goes
      Merge.into(t).using(SOURCE, source(2, 50, 9000)).on("t.id = s.id")
          .whenMatched().update(Map.of("name", "'kept'"))
          .whenNotMatchedBySource("t.day = DATE '2025-03-02'").delete()
          .execute();
      assertThat(t.snapshot().files().stream().anyMatch(f -> f.deletionVector() != null)).isEqualTo(dv);
      for (long v = 0; v <= t.snapshot().version(); v++) {
        assertKernelAgreesAt(t, v);
      }
    }
  }

  /** withSchemaEvolution(): Kernel reads the evolved schema, NULL for the new column in the old rows, in both modes. */
  @Test
  void schemaEvolvingMergesInBothModes() {
    StructType wide = SchemaDdl.parse("id long, day date, name string, amount double, op string, score int");
    for (boolean dv : new boolean[] {false, true}) {
      Table t = Table.create(dir.resolve("evolve-" + dv).toString()).schema(SCHEMA).partitionBy("day")
          .property("delta.enableDeletionVectors", String.valueOf(dv))
          .property("delta.enableChangeDataFeed", "true").create();
      t.newAppend().addRows(target(0, 100)).commit();
      List<Row> source = new ArrayList<>();
      for (long id = 0; id < 200; id += 4) {
        source.add(Row.of(wide, id, LocalDate.of(2025, 3, 1 + (int) (id % 4)), "e" + id, 3.0, "U", (int) id));
      }
      MergeResult r = Merge.into(t).using(wide, source).on("t.id = s.id")
          .whenMatched().updateAll().whenNotMatched().insertAll().withSchemaEvolution().execute();
      assertThat(r.numTargetRowsUpdated()).isEqualTo(25);
      assertThat(t.snapshot().schema().fieldNames()).endsWith("op", "score");
      for (long v = 0; v <= t.snapshot().version(); v++) {
        assertKernelAgreesAt(t, v);
      }
    }
  }
}
