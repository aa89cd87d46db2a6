package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import io.tidelake.table.UnsupportedFeatureException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typeWidening reader feature: files written before a column's type was widened hold the narrower
 * Parquet type; readers convert to the table's type. A table is written by Tidelake with the narrow schema,
 * then a commit (as Spark writes it on ALTER COLUMN TYPE) widens every column, records delta.typeChanges
 * in the field metadata and adds the feature. Tidelake must read exactly the widened values, Delta
 * Kernel 4.4.0 must read the same rows, and Tidelake must refuse to write until it implements widening.
 */
class TypeWideningTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StructType NARROW = SchemaDdl.parse("id long not null, b byte, s short, i int, i2 int,"
      + " f float, d decimal(5,2), dt date, bd byte");
  /** Every widening of Delta's type-widening feature, one per column. */
  private static final String[][] CHANGES = {
      {"b", "byte", "short"}, {"s", "short", "integer"}, {"i", "integer", "long"}, {"i2", "integer", "double"},
      {"f", "float", "double"}, {"d", "decimal(5,2)", "decimal(10,4)"}, {"dt", "date", "timestamp_ntz"},
      {"bd", "byte", "decimal(10,0)"}};
  private static final StructType WIDE = SchemaDdl.parse("id long not null, b short, s int, i long, i2 double,"
      + " f double, d decimal(10,4), dt timestamp_ntz, bd decimal(10,0)");

  @TempDir
  Path dir;

  private static List<Row> narrowRows() {
    return List.of(
        Row.of(NARROW, 1L, Byte.MIN_VALUE, Short.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, 0.1f,
            new BigDecimal("-999.99"), LocalDate.of(1, 1, 1), Byte.MAX_VALUE),
        Row.of(NARROW, 2L, Byte.MAX_VALUE, Short.MIN_VALUE, Integer.MAX_VALUE, -7, -3.5f, new BigDecimal("0.01"),
            LocalDate.of(9999, 12, 31), (byte) -1),
        Row.of(NARROW, 3L, null, null, null, null, null, null, null, null));
  }

  private static List<Row> expectedWideRows() {
    return List.of(
        Row.of(WIDE, 1L, (short) -128, 32767, (long) Integer.MIN_VALUE, (double) Integer.MAX_VALUE, (double) 0.1f,
            new BigDecimal("-999.9900"), LocalDateTime.of(1, 1, 1, 0, 0), new BigDecimal("127")),
        Row.of(WIDE, 2L, (short) 127, -32768, (long) Integer.MAX_VALUE, -7.0, -3.5, new BigDecimal("0.0100"),
            LocalDateTime.of(9999, 12, 31, 0, 0), new BigDecimal("-1")),
        Row.of(WIDE, 3L, null, null, null, null, null, null, null, null));
  }

  /** The commit Spark writes for ALTER TABLE ... ALTER COLUMN ... TYPE: protocol with the feature, new metaData. */
  private void widen(Path table, String feature) throws IOException {
    Path log = table.resolve("_delta_log");
    ObjectNode metaData = null;
    for (String line : Files.readAllLines(log.resolve("00000000000000000000.json"))) {
      JsonNode n = JSON.readTree(line);
      if (n.has("metaData")) {
        metaData = (ObjectNode) n.get("metaData");
      }
    }
    ObjectNode schema = (ObjectNode) JSON.readTree(metaData.get("schemaString").asText());
    for (JsonNode field : schema.get("fields")) {
      for (String[] c : CHANGES) {
        if (field.get("name").asText().equals(c[0])) {
          ((ObjectNode) field).put("type", c[2]);
          ObjectNode change = JSON.createObjectNode().put("fromType", c[1]).put("toType", c[2]);
          ((ObjectNode) field.get("metadata")).set("delta.typeChanges", JSON.createArrayNode().add(change));
        }
      }
    }
    metaData.put("schemaString", JSON.writeValueAsString(schema));
    ((ObjectNode) metaData.get("configuration")).put("delta.enableTypeWidening", "true");
    ObjectNode protocol = JSON.createObjectNode().put("minReaderVersion", 3).put("minWriterVersion", 7);
    protocol.set("readerFeatures", JSON.valueToTree(List.of(feature, "timestampNtz")));
    protocol.set("writerFeatures", JSON.valueToTree(List.of("appendOnly", "invariants", feature, "timestampNtz")));
    long version = Table.open(table.toString()).snapshot().version() + 1;
    Files.writeString(log.resolve(String.format("%020d.json", version)),
        JSON.writeValueAsString(JSON.createObjectNode().set("protocol", protocol)) + "\n"
            + JSON.writeValueAsString(JSON.createObjectNode().set("metaData", metaData)) + "\n");
  }

  private Path narrowTable(String name) {
    Path p = dir.resolve(name);
    Table t = Table.create(p.toString()).schema(NARROW).create();
    t.newAppend().addRows(narrowRows().subList(0, 2)).commit();
    t.newAppend().addRows(narrowRows().subList(2, 3)).commit();
    return p;
  }

  private static List<Row> sorted(Table t) {
    List<Row> rows = new ArrayList<>(t.newScan().rows().toList());
    rows.sort((a, b) -> Long.compare(a.getLong("id"), b.getLong("id")));
    return rows;
  }

  @Test
  void widenedColumnsReadAsTheTableTypeExactlyAsKernelReadsThem() throws IOException {
    for (String feature : List.of("typeWidening", "typeWidening-preview")) {
      Path p = narrowTable(feature);
      widen(p, feature);
      Table t = Table.open(p.toString());
      assertThat(t.snapshot().schema().fieldNames()).isEqualTo(WIDE.fieldNames());
      List<Row> got = sorted(t);
      List<Row> want = expectedWideRows();
      assertThat(got).hasSize(want.size());
      for (int r = 0; r < want.size(); r++) {
        for (int c = 0; c < WIDE.size(); c++) {
          assertThat(got.get(r).get(c)).as("row %d column %s", r, WIDE.field(c).name()).isEqualTo(want.get(r).get(c));
        }
      }
      // stats of the old files (narrow values) still prune soundly under the wide types
      assertThat(t.newScan().where("i >= 2147483647").count()).isEqualTo(1);
      assertThat(t.newScan().where("dt = '9999-12-31'").count()).isEqualTo(1);
      assertThat(t.newScan().where("d < -999").count()).isEqualTo(1);
      Interop.assertKernelAgrees(t);
    }
  }

  @Test
  void writesAreRefusedNamingTheFeature() throws IOException {
    Path p = narrowTable("w");
    widen(p, "typeWidening");
    Table t = Table.open(p.toString());
    long version = t.snapshot().version();
    assertThatThrownBy(() -> t.newAppend().addRows(expectedWideRows().subList(0, 1)).commit())
        .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> assertThat(e.feature()).isEqualTo("typeWidening"))
        .hasMessageContaining("typeWidening");
    assertThat(Table.open(p.toString()).snapshot().version()).isEqualTo(version);
    assertThat(Arrays.asList(CHANGES)).hasSize(8);
  }
}
