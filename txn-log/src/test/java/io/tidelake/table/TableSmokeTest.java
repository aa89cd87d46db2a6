package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableSmokeTest {
  @TempDir Path dir;

  @Test
  void createAppendScan() {
    StructType schema = SchemaDdl.parse("id long not null, date date, country string, amount double");
    Table t = Table.create(dir.toString()).schema(schema).partitionBy("date").create();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(Row.of(schema, (long) i, LocalDate.of(2025, 1, 1 + i % 3), i % 2 == 0 ? "DE" : "FR", i * 1.5));
    }
    CommitResult r = t.newAppend().addRows(rows).commit();
    assertThat(r.version()).isEqualTo(1);
    assertThat(t.snapshot().numFiles()).isEqualTo(3);
    assertThat(t.newScan().count()).isEqualTo(100);
    assertThat(t.newScan().where("date = '2025-01-02' AND country = 'DE'").count()).isEqualTo(16);
    assertThat(t.newScan().where("date = '2025-01-02'").plan().files()).hasSize(1);
    CommitResult d = t.newDelete().where("amount < 15").commit();
    assertThat(t.newScan().count()).isEqualTo(90);
    assertThat(d.metrics()).containsEntry("numDeletedRows", "10");
  }
}
