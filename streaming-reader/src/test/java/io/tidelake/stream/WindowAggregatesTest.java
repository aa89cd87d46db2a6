package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * count(DISTINCT x), first(x) and last(x) over windows, in a job killed and restarted many times (so their
 * state goes through the checkpoint), against the rows each window really counted: the source rows of the
 * window and group that are not in the late table. Ids grow in arrival order, so first(id) is the smallest
 * counted id and last(id) the largest.
 */
class WindowAggregatesTest {
  static final long MIN = 60_000;

  @TempDir
  Path dir;

  private StreamingQueryBuilder query(Table src) {
    return StreamingQuery.from(TableSource.of(src).startingVersion(1).maxFilesPerTrigger(1))
        .window(WindowSpec.tumbling("ts", Duration.ofMinutes(10)).watermark(Duration.ofMinutes(5)).groupBy("user")
            .agg("count(*) AS n, count(DISTINCT amount % 7) AS d, first(id) AS f, last(id) AS l, first(note) AS fn")
            .lateTable(dir.resolve("late").toString()))
        .toTable(dir.resolve("sink").toString()).checkpointLocation(dir.resolve("cp").toString())
        .withColumn("note", "CASE WHEN id % 4 = 0 THEN NULL ELSE CAST(id AS string) END")
        .trigger(Trigger.availableNow());
  }

  @Test
  void distinctFirstAndLastSurviveRestartsAndMatchTheCountedRows() {
    List<List<Row>> commits = WindowTest.batches(5, 12);
    try (Table src = Table.create(dir.resolve("src").toString()).schema(WindowTest.SCHEMA).create()) {
      commits.forEach(c -> src.newAppend().addRows(c).commit());
      Random random = new Random(3);
      int kills = 0;
      for (int run = 0; run < 60; run++) {
        boolean kill = run < 25;
        try {
          query(src).faults(p -> {
            if (kill && random.nextInt(4) == 0) {
              throw new IllegalStateException("killed at " + p);
            }
          }).start().awaitTermination();
          if (!kill) {
            break;
          }
        } catch (StreamingException e) {
          kills++;
        }
      }
      assertThat(kills).isGreaterThan(2);
    }
    Set<Long> late = new HashSet<>();
    try (Table t = Table.open(dir.resolve("late").toString())) {
      t.newScan().select("id").toList().forEach(r -> late.add(r.getLong(0)));
    }
    Map<String, long[]> counted = new TreeMap<>(); // start|user -> n, first id, last id
    Map<String, Set<Long>> distinct = new HashMap<>();
    for (List<Row> c : commits) {
      for (Row r : c) {
        if (late.contains(r.getLong(0))) {
          continue;
        }
        long start = Math.floorDiv(r.getTimestamp(3).toEpochMilli(), 10 * MIN) * 10 * MIN;
        String k = start + "|" + r.getString(1);
        long[] a = counted.computeIfAbsent(k, x -> new long[] {0, r.getLong(0), 0});
        a[0]++;
        a[2] = r.getLong(0);
        distinct.computeIfAbsent(k, x -> new HashSet<>()).add(r.getLong(2) % 7);
      }
    }
    Map<String, String> actual = new TreeMap<>();
    try (Table t = Table.open(dir.resolve("sink").toString())) {
      for (Row r : t.newScan().toList()) {
        actual.put(r.getTimestamp("window_start").toEpochMilli() + "|" + r.getString("user"),
            r.getLong("n") + " " + r.getLong("d") + " " + r.getLong("f") + " " + r.getLong("l") + " " + r.get("fn"));
      }
    }
    assertThat(actual).isNotEmpty();
    for (Map.Entry<String, String> e : actual.entrySet()) {
      long[] a = counted.get(e.getKey());
      String firstNote = a[1] % 4 == 0 ? "null" : String.valueOf(a[1]);
      assertThat(e.getValue()).as(e.getKey())
          .isEqualTo(a[0] + " " + distinct.get(e.getKey()).size() + " " + a[1] + " " + a[2] + " " + firstNote);
    }
    assertThat(actual.values().stream().anyMatch(v -> v.endsWith(" null"))).as("first keeps a null").isTrue();
  }

  @Test
  void distinctOtherThanCountIsRefused() {
    assertThatThrownBy(() -> Aggregate.parse("sum(DISTINCT amount)", WindowTest.SCHEMA))
        .isInstanceOf(NotYetSupportedException.class).hasMessageContaining("DISTINCT works with count only");
    assertThatThrownBy(() -> Aggregate.parse("count(DISTINCT *)", WindowTest.SCHEMA))
        .isInstanceOf(StreamingException.class).hasMessageContaining("name the column");
  }
}
