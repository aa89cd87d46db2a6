package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.internal.ParquetFiles;
import io.tidelake.format.stats.FileStats;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ScanPlan;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoints Tidelake writes, as other engines expect them: the protocol's schema, and with
 * {@code delta.checkpoint.writeStatsAsStruct=true} the typed {@code add.stats_parsed} and
 * {@code add.partitionValues_parsed} columns. Stats found only in {@code stats_parsed}
 * ({@code writeStatsAsJson=false}) still drive data skipping.
 */
class CheckpointFormatTest {
  @TempDir
  Path dir;

  private static final StructType SCHEMA = SchemaDdl.parse("id long not null, day date, country string, "
      + "amount decimal(12,2), ts timestamp, flag boolean, s struct<x: int, y: string>");

  private static Table tableWithTenCommits(Path root, Map<String, String> properties) {
    Table t = Table.create(root.toString()).schema(SCHEMA).partitionBy("day", "country").properties(properties)
        .create();
    for (int c = 1; c <= 10; c++) {
      List<Row> rows = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        long id = c * 10L + j;
        rows.add(Row.of(SCHEMA, id, LocalDate.of(2025, 1, 1 + c % 3), c % 2 == 0 ? "DE" : null,
            BigDecimal.valueOf(id * 111, 2), Instant.parse("2025-01-01T00:00:00.123456Z").plusSeconds(id),
            j % 2 == 0 ? null : true, Row.of((StructType) SCHEMA.field("s").type(), (int) id, "y" + id)));
      }
      t.newAppend().addRows(rows).commit();
    }
    assertThat(root.resolve("_delta_log/00000000000000000010.checkpoint.parquet")).exists();
    return t;
  }

  @Test
  void typedStatsAndPartitionValuesColumnsWhenWriteStatsAsStruct() {
    Path root = dir.resolve("struct-stats");
    Table t = tableWithTenCommits(root, Map.of("delta.checkpoint.writeStatsAsStruct", "true"));
    MessageType cp = checkpointSchema(t);
    GroupType add = cp.getType("add").asGroupType();
    assertThat(add.containsField("stats")).isTrue();
    GroupType pv = add.getType("partitionValues_parsed").asGroupType();
    assertThat(pv.getType("day").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.dateType());
    assertThat(pv.getType("country").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
    GroupType stats = add.getType("stats_parsed").asGroupType();
    assertThat(stats.getType("numRecords").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
    GroupType min = stats.getType("minValues").asGroupType();
    assertThat(names(min)).containsExactly("id", "amount", "ts", "s"); // no bounds for booleans
    assertThat(min.getType("amount").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(2, 12));
    assertThat(((TimestampLogicalTypeAnnotation) min.getType("ts").getLogicalTypeAnnotation()).isAdjustedToUTC())
        .isTrue();
    assertThat(names(min.getType("s").asGroupType())).containsExactly("x", "y");
    assertThat(names(stats.getType("nullCount").asGroupType())).containsExactly("id", "amount", "ts",
        "flag", "s");
    assertThat(cp.containsField("commitInfo")).isFalse();

    // Kernel reads the state from this checkpoint once the earlier commits are gone
    Path trimmed = Interop.copy(root, dir.resolve("struct-stats-trimmed"));
    Interop.deleteCommitsBefore(trimmed, 10);
    Kernel.Read k = Kernel.read(trimmed.toString());
    assertThat(k.lines()).containsExactlyElementsOf(Kernel.canonical(t.snapshot().newScan().rows()));
    assertThat(k.files()).isEqualTo(10);
  }

  @Test
  void statsOnlyInStatsParsedAreReadAndUsedForSkipping() {
    Path root = dir.resolve("struct-only");
    Table t = tableWithTenCommits(root, Map.of("delta.checkpoint.writeStatsAsStruct", "true",
        "delta.checkpoint.writeStatsAsJson", "false"));
    Map<String, String> jsonStats = new HashMap<>();
    t.snapshot().files().forEach(f -> jsonStats.put(f.path(), f.stats()));

    Path trimmed = Interop.copy(root, dir.resolve("struct-only-trimmed"));
    Interop.deleteCommitsBefore(trimmed, 10);
    // commit 10's own add is in the JSON too; the other nine adds exist only in the checkpoint
    Snapshot fromCheckpoint = Table.open(trimmed.toString()).snapshot();
    StructType dataSchema = fromCheckpoint.dataSchema();
    assertThat(fromCheckpoint.files()).hasSize(10).allSatisfy(f -> {
      assertThat(f.stats()).as("stats of " + f.path()).isNotNull();
      assertThat(FileStats.parse(f.stats(), dataSchema)).isEqualTo(FileStats.parse(jsonStats.get(f.path()), dataSchema));
    });
    long withoutJsonInCheckpoint = rawCheckpointStats(t).values().stream().filter(s -> s == null).count();
    assertThat(withoutJsonInCheckpoint).as("adds in the checkpoint without JSON stats").isEqualTo(10);

    ScanPlan plan = fromCheckpoint.newScan().where("id >= 95").plan();
    assertThat(plan.afterPartitionPruning()).isEqualTo(10);
    assertThat(plan.afterStatsSkipping()).as("only the file of commit 10 holds ids >= 95").isEqualTo(1);
    assertThat(Kernel.canonical(fromCheckpoint.newScan().where("id >= 95").rows())).hasSize(4);
    assertThat(Kernel.read(trimmed.toString()).lines())
        .containsExactlyElementsOf(Kernel.canonical(fromCheckpoint.newScan().rows()));
  }

  private static List<String> names(GroupType g) {
    return g.getFields().stream().map(org.apache.parquet.schema.Type::getName).toList();
  }

  private static MessageType checkpointSchema(Table t) {
    return ParquetFiles.readFooter(t.store(), t.location() + "/_delta_log/00000000000000000010.checkpoint.parquet")
        .getFileMetaData().getSchema();
  }

  /** add.path → add.stats as stored in the checkpoint (null when absent). */
  private static Map<String, String> rawCheckpointStats(Table t) {
    StructType addOnly = SchemaDdl.parse("add struct<path: string, stats: string>");
    Map<String, String> out = new HashMap<>();
    try (var rows = io.tidelake.format.parquet.DataFileReader.read(t.store(),
        t.location() + "/_delta_log/00000000000000000010.checkpoint.parquet", addOnly)) {
      rows.forEachRemaining(r -> {
        Row add = (Row) r.get("add");
        if (add != null) {
          out.put((String) add.get("path"), (String) add.get("stats"));
        }
      });
    }
    return out;
  }
}
