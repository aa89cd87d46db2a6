package io.tidelake.format.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.DataFile;
import io.tidelake.format.parquet.TableDataWriter;
import io.tidelake.format.parquet.WriteOptions;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatsTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();

  private FileStats write(StructType schema, List<String> partitionColumns, WriteOptions opts, Row... rows) {
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, partitionColumns, opts)) {
      for (Row r : rows) {
        w.write(r);
      }
      List<DataFile> files = w.finish();
      assertThat(files).hasSize(1);
      return files.get(0).stats();
    }
  }

  private static final StructType SCHEMA = SchemaDdl.parse("id long, i int, s string, d date, ts timestamp,"
      + " dec decimal(5,2), f double, b boolean, bin binary, nested struct<x: int, y: string>, arr array<int>,"
      + " m map<string,int>, sh short, ntz timestamp_ntz");

  @Test
  void statsJsonOfAKnownFileIsExact() {
    StructType nested = (StructType) SCHEMA.field("nested").type();
    FileStats stats = write(SCHEMA, List.of(), WriteOptions.defaults(),
        Row.of(SCHEMA, 3L, -1, "b", LocalDate.of(2024, 1, 2), Instant.parse("2023-11-14T22:13:29.000009Z"),
            new BigDecimal("1.50"), 2.5, true, new byte[] {1}, Row.of(nested, 5, "q"), List.of(1), Map.of("a", 1),
            (short) 9, LocalDateTime.parse("2020-01-01T00:00:00.123999")),
        Row.of(SCHEMA, 1L, 7, "aa", LocalDate.of(2022, 1, 8), Instant.parse("2023-11-14T22:13:20Z"),
            new BigDecimal("0.00"), -1.0, false, null, null, null, null, (short) -9, null),
        Row.of(SCHEMA, 2L, null, null, null, null, null, null, null, null, Row.of(nested, null, "r"), List.of(),
            Map.of(), null, null));

    assertThat(stats.toJson()).isEqualTo("{\"numRecords\":3,"
        + "\"minValues\":{\"id\":1,\"i\":-1,\"s\":\"aa\",\"d\":\"2022-01-08\",\"ts\":\"2023-11-14T22:13:20.000Z\","
        + "\"dec\":0.00,\"f\":-1.0,\"nested\":{\"x\":5,\"y\":\"q\"},\"sh\":-9,\"ntz\":\"2020-01-01T00:00:00.123\"},"
        + "\"maxValues\":{\"id\":3,\"i\":7,\"s\":\"b\",\"d\":\"2024-01-02\",\"ts\":\"2023-11-14T22:13:29.000Z\","
        + "\"dec\":1.50,\"f\":2.5,\"nested\":{\"x\":5,\"y\":\"r\"},\"sh\":9,\"ntz\":\"2020-01-01T00:00:00.123\"},"
        + "\"nullCount\":{\"id\":0,\"i\":1,\"s\":1,\"d\":1,\"ts\":1,\"dec\":1,\"f\":1,\"b\":1,\"bin\":2,"
        + "\"nested\":{\"x\":2,\"y\":1},\"arr\":1,\"m\":1,\"sh\":1,\"ntz\":2}}");

    // typed getters by column name
    assertThat(stats.numRecords()).isEqualTo(3L);
    assertThat(stats.min("ts")).isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
    assertThat(stats.max("ts")).isEqualTo(Instant.parse("2023-11-14T22:13:29Z")); // truncated down to ms
    assertThat(stats.min("dec")).isEqualTo(new BigDecimal("0.00"));
    assertThat(stats.min("b")).isNull();
    assertThat(stats.nullCount("bin")).isEqualTo(2L);
    assertThat(stats.min("nested")).isNull(); // a struct has no scalar bound
    assertThat(stats.max(List.of("nested", "y"))).isEqualTo("r");
    assertThat(stats.nullCount(List.of("nested", "x"))).isEqualTo(2L);
  }

  @Test
  void parseRoundTripGivesTypedValues() {
    StructType nested = (StructType) SCHEMA.field("nested").type();
    FileStats stats = write(SCHEMA, List.of(), WriteOptions.defaults(),
        Row.of(SCHEMA, 5L, 6, "x", LocalDate.of(2024, 5, 6), Instant.parse("2024-05-06T07:08:09.010Z"),
            new BigDecimal("-3.25"), 0.5, true, null, Row.of(nested, 1, "a"), null, null, (short) 2,
            LocalDateTime.parse("2024-05-06T07:08:09.010")));
    FileStats parsed = FileStats.parse(stats.toJson(), SCHEMA);
    assertThat(parsed).isEqualTo(stats);
    assertThat(parsed.toJson()).isEqualTo(stats.toJson());
    assertThat(parsed.min("id")).isInstanceOf(Long.class).isEqualTo(5L);
    assertThat(parsed.min("i")).isInstanceOf(Integer.class).isEqualTo(6);
    assertThat(parsed.min("sh")).isInstanceOf(Short.class).isEqualTo((short) 2);
    assertThat(parsed.min("d")).isEqualTo(LocalDate.of(2024, 5, 6));
    assertThat(parsed.max("ts")).isEqualTo(Instant.parse("2024-05-06T07:08:09.010Z"));
    assertThat(parsed.max("dec")).isEqualTo(new BigDecimal("-3.25"));
    assertThat(parsed.max("f")).isEqualTo(0.5);
    assertThat(parsed.max("ntz")).isEqualTo(LocalDateTime.parse("2024-05-06T07:08:09.010"));
    assertThat(parsed.min(List.of("nested", "y"))).isEqualTo("a");
    assertThat(parsed.nullCount("m")).isEqualTo(1L);
    assertThat(parsed.tightBounds()).isTrue();
  }

  @Test
  void parsesSparkWrittenStatsAndRejectsGarbage() {
    StructType schema = SchemaDdl.parse("id int, time timestamp, d decimal(38,18), missing long");
    FileStats s = FileStats.parse("{\"numRecords\":1,\"minValues\":{\"id\":0,\"time\":\"2020-02-01T08:09:10.000Z\","
        + "\"d\":12345678901234567890.123456789012345678,\"unknown\":1},\"maxValues\":{\"id\":\"oops\","
        + "\"time\":\"2020-02-01T00:09:10.000-08:00\"},\"nullCount\":{\"id\":0,\"time\":0},\"tightBounds\":false}",
        schema);
    assertThat(s).isNotNull();
    assertThat(s.min("id")).isEqualTo(0);
    assertThat(s.min("time")).isEqualTo(Instant.parse("2020-02-01T08:09:10Z"));
    assertThat(s.max("time")).isEqualTo(Instant.parse("2020-02-01T08:09:10Z")); // offset form, Spark non-UTC session
    assertThat(s.min("d")).isEqualTo(new BigDecimal("12345678901234567890.123456789012345678")); // no double rounding
    assertThat(s.max("id")).isNull(); // ill-typed bound: unknown
    assertThat(s.min("missing")).isNull();
    assertThat(s.nullCount("missing")).isNull();
    assertThat(s.tightBounds()).isFalse();

    assertThat(FileStats.parse("{not json", schema)).isNull();
    assertThat(FileStats.parse("[1,2]", schema)).isNull();
    assertThat(FileStats.parse("", schema)).isNull();
    assertThat(FileStats.parse(null, schema)).isNull();
    assertThat(FileStats.parse("{}", schema).numRecords()).isNull();
  }

  @Test
  void onlyTheFirstNLeafColumnsAreIndexedAndPartitionColumnsDoNotCount() {
    StructType schema = SchemaDdl.parse("p string, a long, s struct<x: int, y: int>, c long");
    StructType s = (StructType) schema.field("s").type();
    WriteOptions three = WriteOptions.defaults().withNumIndexedCols(3);
    FileStats stats = write(schema, List.of("p"), three, Row.of(schema, "part", 1L, Row.of(s, 2, 3), 4L));
    assertThat(stats.toJson()).isEqualTo("{\"numRecords\":1,\"minValues\":{\"a\":1,\"s\":{\"x\":2,\"y\":3}},"
        + "\"maxValues\":{\"a\":1,\"s\":{\"x\":2,\"y\":3}},\"nullCount\":{\"a\":0,\"s\":{\"x\":0,\"y\":0}}}");

    Path other = dir.resolve("two");
    try (TableDataWriter w = new TableDataWriter(store, other.toString(), schema, List.of("p"),
        WriteOptions.defaults().withNumIndexedCols(2))) {
      w.write(Row.of(schema, "part", 1L, Row.of(s, 2, 3), 4L));
      assertThat(w.finish().get(0).stats().toJson()).isEqualTo("{\"numRecords\":1,\"minValues\":{\"a\":1,"
          + "\"s\":{\"x\":2}},\"maxValues\":{\"a\":1,\"s\":{\"x\":2}},\"nullCount\":{\"a\":0,\"s\":{\"x\":0}}}");
    }
    try (TableDataWriter w = new TableDataWriter(store, dir.resolve("none").toString(), schema, List.of(),
        WriteOptions.defaults().withNumIndexedCols(0))) {
      w.write(Row.of(schema, "part", 1L, null, 4L));
      assertThat(w.finish().get(0).stats().toJson()).isEqualTo("{\"numRecords\":1}");
    }
    try (TableDataWriter w = new TableDataWriter(store, dir.resolve("all").toString(), schema, List.of(),
        WriteOptions.defaults().withNumIndexedCols(-1))) {
      w.write(Row.of(schema, "part", 1L, null, 4L));
      assertThat(w.finish().get(0).stats().nullCounts()).containsOnlyKeys("p", "a", "s", "c");
    }
  }

  @Test
  void longStringsAreTruncatedAndNanDropsBounds() {
    StructType schema = SchemaDdl.parse("s string, u string, f float, g double");
    String longAscii = "a".repeat(40);
    String longAccented = "é".repeat(40);
    FileStats stats = write(schema, List.of(), WriteOptions.defaults(),
        Row.of(schema, longAscii, longAccented, Float.NaN, Double.POSITIVE_INFINITY),
        Row.of(schema, "b", "z", 1.0f, -0.5));
    assertThat(stats.min("s")).isEqualTo("a".repeat(32));
    assertThat(stats.max("s")).isEqualTo("b");
    assertThat(stats.min("u")).isEqualTo("z");
    assertThat(stats.max("u")).isEqualTo("é".repeat(32) + new String(Character.toChars(0x10FFFF)));
    assertThat(stats.min("f")).isNull();
    assertThat(stats.max("f")).isNull();
    assertThat(stats.nullCount("f")).isEqualTo(0L);
    assertThat(stats.max("g")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(FileStats.parse(stats.toJson(), schema)).isEqualTo(stats);
  }

  @Test
  void stringOrderIsUtf8ByteOrder() {
    // U+FF61 sorts before U+1F600 in UTF-8/code-point order, but after it in UTF-16 (String.compareTo) order.
    StructType schema = SchemaDdl.parse("s string");
    String halfwidth = "\uFF61";
    String emoji = new String(Character.toChars(0x1F600));
    FileStats stats = write(schema, List.of(), WriteOptions.defaults(), Row.of(schema, emoji), Row.of(schema, halfwidth));
    assertThat(stats.min("s")).isEqualTo(halfwidth);
    assertThat(stats.max("s")).isEqualTo(emoji);
  }

  @Test
  void columnMappingKeysStatsByPhysicalName() {
    StructType schema = new StructType(List.of(new StructField("amount", PrimitiveType.LONG, true,
        Map.of("delta.columnMapping.physicalName", "col-a1", "delta.columnMapping.id", 1L))));
    FileStats stats = write(schema, List.of(), WriteOptions.defaults(), Row.of(schema, 42L));
    assertThat(stats.toJson()).isEqualTo("{\"numRecords\":1,\"minValues\":{\"col-a1\":42},\"maxValues\":{\"col-a1\":42},"
        + "\"nullCount\":{\"col-a1\":0}}");
    assertThat(stats.min("amount")).isEqualTo(42L);
    assertThat(FileStats.parse(stats.toJson(), schema).max("amount")).isEqualTo(42L);
  }
}
