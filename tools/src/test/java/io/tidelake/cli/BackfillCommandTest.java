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

  @Test
  void windowedBackfillAggregatesEachSliceWhole() throws Exception {
    StructType events = SchemaDdl.parse("date date, user string, amount long, ts timestamp");
    String src = dir.resolve("events").toString();
    String dst = dir.resolve("hourly").toString();
    long hour = 3_600_000;
    try (Table t = Table.create(src).schema(events).partitionBy(List.of("date")).create()) {
      List<Row> rows = new ArrayList<>();
      for (int day = 1; day <= 3; day++) {
        LocalDate d = LocalDate.of(2024, 2, day);
        java.time.Instant midnight = d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        rows.add(Row.of(events, d, "a", 10L * day, midnight.plusMillis(hour / 2)));
        rows.add(Row.of(events, d, "a", 1L, midnight.plusMillis(hour / 4)));
        rows.add(Row.of(events, d, "b", 5L, midnight.plusMillis(5 * hour)));
      }
      t.newAppend().addRows(rows).commit();
    }
    Tide.Result r = Tide.ok("backfill", src, "--to", dst, "--partition-column", "date", "--from", "2024-02-02",
        "--to-value", "2024-02-03", "--ledger", dir.resolve("wl").toString(), "--window", "tumbling(ts, 1 hour)",
        "--group-by", "date,user", "--agg", "count(*) AS n, sum(amount) AS total", "--watermark", "10 minutes",
        "--json");
    assertThat(JSON.readTree(r.out()).get("rowsWritten").asLong()).isEqualTo(4);
    try (Table t = Table.open(dst)) {
      List<String> got = t.newScan().toList().stream().map(x -> x.get("date") + "|"
          + x.getTimestamp("window_start").toString().substring(11, 16) + "|" + x.getString("user") + "|"
          + x.getLong("n") + "|" + x.getLong("total")).sorted().toList();
      assertThat(got).containsExactly("2024-02-02|00:00|a|2|21", "2024-02-02|05:00|b|1|5", "2024-02-03|00:00|a|2|31",
          "2024-02-03|05:00|b|1|5");
    }
    Tide.Result noPartition = Tide.run("backfill", src, "--to", dir.resolve("x").toString(), "--partition-column",
        "date", "--from", "2024-02-02", "--to-value", "2024-02-03", "--ledger", dir.resolve("xl").toString(),
        "--window", "tumbling(ts, 1 hour)", "--group-by", "user");
    assertThat(noPartition.exit()).isEqualTo(1);
    assertThat(noPartition.errLines()).hasSize(1);
    assertThat(noPartition.err()).contains("must group by its partition column 'date'");
  }
}
