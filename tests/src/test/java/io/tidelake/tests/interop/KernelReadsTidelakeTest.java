package io.tidelake.tests.interop;

import static io.tidelake.tests.interop.Interop.assertKernelAgrees;
import static io.tidelake.tests.interop.Interop.assertKernelAgreesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.internal.ParquetFiles;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables Tidelake writes, read by Delta Kernel 4.4.0's default engine: every version must show Kernel
 * the rows, files and schema Tidelake itself sees, whatever operations produced it.
 */
class KernelReadsTidelakeTest {
  @TempDir
  Path dir;

  private static final StructType TYPES = SchemaDdl.parse("id long not null, s string, d date, i int, l long, "
      + "ts timestamp, b boolean, dec decimal(10,2), v double, event_time timestamp");
  private static final List<String> TYPE_PARTITIONS = List.of("s", "d", "i", "l", "ts", "b", "dec");

  @Test
  void partitionsOfEveryTypeWithNullsAndSpecialCharacters() {
    Table t = Table.create(dir.resolve("types").toString()).schema(TYPES).partitionBy(TYPE_PARTITIONS).create();
    String[] strings = {"a b", "x=y/z", "50%", "c:d", "ü€ 😀", "null", "#?{}[]^*'\"\\", "+ =%0", null};
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < strings.length; k++) {
      boolean nulls = k == strings.length - 1;
      rows.add(Row.of(TYPES, (long) k, strings[k],
          nulls ? null : LocalDate.of(2024, 2, 28).plusDays(k),
          nulls ? null : k - 4,
          nulls ? null : Long.MAX_VALUE - k,
          nulls ? null : Instant.parse("1969-12-31T23:59:59.999999Z").plusSeconds(k * 86_400L + k),
          nulls ? null : k % 2 == 0,
          nulls ? null : new BigDecimal("-12.50").add(BigDecimal.valueOf(k)),
          k * 1.5,
          Instant.parse("2024-03-01T10:15:30.123456Z").plusMillis(k)));
    }
    t.newAppend().addRows(rows).commit();

    Kernel.Read k = assertKernelAgrees(t);
    assertThat(k.lines()).containsExactlyElementsOf(Interop.canonical(rows));
    assertThat(k.files()).isEqualTo(strings.length);

