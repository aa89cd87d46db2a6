package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Join keys of every comparable type, keys of different but comparable types on the two sides (hashed after
 * normalization: an int matches a long, 1.50 matches 1.5), and ON conditions without an equality (nested loop).
 */
class MergeKeyTypesTest {
  static final StructType TARGET = SchemaDdl.parse(
      "k_str string, k_ts timestamp, k_dec decimal(10,2), k_long long, k_date date, v int");

  @TempDir Path dir;

  Table table() {
    Table t = Table.create(dir.resolve("t").toString()).schema(TARGET).partitionBy("k_date").create();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(Row.of(TARGET, "s" + i, Instant.ofEpochSecond(1_700_000_000L + i), new BigDecimal(i + ".25"), (long) i,
          LocalDate.of(2025, 1, 1 + i % 3), 0));
    }
    t.newAppend().addRows(rows).commit();
    return t;
  }

  long updated(Table t) {
    return t.newScan().where("v = 1").count();
  }

  @Test
  void everyComparableKeyTypeMatchesAndPrunes() {
    for (String key : List.of("k_str", "k_ts", "k_dec", "k_long", "k_date")) {
      Table t = table();
      StructType src = SchemaDdl.parse(key + " " + TARGET.field(key).type().simpleString() + ", v int");
      List<Row> rows = new ArrayList<>();
      for (Row r : t.newScan().where("k_long IN (3, 4)").toList()) {
        rows.add(Row.of(src, r.get(key), 1));
      }
      MergeResult res = Merge.into(t).using(src, rows).on("t." + key + " = s." + key)
          .whenMatched().update(Map.of("v", "s.v")).execute();
      long expected = key.equals("k_date") ? 14 : 2; // k_date: every row of the two dates matches (many targets, one source row each)
      assertThat(res.numTargetRowsUpdated()).as(key).isEqualTo(expected);
      assertThat(updated(t)).as(key).isEqualTo(expected);
      t.close();
      deleteTree(dir.resolve("t"));
    }
  }

  @Test
  void keysOfDifferentComparableTypesMatch() {
    Table t = table();
    StructType src = SchemaDdl.parse("k int, d decimal(12,3)");
    List<Row> rows = List.of(Row.of(src, 5, new BigDecimal("5.250")), Row.of(src, 6, new BigDecimal("0.000")));
    MergeResult r = Merge.into(t).using(src, rows).on("t.k_long = s.k AND t.k_dec = s.d")
        .whenMatched().update(Map.of("v", "1")).whenNotMatched().insert(Map.of("k_long", "s.k", "v", "2")).execute();
    assertThat(r.numTargetRowsUpdated()).isEqualTo(1);
    assertThat(r.numTargetRowsInserted()).isEqualTo(1);
  }

  @Test
  void anOnConditionWithoutEqualityStillWorks() {
    Table t = table();
    StructType src = SchemaDdl.parse("lo long, hi long");
    MergeResult r = Merge.into(t).using(src, List.of(Row.of(src, 3L, 5L))).on("t.k_long BETWEEN s.lo AND s.hi")
        .whenMatched().update(Map.of("v", "1")).execute();
    assertThat(r.numTargetRowsUpdated()).isEqualTo(3);
    Table n = Table.open(t.location());
    // null-safe equality: NULL keys match each other
    StructType ns = SchemaDdl.parse("k_str string, v int");
    n.newAppend().addRows(List.of(Row.of(TARGET, null, null, null, 99L, LocalDate.of(2025, 1, 1), 0))).commit();
    MergeResult nulls = Merge.into(n).using(ns, List.of(Row.of(ns, null, 7))).on("t.k_str <=> s.k_str")
        .whenMatched().update(Map.of("v", "s.v")).execute();
    assertThat(nulls.numTargetRowsUpdated()).isEqualTo(1);
  }

  static void deleteTree(Path p) {
    try (var s = java.nio.file.Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
