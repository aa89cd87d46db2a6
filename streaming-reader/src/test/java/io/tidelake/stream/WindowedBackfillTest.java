package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill slice with an event-time window is one bounded batch: the whole slice aggregated, every window
 * written, grouped by the partition column so each output row belongs to one slice — against a direct
 * GROUP BY (window, date, user) of the source rows of the range, including windows that cross midnight.
 */
class WindowedBackfillTest {
  static final StructType SCHEMA = SchemaDdl.parse("date date, user string, amount long, ts timestamp");
  static final LocalDate D0 = LocalDate.of(2024, 1, 1);
  static final long HOUR = 3_600_000;

  @TempDir
  Path dir;

  private List<Row> source(String location) {
    Random r = new Random(3);
    List<Row> all = new ArrayList<>();
    try (Table t = Table.create(location).schema(SCHEMA).partitionBy(List.of("date")).create()) {
      for (int day = 0; day < 5; day++) {
        LocalDate d = D0.plusDays(day);
        long midnight = d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        for (int c = 0; c < 2; c++) {
          List<Row> rows = new ArrayList<>();
          for (int i = 0; i < 60; i++) {
            Instant ts = r.nextInt(30) == 0 ? null : Instant.ofEpochMilli(midnight + r.nextInt((int) (24 * HOUR)));
            rows.add(Row.of(SCHEMA, d, "u" + r.nextInt(3), (long) r.nextInt(50) - 10, ts));
          }
          t.newAppend().addRows(rows).commit();
          all.addAll(rows);
        }
      }
    }
    return all;
  }

  /** GROUP BY 5-hour window (epoch-aligned, so some cross midnight), date, user over amount > 0, days in range. */
  private static List<String> model(List<Row> rows, LocalDate from, LocalDate to) {
    Map<String, long[]> groups = new TreeMap<>();
    for (Row r : rows) {
      LocalDate d = (LocalDate) r.get(0);
      if (d.isBefore(from) || d.isAfter(to) || r.getLong(2) <= 0 || r.get(3) == null) {
        continue;
      }
      long start = Math.floorDiv(r.getTimestamp(3).toEpochMilli(), 5 * HOUR) * 5 * HOUR;
      long[] a = groups.computeIfAbsent(start + "|" + d + "|" + r.getString(1), k -> new long[2]);
      a[0]++;
      a[1] += r.getLong(2);
    }
    List<String> out = new ArrayList<>();
    groups.forEach((k, a) -> out.add(k + "|" + a[0] + "|" + a[1]));
    return out;
  }

  private static List<String> read(String location) {
    List<String> out = new ArrayList<>();
    try (Table t = Table.open(location)) {
      for (Row r : t.newScan().toList()) {
        out.add(r.getTimestamp("window_start").toEpochMilli() + "|" + r.get("date") + "|" + r.getString("user") + "|"
            + r.getLong("n") + "|" + r.getLong("total"));
      }
    }
    out.sort(null);
    return out;
  }

  private Backfill job(String src, String dst, String ledger, WindowSpec w) {
    return Backfill.from(src).to(dst).partitionColumn("date").range("2024-01-02", "2024-01-04").filter("amount > 0")
        .window(w).ledger(ledger).parallelism(2).retries(1, Duration.ZERO);
  }

  private static WindowSpec fiveHours() {
    return WindowSpec.tumbling("ts", Duration.ofHours(5)).groupBy("date", "user")
        .agg("count(*) AS n, sum(amount) AS total").watermark(Duration.ofMinutes(10));
  }

  @Test
  void eachSliceIsAggregatedWholeAndReplacesItsPartition() {
    String src = dir.resolve("src").toString();
    String dst = dir.resolve("dst").toString();
    List<Row> rows = source(src);
    List<String> expected = model(rows, D0.plusDays(1), D0.plusDays(3));
    // some 5-hour windows cross midnight: they appear once per date, as the direct GROUP BY has them
    assertThat(expected.stream().map(l -> l.split("\\|")[0]).distinct().count())
        .isLessThan(expected.stream().map(l -> l.split("\\|")[0] + "|" + l.split("\\|")[1]).distinct().count());
    BackfillReport r = job(src, dst, dir.resolve("ledger").toString(), fiveHours()).run();
    assertThat(r.complete()).isTrue();
    assertThat(r.rowsWritten()).isEqualTo(expected.size());
    assertThat(read(dst)).isEqualTo(expected);
    try (Table t = Table.open(dst)) {
      assertThat(t.snapshot().partitionColumns()).containsExactly("date");
      assertThat(t.snapshot().schema().fieldNames()).containsExactly("window_start", "window_end", "date", "user", "n",
          "total");
    }
    // a re-run after a source change with a fresh ledger replaces the slices: still the direct computation
    List<Row> more = new ArrayList<>();
    for (Row x : rows.subList(0, 10)) {
      more.add(Row.of(SCHEMA, D0.plusDays(2), x.get(1), 7L, x.get(3) == null ? null
          : D0.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600)));
    }
    try (Table t = Table.open(src)) {
      t.newAppend().addRows(more).commit();
    }
    rows.addAll(more);
    job(src, dst, dir.resolve("ledger2").toString(), fiveHours()).run();
    assertThat(read(dst)).isEqualTo(model(rows, D0.plusDays(1), D0.plusDays(3)));
  }

  @Test
  void windowsMustBeGroupedByThePartitionColumnAndAnotherWindowIsAnotherJob() {
    String src = dir.resolve("src").toString();
    source(src);
    String ledger = dir.resolve("ledger").toString();
    assertThatThrownBy(() -> job(src, dir.resolve("a").toString(), ledger,
        WindowSpec.tumbling("ts", Duration.ofHours(1)).groupBy("user")).run())
        .isInstanceOf(BackfillException.class).hasMessageContaining("must group by its partition column 'date'");
    assertThatThrownBy(() -> Backfill.from(src).window(fiveHours().lateTable(dir.resolve("late").toString())))
        .isInstanceOf(BackfillException.class).hasMessageContaining("late table");
    job(src, dir.resolve("b").toString(), ledger, fiveHours()).run();
    assertThatThrownBy(() -> job(src, dir.resolve("b").toString(), ledger,
        WindowSpec.tumbling("ts", Duration.ofHours(2)).groupBy("date", "user")
            .agg("count(*) AS n, sum(amount) AS total")).run())
        .isInstanceOf(BackfillException.class).hasMessageContaining("belongs to another job");
    assertThat(read(dir.resolve("b").toString())).isNotEmpty();
  }
}
