package io.tidelake.tests.interop;

import static io.tidelake.tests.interop.Interop.assertKernelAgreesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.stream.Backfill;
import io.tidelake.stream.BackfillReport;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target written by a parallel backfill (created partitioned by date, then re-run over part of the
 * range after the source changed, replacing those partitions) read by Delta Kernel at every version.
 */
class KernelReadsBackfillTest {
  @TempDir Path dir;

  static final StructType SCHEMA = SchemaDdl.parse("day date, id long, name string, amount double");

  static List<Row> rows(long first, int n) {
    List<Row> out = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      out.add(Row.of(SCHEMA, LocalDate.of(2025, 3, 1 + (int) (id % 5)), id, id % 4 == 0 ? null : "n" + id, id * 0.5));
    }
    return out;
  }

  @Test
  void kernelReadsEveryVersionOfABackfilledTarget() {
    String src = dir.resolve("src").toString();
    String dst = dir.resolve("dst").toString();
    try (Table s = Table.create(src).schema(SCHEMA).partitionBy(List.of("day")).create()) {
      s.newAppend().addRows(rows(0, 200)).commit();
      BackfillReport r = Backfill.from(src).to(dst).partitionColumn("day").range("2025-03-01", "2025-03-05")
          .filter("amount > 2").select("day, id, upper(name) AS name, CAST(amount * 100 AS long) AS cents")
          .ledger(dir.resolve("ledger-1").toString()).parallelism(3).run();
      assertThat(r.complete()).isTrue();
      s.newAppend().addRows(rows(200, 50)).commit();
      BackfillReport again = Backfill.from(src).to(dst).partitionColumn("day").range("2025-03-02", "2025-03-03")
          .filter("amount > 2").select("day, id, upper(name) AS name, CAST(amount * 100 AS long) AS cents")
          .ledger(dir.resolve("ledger-2").toString()).parallelism(2).run();
      assertThat(again.ran()).containsExactly("2025-03-02", "2025-03-03");
    }
    try (Table t = Table.open(dst)) {
      assertThat(t.snapshot().partitionColumns()).containsExactly("day");
      // 200 rows with amount > 2 (ids 5..199), then days 2 and 3 gain their 20 new rows
      assertThat(t.newScan().count()).isEqualTo(195 + 20);
      for (long v = 0; v <= t.snapshot().version(); v++) {
        assertKernelAgreesAt(t, v);
      }
      assertThat(Kernel.read(dst).lines()).hasSize(215);
    }
  }
}