    // protocol (1,2): readable by every engine
    assertThat(Interop.read(dir.resolve("types/_delta_log/00000000000000000000.json")))
        .contains("{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}");
    // the log holds null as JSON null and timestamps as ISO-8601 UTC with Z (never zone-less)
    String commit = Interop.read(dir.resolve("types/_delta_log/00000000000000000001.json"));
    assertThat(commit).contains("\"s\":null", "\"b\":null", "\"ts\":null", "\"dec\":null")
        .contains("\"ts\":\"1969-12-31T23:59:59.999999Z\"").contains("\"ts\":\"1970-01-02T00:00:00.999999Z\"")
        .doesNotContain("\"s\":\"\"");
    // a timestamp data column is stored as INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true)
    AddFile any = t.snapshot().files().iterator().next();
    MessageType parquet = ParquetFiles.readFooter(t.store(), t.location() + "/" + decode(any.path()))
        .getFileMetaData().getSchema();
    TimestampLogicalTypeAnnotation ts =
        (TimestampLogicalTypeAnnotation) parquet.getType("event_time").getLogicalTypeAnnotation();
    assertThat(ts.isAdjustedToUTC()).isTrue();
    assertThat(parquet.containsField("s")).as("partition columns are not stored in files").isFalse();
  }

  private static final StructType EVENTS = SchemaDdl.parse(
      "id long not null, day date, country string, amount decimal(12,2)");

  private static List<Row> events(long first, int n, LocalDate day) {
    List<Row> out = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      out.add(Row.of(EVENTS, id, day, id % 3 == 0 ? "DE" : id % 3 == 1 ? "FR" : null,
          BigDecimal.valueOf(id * 125, 2)));
    }
    return out;
  }

  @Test
  void everyVersionOfAppendsOverwritesReplaceWhereDeletesCheckpointsTxnsAndSchemaChanges() throws Exception {
    Path root = dir.resolve("events");
    Table t = Table.create(root.toString()).schema(EVENTS).partitionBy("day").create();
    LocalDate d1 = LocalDate.of(2025, 1, 1);
    LocalDate d2 = d1.plusDays(1);
    for (int i = 0; i < 5; i++) { // v1..v5
      t.newAppend().addRows(events(i * 10L, 10, i % 2 == 0 ? d1 : d2)).commit();
    }
    assertKernelAgrees(t);
    t.newOverwrite().addRows(events(100, 20, d1)).commit(); // v6: whole table replaced
    t.newAppend().addRows(events(200, 20, d2)).commit(); // v7
    t.newOverwrite().replaceWhere("day = '2025-01-02'").addRows(events(300, 5, d2)).commit(); // v8
    assertKernelAgrees(t);
    t.newDelete().where("country = 'DE'").commit(); // v9: copy-on-write rewrite of partly matching files
    t.newAppend().addRows(events(400, 10, d1)).txn("ingest-app", 7).commit(); // v10: checkpoint
    assertThat(root.resolve("_delta_log/00000000000000000010.checkpoint.parquet")).exists();
    t.newAppend().addRows(events(500, 10, d2)).txn("ingest-app", 8).commit(); // v11
    t.newSchemaUpdate().addColumn("note", PrimitiveType.STRING).commit(); // v12
    StructType widened = t.snapshot().schema();
    t.newAppend().addRow(Row.of(widened, 600L, d1, "NL", new BigDecimal("6.00"), "after the schema change"))
        .commit(); // v13
    t.newDelete().where("amount > 6.20 AND day = '2025-01-01'").commit(); // v14
    Snapshot last = t.snapshot();
    assertThat(last.version()).isEqualTo(14);
    assertThat(last.schema().fieldNames()).containsExactly("id", "day", "country", "amount", "note");

    Kernel.Read latest = assertKernelAgrees(t);
    assertThat(latest.lines()).anySatisfy(l -> assertThat(l).contains("\"note\":\"after the schema change\""));
    assertThat(Kernel.read(root.toString(), 9).lines()).isNotEmpty()
        .noneSatisfy(l -> assertThat(l).contains("\"country\":\"DE\""));
    for (long v = 0; v <= last.version(); v++) {
      assertKernelAgreesAt(t, v);
    }
    assertThat(Kernel.txnVersion(root.toString(), "ingest-app")).contains(8L);

    // With the commits before the checkpoint cleaned up, Kernel must take the state from our checkpoint.
    Path trimmed = Interop.copy(root, dir.resolve("events-trimmed"));
    Interop.deleteCommitsBefore(trimmed, 10);
    Kernel.Read fromCheckpoint = Kernel.read(trimmed.toString());
    assertThat(fromCheckpoint.lines()).containsExactlyElementsOf(latest.lines());
    assertThat(fromCheckpoint.files()).isEqualTo(latest.files());
    assertThat(Kernel.read(trimmed.toString(), 10).lines())
        .containsExactlyElementsOf(Kernel.canonical(t.snapshotAt(10).newScan().rows()));
    assertThat(Kernel.txnVersion(trimmed.toString(), "ingest-app")).contains(8L);
    assertThat(Kernel.txnVersion(trimmed.toString(), "ingest-app", 10)).as("txn from our checkpoint").contains(7L);
    assertThat(Files.list(trimmed.resolve("_delta_log")).map(p -> p.getFileName().toString()))
        .doesNotContain("00000000000000000009.json").contains("00000000000000000010.json");
  }

  private static String decode(String logPath) {
    return io.tidelake.table.internal.DataPaths.percentDecode(logPath);
  }
}
