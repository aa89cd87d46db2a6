package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.expr.ExpressionEvaluationException;
import io.tidelake.format.expr.ExpressionException;
import io.tidelake.format.predicate.PredicateException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UPDATE: metrics and operation parameters as delta-spark writes them, and bad input that changes nothing. */
class UpdateRowsTest {
  @TempDir Path dir;

  private Table table(boolean dv) {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA).partitionBy("date")
        .property("delta.enableDeletionVectors", String.valueOf(dv)).create();
    t.newAppend().addRows(TestTables.rows(0, 90)).commit();
    return t;
  }

  @Test
  void copyOnWriteMetricsAndParameters() {
    Table t = table(false);
    CommitResult r = t.newUpdate().set("amount", "amount * 2").where("country = 'DE' AND id < 30").commit();
    assertThat(r.metrics()).containsEntry("numUpdatedRows", "15").containsEntry("numCopiedRows", "75")
        .containsEntry("numRemovedFiles", "3").containsEntry("numAddedFiles", "3")
        .containsEntry("numAddedChangeFiles", "0").containsKeys("executionTimeMs", "scanTimeMs", "rewriteTimeMs",
            "numAddedBytes", "numRemovedBytes");
    HistoryEntry h = t.history(1).get(0);
    assertThat(h.operation()).isEqualTo("UPDATE");
    assertThat(h.operationParameters()).containsEntry("predicate", "[\"country = 'DE' AND id < 30\"]");
    assertThat(t.newScan().where("id = 4").toList().get(0).getDouble("amount")).isEqualTo(8.0);
    assertThat(t.newScan().where("id = 5").toList().get(0).getDouble("amount")).isEqualTo(5.0);
  }

  @Test
  void deletionVectorMetrics() {
    Table t = table(true);
    CommitResult r = t.newUpdate().set("country = 'XX'").where("id % 10 = 0").commit();
    assertThat(r.metrics()).containsEntry("numUpdatedRows", "9").containsEntry("numCopiedRows", "0")
        .containsEntry("numDeletionVectorsAdded", "3").containsEntry("numRemovedFiles", "0")
        .containsEntry("numAddedFiles", "3");
    assertThat(t.newScan().where("country = 'XX'").count()).isEqualTo(9);
    assertThat(t.newScan().count()).isEqualTo(90);
  }

  @Test
  void badInputIsTypedAndLeavesTheTableUnchanged() {
    Table t = table(true);
    long v = t.snapshot().version();
    List<String> files = TestTables.dataFiles(dir);
    assertThatThrownBy(() -> t.newUpdate().set("amout", "1")).isInstanceOf(ExpressionException.class)
        .hasMessageContaining("amount");
    assertThatThrownBy(() -> t.newUpdate().set("id", "'x'")).isInstanceOf(ExpressionException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> t.newUpdate().set("amount", "1").where("date < current_date()"))
        .isInstanceOf(PredicateException.class).hasMessageContaining("current_date");
    assertThatThrownBy(() -> t.newUpdate().set("id", "id / 0").commit())
        .isInstanceOf(TidelakeException.class);
    assertThatThrownBy(() -> t.newUpdate().set("id", "id div 0").commit()).isInstanceOf(TidelakeException.class);
    assertThatThrownBy(() -> t.newUpdate().set("amount", "amount / (id - id)").commit())
        .isInstanceOf(ExpressionEvaluationException.class);
    assertThatThrownBy(() -> t.newUpdate().set("id", "NULL").commit()).isInstanceOf(TidelakeException.class)
        .hasMessageContaining("id");
    assertThat(t.snapshot().version()).isEqualTo(v);
    assertThat(TestTables.dataFiles(dir)).isEqualTo(files); // nothing left behind
    for (Row r : t.newScan().toList()) {
      assertThat(r.getDouble("amount")).isEqualTo(r.getLong("id") * 1.0);
    }
  }
}
