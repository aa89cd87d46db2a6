package io.tidelake.tests.interop;

import static io.tidelake.tests.interop.Interop.assertKernelAgreesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.stream.OutputMode;
import io.tidelake.stream.StreamingQuery;
import io.tidelake.stream.TableSource;
import io.tidelake.stream.Trigger;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables written by streaming queries — appends in rate-limited batches, complete-mode replacements,
 * a partitioned sink created by the query — read by Delta Kernel with the rows Tidelake reads at every
 * version, and with the txn (query id → batch id) Kernel sees.
 */
class KernelReadsStreamSinkTest {
  @TempDir Path dir;

  static final StructType SCHEMA = SchemaDdl.parse("id long not null, day date, name string, amount double");

  static List<Row> rows(long first, int n) {
    List<Row> out = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      out.add(Row.of(SCHEMA, id, LocalDate.of(2025, 3, 1 + (int) (id % 3)), id % 4 == 0 ? null : "n" + id, id * 0.5));
    }
    return out;
  }

  @Test
  void sinkTablesOfAppendAndCompleteQueries() {
    try (Table src = Table.create(dir.resolve("src").toString()).schema(SCHEMA).create()) {
      for (int i = 0; i < 5; i++) {
        src.newAppend().addRows(rows(i * 50L, 50)).commit();
      }
      String appendSink = dir.resolve("append").toString();
      StreamingQuery q = StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(2))
          .filter("amount > 3").withColumn("cents", "CAST(amount * 100 AS long)")
          .toTable(appendSink).partitionBy("day")
          .checkpointLocation(dir.resolve("cp-append").toString()).trigger(Trigger.availableNow()).start();
      q.awaitTermination();
      String completeSink = dir.resolve("complete").toString();
      for (int run = 0; run < 2; run++) {
        src.newAppend().addRows(rows(250 + run * 10L, 10)).commit();
        // complete mode needs an aggregation: daily counts, the whole sink replaced by each batch
        StreamingQuery.from(TableSource.of(src)).withColumn("ts", "CAST(day AS timestamp)")
            .window(io.tidelake.stream.WindowSpec.tumbling("ts", java.time.Duration.ofDays(1)).groupBy("name")
                .agg("count(*) AS n"))
            .toTable(completeSink).outputMode(OutputMode.COMPLETE).checkpointLocation(dir.resolve("cp-complete").toString())
            .trigger(Trigger.availableNow()).start().awaitTermination();
      }
      try (Table a = Table.open(appendSink); Table c = Table.open(completeSink)) {
        assertThat(a.snapshot().partitionColumns()).containsExactly("day");
        assertThat(a.newScan().count()).isEqualTo(250 - 7);
        for (long v = 0; v <= a.snapshot().version(); v++) {
          assertKernelAgreesAt(a, v);
        }
        for (long v = 0; v <= c.snapshot().version(); v++) {
          assertKernelAgreesAt(c, v);
        }
        assertThat(Kernel.txnVersion(appendSink, q.id())).hasValue(2L);
        // one row per (day, name) of all 270 source rows: names are distinct per id or null
        assertThat(c.newScan().toList().stream().mapToLong(r -> r.getLong("n")).sum()).isEqualTo(270);
      }
    }
  }

  /**
   * Output mode update of windowed aggregates: each batch replaces the rows of the windows it changed, by
   * copy-on-write in one sink and by deletion vectors in the other; Kernel reads every version as Tidelake.
   */
  @Test
  void sinkTablesOfUpdateModeWindows() {
    try (Table src = Table.create(dir.resolve("src").toString()).schema(SCHEMA).create()) {
      for (int i = 0; i < 6; i++) {
        src.newAppend().addRows(rows(i * 20L, 20)).commit();
      }
      for (boolean dv : new boolean[] {false, true}) {
        String sink = dir.resolve("update-" + dv).toString();
        var window = io.tidelake.stream.WindowSpec.tumbling("ts", java.time.Duration.ofDays(1)).groupBy("name")
            .agg("count(*) AS n, sum(amount) AS total").watermark(java.time.Duration.ofDays(3)); // no row late
        if (dv) {
          Table.create(sink).schema(SchemaDdl.parse("window_start timestamp not null, window_end timestamp not null, "
              + "name string, n long not null, total double")).property("delta.enableDeletionVectors", "true")
              .create().close();
        }
        // names repeat across commits (id % 7), so every batch updates windows earlier batches wrote
        StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(1))
            .withColumn("ts", "CAST(day AS timestamp)").withColumn("name", "CAST(id % 7 AS string)")
            .window(window).toTable(sink).outputMode(OutputMode.UPDATE)
            .checkpointLocation(dir.resolve("cp-update-" + dv).toString()).trigger(Trigger.availableNow()).start()
            .awaitTermination();
        try (Table u = Table.open(sink)) {
          assertThat(u.newScan().toList().stream().mapToLong(r -> r.getLong("n")).sum()).isEqualTo(120);
          assertThat(u.newScan().count()).isEqualTo(3 * 7);
          assertThat(u.snapshot().files().stream().anyMatch(f -> f.deletionVector() != null)).isEqualTo(dv);
          for (long v = 0; v <= u.snapshot().version(); v++) {
            assertKernelAgreesAt(u, v);
          }
        }
      }
    }
  }
}
