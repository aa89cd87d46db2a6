package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transformations in the expression language and Java, and the sinks' output modes. */
class TransformAndSinkTest {
  @TempDir
  Path dir;

  private StreamingQueryBuilder query(Table src) {
    return StreamingQuery.from(TableSource.of(src)).checkpointLocation(dir.resolve("cp").toString())
        .trigger(Trigger.availableNow());
  }

  @Test
  void filterSelectAndComputedColumnsMatchAPlainJavaModel() {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 3, 7);
      query(src).filter("amount % 20 = 0 AND grp <> 'g1'")
          .withColumn("big", "amount > 100")
          .select("id, upper(grp) AS grp, amount * 2 AS `double amount`, big")
          .toTable(dir.resolve("sink").toString()).start().awaitTermination();
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        StructType schema = sink.snapshot().schema();
        assertThat(schema.fieldNames()).containsExactly("id", "grp", "double amount", "big");
        assertThat(schema.field("double amount").type()).isEqualTo(PrimitiveType.LONG);
        assertThat(schema.field("big").type()).isEqualTo(PrimitiveType.BOOLEAN);
        Map<Long, String> actual = new TreeMap<>();
        for (Row r : sink.newScan().toList()) {
          actual.put(r.getLong("id"), r.getString("grp") + "|" + r.getLong("double amount") + "|" + r.getBoolean("big"));
        }
        Map<Long, String> expected = new TreeMap<>();
        for (Row r : StreamFixtures.rows(0, 21)) {
          long amount = r.getLong("amount");
          if (amount % 20 == 0 && !r.getString("grp").equals("g1")) {
            expected.put(r.getLong("id"), r.getString("grp").toUpperCase() + "|" + amount * 2 + "|" + (amount > 100));
          }
        }
        assertThat(actual).isEqualTo(expected).isNotEmpty();
      }
    }
  }

  @Test
  void javaFunctionsAndForeachBatch() {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 2, 3);
      StructType out = SchemaDdl.parse("label string");
      List<String> labels = new ArrayList<>();
      List<Long> batchIds = new ArrayList<>();
      StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(1))
          .filter(r -> r.getLong("id") != 4)
          .map(out, r -> Row.of(out, "row-" + r.getLong("id")))
          .foreachBatch((rows, id) -> {
            batchIds.add(id);
            rows.forEach(r -> labels.add(r.getString(0)));
          })
          .checkpointLocation(dir.resolve("cp").toString()).trigger(Trigger.availableNow()).start()
          .awaitTermination();
      assertThat(batchIds).containsExactly(0L, 1L);
      assertThat(labels).containsExactlyInAnyOrder("row-0", "row-1", "row-2", "row-3", "row-5");
    }
  }

  @Test
  void completeModeWithoutAnAggregationIsRefused() {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 2, 3);
      // each batch would replace the sink with only its own rows (Spark refuses it too)
      assertThatThrownBy(() -> query(src).toTable(dir.resolve("sink").toString()).outputMode(OutputMode.COMPLETE)
          .start()).isInstanceOf(StreamingException.class).hasMessageContaining("needs a windowed aggregation");
      assertThat(dir.resolve("sink")).doesNotExist();
    }
  }

  @Test
  void updateModeCallsTheUpsertFunctionOncePerBatch() {
    try (Table src = StreamFixtures.create(dir.resolve("src"));
        Table sink = Table.create(dir.resolve("sink").toString()).schema(StreamFixtures.SCHEMA).create()) {
      StreamFixtures.append(src, 0, 2, 3);
      List<Long> calls = new ArrayList<>();
      query(src).toTable(dir.resolve("sink").toString()).update((table, rows, appId, batchId) -> {
        calls.add(batchId);
        table.newAppend().txn(appId, batchId).addRows(rows).commit();
      }).start().awaitTermination();
      assertThat(calls).containsExactly(0L);
      assertThat(StreamFixtures.ids(sink)).isEqualTo(StreamFixtures.range(0, 6));
    }
  }

  @Test
  void badTextFailsAtStartAndLeavesNoSinkBehind() {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 1, 3);
      assertThatThrownBy(() -> query(src).select("id, amout * 2 AS x").toTable(dir.resolve("sink").toString()).start())
          .isInstanceOf(TidelakeException.class).hasMessageContaining("amout");
      assertThatThrownBy(() -> query(src).filter("amount +").toTable(dir.resolve("sink").toString()).start())
          .isInstanceOf(TidelakeException.class);
      assertThatThrownBy(() -> query(src).outputMode(OutputMode.UPDATE).toTable(dir.resolve("sink").toString())
          .start()).isInstanceOf(StreamingException.class).hasMessageContaining("upsert function");
      assertThat(Files.exists(dir.resolve("sink"))).isFalse();
      // nothing ran, so a corrected query can use the same checkpoint
      query(src).select("id").toTable(dir.resolve("sink").toString()).start().awaitTermination();
      try (Table sink = Table.open(dir.resolve("sink").toString())) {
        assertThat(StreamFixtures.ids(sink)).containsExactly(0L, 1L, 2L);
      }
    }
  }

  @Test
  void selectListSplitsOnTopLevelCommasOnly() {
    assertThat(SelectList.parse("a, CAST(b AS string) AS c, concat('x,y', d), `e f`"))
        .containsExactly(new SelectList.Item("a", null), new SelectList.Item("CAST(b AS string)", "c"),
            new SelectList.Item("concat('x,y', d)", null), new SelectList.Item("`e f`", null));
    assertThatThrownBy(() -> SelectList.parse("a,,b")).isInstanceOf(StreamingException.class);
  }

  @Test
  void badInputLeavesNoCheckpointBehind() {
    try (Table src = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(src, 0, 2, 3);
      assertThatThrownBy(() -> StreamingQuery.from(TableSource.of(src)).select("id, nope")
          .toTable(dir.resolve("sink").toString()).checkpointLocation(dir.resolve("cp1").toString())
          .trigger(Trigger.availableNow()).start()).isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> StreamingQuery.from(TableSource.of(src).startingVersion(99))
          .toTable(dir.resolve("sink").toString()).checkpointLocation(dir.resolve("cp2").toString())
          .trigger(Trigger.availableNow()).start()).isInstanceOf(RuntimeException.class);
      assertThat(dir.resolve("cp1/metadata")).doesNotExist();
      assertThat(dir.resolve("cp2/metadata")).doesNotExist();
    }
  }
}
