package io.tidelake.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillTest {
  static final StructType SCHEMA = SchemaDdl.parse("date date, id long, amount long");
  static final LocalDate D0 = LocalDate.of(2024, 1, 1);

  @TempDir
  Path dir;

  /** Six days of rows, two commits per day, some with amount <= 0; returns every source row. */
  private List<Row> source(String location) {
    List<Row> all = new ArrayList<>();
    try (Table t = Table.create(location).schema(SCHEMA).partitionBy(List.of("date")).create()) {
      long id = 0;
      for (int day = 0; day < 6; day++) {
        for (int c = 0; c < 2; c++) {
          List<Row> rows = new ArrayList<>();
          for (int i = 0; i < 7; i++, id++) {
            rows.add(Row.of(SCHEMA, D0.plusDays(day), id, (id * 37) % 11 - 3));
          }
          t.newAppend().addRows(rows).commit();
          all.addAll(rows);
        }
      }
    }
    return all;
  }

  /** The direct computation: filter amount > 0, select date, id, amount * 2 for days in [from, to]. */
  private static Set<String> model(List<Row> rows, LocalDate from, LocalDate to) {
    Set<String> out = new TreeSet<>();
    for (Row r : rows) {
      LocalDate d = (LocalDate) r.get(0);
      if (!d.isBefore(from) && !d.isAfter(to) && r.getLong(2) > 0) {
        out.add(d + "|" + r.getLong(1) + "|" + r.getLong(2) * 2);
      }
    }
    return out;
  }

  private static Set<String> read(String location) {
    Set<String> out = new TreeSet<>();
    try (Table t = Table.open(location)) {
      for (Row r : t.newScan().select("date", "id", "doubled").toList()) {
        assertTrue(out.add(r.get(0) + "|" + r.getLong(1) + "|" + r.getLong(2)), "duplicate row " + r);
      }
    }
    return out;
  }

  private Backfill job(String src, String dst, String ledger) {
    return Backfill.from(src).to(dst).partitionColumn("date").range("2024-01-02", "2024-01-05")
        .filter("amount > 0").select("date, id, amount * 2 AS doubled")
        .ledger(ledger).parallelism(3).retries(2, Duration.ofMillis(5));
  }

  @Test
  void reRunRedoesOnlyFailedSlicesAndEqualsDirectComputation() {
    String src = dir.resolve("src").toString();
    String dst = dir.resolve("dst").toString();
    String ledger = dir.resolve("ledger").toString();
    List<Row> rows = source(src);

    Backfill first = job(src, dst, ledger);
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    first.faults = v -> {
      attempted.add(v);
      if (v.equals("2024-01-03") || v.equals("2024-01-05")) {
        throw new IllegalStateException("injected failure of " + v);
      }
    };
    BackfillReport r1 = first.run();
    assertEquals(Set.of("2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"), attempted);
    assertEquals(List.of("2024-01-03", "2024-01-05"), r1.failed().stream().map(BackfillSlice::value).toList());
    assertTrue(r1.failed().get(0).error().contains("injected failure"));
    assertEquals(2, r1.failed().get(0).attempts(), "retried once before giving up");
    Set<String> partial = new TreeSet<>(model(rows, D0.plusDays(1), D0.plusDays(1)));
    partial.addAll(model(rows, D0.plusDays(3), D0.plusDays(3)));
    assertEquals(partial, read(dst));

    Backfill second = job(src, dst, ledger);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    second.faults = seen::add;
    BackfillReport r2 = second.run();
    assertTrue(r2.complete());
    assertEquals(Set.of("2024-01-03", "2024-01-05"), Set.copyOf(seen), "only the failed slices run again");
    assertEquals(List.of("2024-01-03", "2024-01-05"), r2.ran());
    assertEquals(List.of("2024-01-02", "2024-01-04"), r2.skipped());
    assertEquals(model(rows, D0.plusDays(1), D0.plusDays(4)), read(dst));
    assertEquals(model(rows, D0.plusDays(1), D0.plusDays(4)).size(), r1.rowsWritten() + r2.rowsWritten());

    // a third run has nothing to do
    BackfillReport r3 = job(src, dst, ledger).run();
    assertEquals(List.of(), r3.ran());
    try (Table t = Table.open(dst)) {
      HistoryEntry last = t.history(1).get(0);
      assertEquals("WRITE", last.operation());
    }
  }

  @Test
  void transientFailureIsRetriedWithBackoffAndSliceReplacesItsPartitionOnly() {
    String src = dir.resolve("src").toString();
    String dst = dir.resolve("dst").toString();
    List<Row> rows = source(src);
    // the target already has stale rows inside the range and rows outside it
    StructType out = SchemaDdl.parse("date date, id long, doubled long");
    try (Table t = Table.create(dst).schema(out).partitionBy(List.of("date")).create()) {
      t.newAppend().addRows(List.of(Row.of(out, D0.plusDays(2), 999L, 1L), Row.of(out, D0.plusDays(5), 998L, 2L)))
          .commit();
    }
    Backfill b = job(src, dst, dir.resolve("ledger").toString());
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    b.faults = v -> {
      if (failedOnce.add(v)) {
        throw new IllegalStateException("transient");
      }
    };
    BackfillReport r = b.run();
    assertTrue(r.complete());
    r.slices().forEach(s -> assertEquals(2, s.attempts(), s.toString()));
    Set<String> expected = model(rows, D0.plusDays(1), D0.plusDays(4));
    expected.add(D0.plusDays(5) + "|998|2");
    assertEquals(expected, read(dst));
  }

  @Test
  void ledgerOfAnotherJobAndBadRangesAreRefused() {
    String src = dir.resolve("src").toString();
    String dst = dir.resolve("dst").toString();
    String ledger = dir.resolve("ledger").toString();
    source(src);
    job(src, dst, ledger).run();
    BackfillException e = assertThrows(BackfillException.class,
        () -> job(src, dst, ledger).select("date, id").run());
    assertTrue(e.getMessage().contains("belongs to another job"), e.getMessage());
    e = assertThrows(BackfillException.class, () -> job(src, dst, dir.resolve("l2").toString())
        .range("2024-01-05", "2024-01-01").run());
    assertTrue(e.getMessage().contains("starts after it ends"), e.getMessage());
    e = assertThrows(BackfillException.class, () -> job(src, dst, dir.resolve("l3").toString())
        .range("yesterday", "2024-01-01").run());
    assertTrue(e.getMessage().contains("not a date"), e.getMessage());
    e = assertThrows(BackfillException.class, () -> Backfill.from(src).to(dir.resolve("d9").toString())
        .partitionColumn("nope").range("1", "2").ledger(dir.resolve("l4").toString()).run());
    assertTrue(e.getMessage().contains("no column 'nope'"), e.getMessage());
  }
}
