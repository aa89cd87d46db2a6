package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.format.types.StructType;
import io.tidelake.table.internal.log.LogPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new table may and may not claim, and values that cannot be stored. */
class CreateGuardsTest {
  @TempDir Path dir;

  @Test
  void columnMappingMetadataCopiedFromAnotherTableIsDroppedSoValuesStayReadable() {
    // a schema as copied from a column-mapped Spark table: physical names and ids in field metadata
    StructType mapped = SchemaJson.parse("{\"type\":\"struct\",\"fields\":["
        + "{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{\"delta.columnMapping.id\":1,"
        + "\"delta.columnMapping.physicalName\":\"col-1a2b\",\"comment\":\"kept\"}},"
        + "{\"name\":\"v\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"delta.columnMapping.id\":2,"
        + "\"delta.columnMapping.physicalName\":\"col-3c4d\"}}]}");
    Table t = Table.create(dir.toString()).schema(mapped).create();
    t.newAppend().addRow(Row.of(t.snapshot().schema(), 1L, "hello")).commit();
    Row r = Table.open(dir.toString()).newScan().toList().get(0);
    assertThat(r.getLong("id")).isEqualTo(1L);
    assertThat(r.getString("v")).isEqualTo("hello");
    assertThat(t.snapshot().schema().field("id").metadata()).containsOnlyKeys("comment");
    assertThat(t.snapshot().files().iterator().next().stats()).contains("\"id\":1").doesNotContain("col-1a2b");
  }

  @Test
  void propertiesThatWouldTurnOnUnwritableFeaturesAreRefused() {
    for (String[] kv : List.of(new String[] {"delta.enableChangeDataCapture", "true"},
        new String[] {"delta.columnMapping.mode", "name"},
        new String[] {"delta.checkpointPolicy", "v2"}, new String[] {"delta.constraints.positive", "id > 0"},
        new String[] {"delta.feature.rowTracking", "supported"})) {
      Path p = dir.resolve(kv[0]);
      assertThatThrownBy(() -> Table.create(p.toString()).schema(TestTables.SCHEMA).property(kv[0], kv[1]).create())
          .as(kv[0]).isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining(kv[0].substring(6));
      assertThat(p.resolve("_delta_log")).doesNotExist();
    }
    assertThatThrownBy(() -> Table.create(dir.resolve("inv").toString()).schema(SchemaJson.parse(
        "{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"long\",\"nullable\":true,"
            + "\"metadata\":{\"delta.invariants\":\"{\\\"expression\\\":{\\\"expression\\\":\\\"x > 3\\\"}}\"}}]}"))
        .create()).isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("invariant");
  }

  @Test
  void aTimestampNtzTableKeepsAppendOnlyEnforced() {
    Table t = Table.create(dir.toString()).schema(SchemaDdl.parse("id long, at timestamp_ntz"))
        .property("delta.appendOnly", "true").create();
    assertThat(t.snapshot().protocol().minWriterVersion()).isEqualTo(7);
    assertThat(t.snapshot().protocol().writerFeatures()).contains("appendOnly", "invariants", "timestampNtz");
    t.newAppend().addRow(Row.of(t.snapshot().schema(), 1L, LocalDateTime.of(2025, 1, 1, 0, 0))).commit();
    assertThatThrownBy(() -> t.newDelete().commit()).isInstanceOf(AppendOnlyViolationException.class);
  }

  @Test
  void timestampsOutsideTheMicrosecondRangeAreRefusedBeforeWriting() {
    StructType s = SchemaDdl.parse("id long, at timestamp_ntz, ts timestamp");
    assertThatThrownBy(() -> Row.of(s, 1L, LocalDateTime.of(300000, 1, 1, 0, 0), null))
        .isInstanceOf(SchemaViolationException.class).hasMessageContaining("at");
    assertThatThrownBy(() -> Row.of(s, 1L, null, java.time.Instant.parse("+300000-01-01T00:00:00Z")))
        .isInstanceOf(SchemaViolationException.class).hasMessageContaining("ts");
    Table t = Table.create(dir.toString()).schema(s).create();
    LocalDateTime edge = LocalDateTime.of(290000, 12, 31, 23, 59, 59);
    t.newAppend().addRow(Row.of(s, 1L, edge, null)).commit();
    assertThat(t.newScan().toList().get(0).getTimestampNtz("at")).isEqualTo(edge);
  }

  @Test
  void dottedColumnNamesSurviveStructStatsCheckpoints() throws Exception {
    StructType s = SchemaJson.parse("{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\","
        + "\"nullable\":true,\"metadata\":{}},{\"name\":\"a.b\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}");
    Table t = Table.create(dir.toString()).schema(s).property("delta.checkpoint.writeStatsAsStruct", "true").create();
    for (long i = 0; i < 11; i++) {
      t.newAppend().addRow(Row.of(s, i, "x" + i)).commit();
    }
    assertThat(Files.exists(dir.resolve("_delta_log").resolve(LogPaths.classicCheckpointName(10)))).isTrue();
    Table reopened = Table.open(dir.toString());
    assertThat(reopened.newScan().count()).isEqualTo(11);
    assertThat(reopened.newScan().where("`a.b` = 'x7'").plan().files()).hasSize(1); // stats_parsed skipping
  }

  @Test
  void featureRequestsBecomeProtocolFeaturesAndBooleansAreStoredPlainly(@TempDir java.nio.file.Path d) {
    Table t = Table.create(d.resolve("f").toString()).schema(TestTables.SCHEMA)
        .property("delta.feature.domainMetadata", "supported").property("delta.appendOnly", "TRUE")
        .property("delta.enableInCommitTimestamps", "True").create();
    io.tidelake.table.actions.Protocol p = t.snapshot().protocol();
    assertThat(p.minReaderVersion()).isEqualTo(1);
    assertThat(p.minWriterVersion()).isEqualTo(7);
    assertThat(p.writerFeatures()).containsExactly("appendOnly", "domainMetadata", "inCommitTimestamp", "invariants");
    assertThat(t.snapshot().properties()).doesNotContainKey("delta.feature.domainMetadata")
        .containsEntry("delta.appendOnly", "true").containsEntry("delta.enableInCommitTimestamps", "true");
    Table ntz = Table.create(d.resolve("g").toString()).schema(io.tidelake.format.types.SchemaDdl.parse("t timestamp_ntz"))
        .property("delta.feature.vacuumProtocolCheck", "supported").create();
    assertThat(ntz.snapshot().protocol().readerFeatures()).containsExactly("timestampNtz", "vacuumProtocolCheck");
    assertThatThrownBy(() -> Table.create(d.resolve("h").toString()).schema(TestTables.SCHEMA)
        .property("delta.feature.domainMetadata", "bogus").create()).isInstanceOf(UnsupportedFeatureException.class);
  }
}
