package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ChangeType;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The documented upsert shapes, with delta-spark's commitInfo, in copy-on-write and deletion-vector mode. */
class MergeBasicsTest {
  static final StructType TARGET = SchemaDdl.parse("id long, date date, amount double, note string");
  static final StructType SOURCE = SchemaDdl.parse("id long, date date, amount double, note string, op string");

  @TempDir Path dir;

  static Table target(Path dir, boolean dv, boolean cdf) {
    Table t = Table.create(dir.resolve("t").toString()).schema(TARGET).partitionBy("date")
        .property("delta.enableDeletionVectors", String.valueOf(dv))
        .property("delta.enableChangeDataFeed", String.valueOf(cdf)).create();
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < 10; id++) {
      rows.add(Row.of(TARGET, id, LocalDate.of(2025, 1, 1 + (int) (id % 2)), id * 1.0, "old"));
    }
    t.newAppend().addRows(rows).commit();
    return t;
  }

  static Row src(long id, int day, double amount, String op) {
    return Row.of(SOURCE, id, LocalDate.of(2025, 1, day), amount, "new", op);
  }

  static Map<Long, String> contents(Table t) {
    Map<Long, String> out = new TreeMap<>();
    for (Row r : t.newScan().toList()) {
      out.put(r.getLong("id"), r.get("date") + "/" + r.get("amount") + "/" + r.get("note"));
    }
    return out;
  }

  @ParameterizedTest(name = "dv={0}")
  @ValueSource(booleans = {false, true})
  void upsertWithDeleteClauseMatchesDeltaSparkSemantics(boolean dv) {
    Table t = target(dir, dv, true);
    List<Row> source = List.of(src(1, 2, 10, "U"), src(2, 1, 20, "D"), src(100, 1, 100, "U"), src(101, 1, 101, "D"));
    MergeResult r = Merge.into(t).as("t").using(SOURCE, source).as("s")
        .on("t.id = s.id AND t.date = s.date")
        .whenMatched("s.op = 'D'").delete()
        .whenMatched().updateAll()
        .whenNotMatched("s.op != 'D'").insertAll()
        .execute();
    assertThat(r.committed()).isTrue();
    Map<Long, String> rows = contents(t);
    assertThat(rows).doesNotContainKey(2L).doesNotContainKey(101L).hasSize(10);
    assertThat(rows.get(1L)).isEqualTo("2025-01-02/10.0/new");
    assertThat(rows.get(100L)).isEqualTo("2025-01-01/100.0/new");
    assertThat(rows.get(3L)).isEqualTo("2025-01-02/3.0/old");
    assertThat(r.numSourceRows()).isEqualTo(4);
    assertThat(r.numTargetRowsInserted()).isEqualTo(1);
    assertThat(r.numTargetRowsUpdated()).isEqualTo(1);
    assertThat(r.numTargetRowsDeleted()).isEqualTo(1);
    assertThat(r.numTargetRowsCopied()).isEqualTo(dv ? 0 : 8);
    HistoryEntry h = t.history(1).get(0);
    assertThat(h.operation()).isEqualTo("MERGE");
    assertThat(h.operationParameters()).containsEntry("matchedPredicates",
        "[{\"predicate\":\"s.op = 'D'\",\"actionType\":\"delete\"},{\"actionType\":\"update\"}]")
        .containsEntry("notMatchedPredicates", "[{\"predicate\":\"s.op != 'D'\",\"actionType\":\"insert\"}]")
        .containsEntry("notMatchedBySourcePredicates", "[]")
        .containsKey("predicate");
    assertThat(h.operationMetrics()).containsEntry("numTargetRowsMatchedDeleted", "1")
        .containsEntry("numOutputRows", String.valueOf(2 + (dv ? 0 : 8)))
        .containsKeys("numTargetFilesAdded", "numTargetFilesRemoved", "numTargetChangeFilesAdded",
            "numTargetBytesAdded", "numTargetBytesRemoved", "numTargetDeletionVectorsAdded", "executionTimeMs",
            "scanTimeMs", "rewriteTimeMs");
    if (dv) {
      assertThat(h.operationMetrics().get("numTargetDeletionVectorsAdded")).isNotEqualTo("0");
    }
    List<String> changes = new ArrayList<>();
    for (Row c : t.changeFeed(r.version(), r.version()).toList()) {
      changes.add(c.getLong("id") + ":" + c.getString(ChangeType.CHANGE_TYPE_COLUMN));
    }
    assertThat(changes).containsExactlyInAnyOrder("1:update_preimage", "1:update_postimage", "2:delete", "100:insert");
  }

  @Test
  void sqlClausesAndNotMatchedBySource() {
    Table t = target(dir, false, false);
    MergeResult r = Merge.into(t).using(SOURCE, List.of(src(1, 2, 10, "U"), src(50, 1, 5, "U"))).on("t.id = s.id")
        .when("WHEN MATCHED THEN UPDATE SET amount = s.amount * 2, note = concat(t.note, '+')")
        .when("NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, s.amount)")
        .when("NOT MATCHED BY SOURCE AND t.id >= 8 THEN DELETE")
        .when("NOT MATCHED BY SOURCE THEN UPDATE SET note = 'untouched'")
        .execute();
    Map<Long, String> rows = contents(t);
    assertThat(rows.get(1L)).isEqualTo("2025-01-02/20.0/old+");
    assertThat(rows.get(50L)).isEqualTo("null/5.0/null");
    assertThat(rows).doesNotContainKeys(8L, 9L);
    assertThat(rows.get(0L)).isEqualTo("2025-01-01/0.0/untouched");
    assertThat(r.metric("numTargetRowsNotMatchedBySourceDeleted")).isEqualTo(2);
    assertThat(r.metric("numTargetRowsNotMatchedBySourceUpdated")).isEqualTo(7);
  }

  @Test
  void nullKeysNeverMatch() {
    Table t = Table.create(dir.resolve("n").toString()).schema(TARGET).create();
    t.newAppend().addRows(List.of(Row.of(TARGET, null, null, 1.0, "null key"))).commit();
    Merge.into(t).using(SOURCE, List.of(Row.of(SOURCE, null, null, 2.0, "src", "U"))).on("t.id = s.id")
        .whenMatched().updateAll().whenNotMatched().insertAll().execute();
    assertThat(t.newScan().toList()).hasSize(2);
  }

  @Test
  void insertOnlyIsAnAntiJoinAndTxnMakesItIdempotent() {
    Table t = target(dir, false, true);
    List<MergeResult> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      results.add(Merge.into(t).using(SOURCE, List.of(src(77, 1, 1, "U"), src(3, 2, 1, "U"))).on("t.id = s.id")
          .whenNotMatched().insertAll().txn("job", 5).execute());
    }
    // insert-only: the matching target row is only read, nothing is rewritten and the adds are the change feed
    assertThat(results.get(0).metrics()).containsEntry("numTargetRowsInserted", "1")
        .containsEntry("numTargetFilesRemoved", "0").containsEntry("numTargetChangeFilesAdded", "0");
    assertThat(results.get(1).committed()).isFalse();
    assertThat(contents(t)).hasSize(11);
    assertThat(t.changeFeed(results.get(0).version(), results.get(0).version()).toList()).hasSize(1);
    assertThat(t.snapshot().transactionVersion("job")).hasValue(5);
  }
}
