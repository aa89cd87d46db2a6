package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tide backfill: a run, a re-run that has nothing left to do, the JSON report, and a bad range (exit 1). */
class BackfillCommandTest {
  static final StructType SCHEMA = SchemaDdl.parse("date date, id long, amount long");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void backfillsARangeThenSkipsFinishedSlices() throws Exception {
    String src = dir.resolve("src").toString();
    String dst = dir.resolve("dst").toString();
    String ledger = dir.resolve("ledger").toString();
    Set<String> expected = new TreeSet<>();
    try (Table t = Table.create(src).schema(SCHEMA).partitionBy(List.of("date")).create()) {
      List<Row> rows = new ArrayList<>();
      for (long id = 0; id < 60; id++) {
        LocalDate d = LocalDate.of(2024, 2, 1 + (int) (id % 6));
        rows.add(Row.of(SCHEMA, d, id, id - 20));
        if (id >= 20 && id < 100 && !d.isAfter(LocalDate.of(2024, 2, 4)) && d.isAfter(LocalDate.of(2024, 1, 31))) {
          // kept by --where amount >= 0 and the range 02-01 .. 02-04
          expected.add(d + "|" + id + "|" + (id - 20) * 3);
        }
      }
      t.newAppend().addRows(rows).commit();
    }
    String[] cmd = {"backfill", src, "--to", dst, "--partition-column", "date", "--from", "2024-02-01", "--to-value",
        "2024-02-04", "--ledger", ledger, "--parallelism", "2", "--where", "amount >= 0", "--select",
        "date, id, amount * 3 AS tripled", "--json"};
    Tide.Result r = Tide.ok(cmd);
    JsonNode n = JSON.readTree(r.out());
    assertThat(r.outLines()).hasSize(1);
    assertThat(n.get("complete").asBoolean()).isTrue();
    assertThat(n.get("ran").asInt()).isEqualTo(4);
    assertThat(n.get("rowsWritten").asLong()).isEqualTo(expected.size());
    assertThat(r.err()).contains("slice 2024-02-01: succeeded").contains("(4 done)");
    Set<String> actual = new TreeSet<>();
    try (Table t = Table.open(dst)) {
      for (Row row : t.newScan().select("date", "id", "tripled").toList()) {
        actual.add(row.get(0) + "|" + row.getLong(1) + "|" + row.getLong(2));
      }
    }
    assertThat(actual).isEqualTo(expected);

    JsonNode again = JSON.readTree(Tide.ok(cmd).out());
    assertThat(again.get("ran").asInt()).isZero();
    assertThat(again.get("skipped").asInt()).isEqualTo(4);

    Tide.Result bad = Tide.run("backfill", src, "--to", dst, "--partition-column", "date", "--from", "2024-02-09",
        "--to-value", "2024-02-01", "--ledger", dir.resolve("l2").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("starts after it ends");
  }
}
