package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replace-by-key against a map model: rounds of random upserts (existing keys, new keys, null key values,
 * a key twice in one round), committed by copy-on-write and by deletion vectors; the table always equals
 * the model, and {@code within} only reads the files its predicate may match.
 */
class ReplaceRowsByKeyTest {
  static final StructType SCHEMA = SchemaDdl.parse("day long not null, g string, v long");

  @TempDir Path dir;

  private static List<Object> key(Row r) {
    return Arrays.asList(r.get(0), r.get(1));
  }

  private static TreeSet<String> lines(Iterable<Row> rows) {
    TreeSet<String> out = new TreeSet<>();
    for (Row r : rows) {
      out.add(r.get(0) + "|" + r.get(1) + "|" + r.get(2));
    }
    return out;
  }

  private void differential(boolean dv) {
    Random rnd = new Random(dv ? 1 : 2);
    try (Table t = Table.create(dir.resolve("t" + dv).toString()).schema(SCHEMA)
        .property("delta.enableDeletionVectors", String.valueOf(dv)).create()) {
      Map<List<Object>, Row> model = new HashMap<>();
      for (int round = 0; round < 12; round++) {
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
          String g = rnd.nextInt(6) == 0 ? null : "g" + rnd.nextInt(4);
          batch.add(Row.of(SCHEMA, (long) rnd.nextInt(5), g, (long) round * 100 + i));
        }
        RowDelta d = t.newRowDelta();
        ReplaceRowsByKey.Outcome o = ReplaceRowsByKey.into(d, List.of("day", "g")).replace(batch);
        d.commit();
        long existed = batch.stream().map(ReplaceRowsByKeyTest::key).distinct().filter(model::containsKey).count();
        batch.forEach(r -> model.put(key(r), r)); // the last row of a key wins
        assertThat(o.replacedRows()).isEqualTo(existed);
        assertThat(lines(t.newScan().toList())).isEqualTo(lines(model.values()));
        assertThat(t.newScan().count()).isEqualTo(model.size()); // one row per key
      }
      boolean anyVector = t.snapshot().files().stream().anyMatch(f -> f.deletionVector() != null);
      assertThat(anyVector).isEqualTo(dv);
    }
  }

  @Test
  void copyOnWriteMatchesTheModel() {
    differential(false);
  }

  @Test
  void deletionVectorsMatchTheModel() {
    differential(true);
  }

  @Test
  void withinReadsOnlyTheFilesItsPredicateMayMatch() {
    try (Table t = Table.create(dir.resolve("w").toString()).schema(SCHEMA).create()) {
      for (long day = 0; day < 4; day++) {
        t.newAppend().addRows(List.of(Row.of(SCHEMA, day, "a", 1L), Row.of(SCHEMA, day, "b", 1L))).commit();
      }
      RowDelta d = t.newRowDelta();
      ReplaceRowsByKey.Outcome o = ReplaceRowsByKey.into(d, List.of("day", "g")).within("day >= 2")
          .replace(List.of(Row.of(SCHEMA, 2L, "a", 9L), Row.of(SCHEMA, 3L, "c", 9L)));
      d.commit();
      assertThat(o.filesRead()).isEqualTo(2); // the files of days 2 and 3, by their stats
      assertThat(o).isEqualTo(new ReplaceRowsByKey.Outcome(1, 1, 1, 2));
      assertThat(lines(t.newScan().toList())).containsExactly("0|a|1", "0|b|1", "1|a|1", "1|b|1", "2|a|9", "2|b|1",
          "3|a|1", "3|b|1", "3|c|9");
      assertThatThrownBy(() -> ReplaceRowsByKey.into(t.newRowDelta(), List.of("nope")).replace(List.of()))
          .isInstanceOf(SchemaViolationException.class).hasMessageContaining("'nope'");
    }
  }
}
