package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.format.Row;
import io.tidelake.format.parquet.ColumnMappingException;
import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import io.tidelake.table.UnsupportedFeatureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table features the protocol gates: column mapping and deletion vectors are read but never written;
 * features Tidelake does not know are refused for reading (reader features) or writing (writer
 * features), each time with the feature named.
 */
class ProtocolFeaturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StructType SCHEMA = SchemaDdl.parse("id long not null, name string");

  @TempDir
  Path dir;

  private Path golden(String name) {
    return Interop.copy(GoldenTables.root().resolve(name), dir.resolve(name));
  }

  private static Row row(long id) {
    return Row.of(SCHEMA, id, "n" + id);
  }

  @Test
  void deletionVectorTablesWrittenBySparkAreReadAndWritten() {
    Table t = Table.open(golden("log-replay-dv-key-cases").toString());
    assertThat(t.newScan().count()).isEqualTo(47);
    StructType schema = t.snapshot().schema();
    long threes = t.newScan().where("id = 3").count();
    t.newAppend().addRow(Row.of(schema, 99L)).commit();
    t.newDelete().where("id = 3").commit(); // extends Spark's vectors (or removes files) with Tidelake's
    assertThat(t.newScan().count()).isEqualTo(48 - threes);
    assertThat(t.snapshot().version()).isEqualTo(5);
    Interop.assertKernelAgrees(t);
  }

  @Test
  void columnMappingTablesAreReadButNotWritten() {
    for (String name : List.of("table-with-columnmapping-mode-name", "table-with-columnmapping-mode-id")) {
      Table t = Table.open(golden(name).toString());
      assertThat(t.snapshot().columnMappingMode()).isEqualTo(name.endsWith("id") ? ColumnMappingMode.ID : ColumnMappingMode.NAME);
      assertThat(t.newScan().where("IntegerType > 0").toList()).isNotEmpty()
          .allSatisfy(r -> assertThat(r.get("StringType")).isNotNull());
      assertThatThrownBy(() -> t.newDelete().where("IntegerType = 1").commit())
          .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> assertThat(e.feature()).isEqualTo("columnMapping"));
    }
  }

  @Test
  void unknownReaderFeaturesAreRefusedForReading() throws IOException {
    Path p = tidelakeTable("future-reader", actions -> protocol(actions, 3, 7, List.of("someFutureFeature"),
        List.of("someFutureFeature")));
    assertThatThrownBy(() -> Table.open(p.toString()))
        .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> assertThat(e.feature()).isEqualTo("someFutureFeature"))
        .hasMessageContaining("reader feature 'someFutureFeature'").hasMessageContaining(p.toString());
  }

  @Test
  void unknownWriterFeaturesAreReadableButRefusedForWriting() throws IOException {
    Path p = tidelakeTable("future-writer", actions -> protocol(actions, 1, 7, null, List.of("someFutureWriterFeature")));
    Table t = Table.open(p.toString());
    assertThat(t.newScan().count()).isEqualTo(3);
    assertThatThrownBy(() -> t.newAppend().addRow(row(9)).commit())
        .isInstanceOfSatisfying(UnsupportedFeatureException.class,
            e -> assertThat(e.feature()).isEqualTo("someFutureWriterFeature"));
    assertThat(Files.exists(p.resolve("_delta_log/00000000000000000002.json"))).isFalse();
  }

  @Test
  void idModeRefusesFilesWithoutFieldIdsAndAnUnknownModeIsRefused() throws IOException {
    Path idMode = tidelakeTable("id-mode", actions -> {
      protocol(actions, 2, 5, null, null);
      mapColumns(actions, "id");
    });
    assertThatThrownBy(() -> Table.open(idMode.toString()).newScan().toList())
        .isInstanceOf(ColumnMappingException.class).hasMessageContaining("no Parquet field ids")
        .hasMessageContaining("'id'");

    Path nameMode = tidelakeTable("name-mode", actions -> {
      protocol(actions, 2, 5, null, null);
      mapColumns(actions, "name");
    });
    assertThat(Table.open(nameMode.toString()).newScan().count()).as("physical name = name in these files")
        .isEqualTo(3);

    Path bogus = tidelakeTable("bogus-mode", actions -> {
      protocol(actions, 2, 5, null, null);
      mapColumns(actions, "sideways");
    });
    assertThatThrownBy(() -> Table.open(bogus.toString()).newScan().toList())
        .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> assertThat(e.feature()).isEqualTo("columnMapping"))
        .hasMessageContaining("'sideways'");
  }

  @Test
  void withoutTheColumnMappingFeatureStrayPhysicalNamesAreIgnored() throws IOException {
    // protocol (1,2) does not support column mapping: files are read by display name, as Kernel does
    Path p = tidelakeTable("stray-metadata", actions -> {
      for (JsonNode a : actions) {
        if (a.has("metaData")) {
          ObjectNode md = (ObjectNode) a.get("metaData");
          md.put("schemaString", md.get("schemaString").asText().replace("\"name\":\"name\",\"type\":\"string\","
              + "\"nullable\":true,\"metadata\":{}", "\"name\":\"name\",\"type\":\"string\",\"nullable\":true,"
              + "\"metadata\":{\"delta.columnMapping.physicalName\":\"col-elsewhere\"}"));
        }
      }
    });
    Table t = Table.open(p.toString());
    assertThat(t.snapshot().schema().field("name").metadata()).containsKey("delta.columnMapping.physicalName");
    assertThat(t.newScan().toList()).extracting(r -> r.get("name")).containsExactlyInAnyOrder("n0", "n1", "n2");
    assertThat(Kernel.read(p.toString()).lines()).containsExactlyElementsOf(Kernel.canonical(t.newScan().rows()));
  }

  @Test
  void underColumnMappingPartitionValuesAreFoundByPhysicalName() throws IOException {
    StructType schema = SchemaDdl.parse("id long not null, part string");
    Path p = dir.resolve("mapped-partitions");
    Table t = Table.create(p.toString()).schema(schema).partitionBy("part").create();
    t.newAppend().addRows(List.of(Row.of(schema, 1L, "a"), Row.of(schema, 2L, "b"), Row.of(schema, 3L, null)))
        .commit();
    // as Spark writes a name-mode table: partition values keyed by the physical name, which differs
    rewriteLog(p, a -> {
      if (a.has("protocol")) {
        a.set("protocol", JSON.createObjectNode().put("minReaderVersion", 2).put("minWriterVersion", 5));
      } else if (a.has("metaData")) {
        ObjectNode md = (ObjectNode) a.get("metaData");
        md.put("schemaString", md.get("schemaString").asText().replace("\"name\":\"part\",\"type\":\"string\","
            + "\"nullable\":true,\"metadata\":{}", "\"name\":\"part\",\"type\":\"string\",\"nullable\":true,"
            + "\"metadata\":{\"delta.columnMapping.id\":2,\"delta.columnMapping.physicalName\":\"col-7f3a\"}")
            .replace("\"metadata\":{}", "\"metadata\":{\"delta.columnMapping.id\":1,"
                + "\"delta.columnMapping.physicalName\":\"id\"}")); // the data column keeps its file name
        ((ObjectNode) md.get("configuration")).put("delta.columnMapping.mode", "name");
      } else if (a.has("add")) {
        ObjectNode pv = (ObjectNode) a.get("add").get("partitionValues");
        pv.set("col-7f3a", pv.remove("part"));
      }
    });
    Table mapped = Table.open(p.toString());
    assertThat(mapped.snapshot().columnMappingMode()).isEqualTo(ColumnMappingMode.NAME);
    assertThat(Kernel.canonical(mapped.newScan().rows()))
        .containsExactly("{\"id\":1,\"part\":\"a\"}", "{\"id\":2,\"part\":\"b\"}", "{\"id\":3,\"part\":null}");
    assertThat(mapped.newScan().where("part = 'b'").plan().afterPartitionPruning()).isEqualTo(1);
    assertThat(Kernel.read(p.toString()).lines()).containsExactlyElementsOf(Kernel.canonical(mapped.newScan().rows()));
  }

  private static void rewriteLog(Path table, Consumer<ObjectNode> edit) throws IOException {
    try (var files = Files.list(table.resolve("_delta_log"))) {
      for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".json")).toList()) {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(f)) {
          ObjectNode a = (ObjectNode) JSON.readTree(line);
          edit.accept(a);
          out.append(JSON.writeValueAsString(a)).append('\n');
        }
        Files.writeString(f, out);
      }
    }
  }

  /** A 3-row Tidelake table whose version-0 actions {@code edit} changes (protocol, metadata). */
  private Path tidelakeTable(String name, Consumer<List<ObjectNode>> edit) throws IOException {
    Path p = dir.resolve(name);
    Table t = Table.create(p.toString()).schema(SCHEMA).create();
    t.newAppend().addRows(List.of(row(0), row(1), row(2))).commit();
    Path v0 = p.resolve("_delta_log/00000000000000000000.json");
    List<ObjectNode> actions = new ArrayList<>();
    for (String line : Files.readAllLines(v0)) {
      actions.add((ObjectNode) JSON.readTree(line));
    }
    edit.accept(actions);
    StringBuilder out = new StringBuilder();
    for (ObjectNode a : actions) {
      out.append(JSON.writeValueAsString(a)).append('\n');
    }
    Files.writeString(v0, out);
    return p;
  }

  private static void protocol(List<ObjectNode> actions, int reader, int writer, List<String> readerFeatures,
      List<String> writerFeatures) {
    for (ObjectNode a : actions) {
      if (a.has("protocol")) {
        ObjectNode p = JSON.createObjectNode().put("minReaderVersion", reader).put("minWriterVersion", writer);
        if (readerFeatures != null) {
          ArrayNode rf = p.putArray("readerFeatures");
          readerFeatures.forEach(rf::add);
        }
        if (writerFeatures != null) {
          ArrayNode wf = p.putArray("writerFeatures");
          writerFeatures.forEach(wf::add);
        }
        a.set("protocol", p);
      }
    }
  }

  /** Column mapping metadata with physical name = display name, ids 1.., and the given mode. */
  private static void mapColumns(List<ObjectNode> actions, String mode) {
    for (ObjectNode a : actions) {
      if (a.has("metaData")) {
        ObjectNode md = (ObjectNode) a.get("metaData");
        String schema = md.get("schemaString").asText()
            .replace("\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}",
                "\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{\"delta.columnMapping.id\":1,"
                    + "\"delta.columnMapping.physicalName\":\"id\"}")
            .replace("\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}",
                "\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"delta.columnMapping.id\":2,"
                    + "\"delta.columnMapping.physicalName\":\"name\"}");
        assertThat(schema).contains("\"delta.columnMapping.id\":2");
        md.put("schemaString", schema);
        ((ObjectNode) md.get("configuration")).put("delta.columnMapping.mode", mode)
            .put("delta.columnMapping.maxColumnId", "2");
      }
    }
  }
}
