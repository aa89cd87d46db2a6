package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.parquet.internal.ParquetFiles;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRoundTripTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();

  private static final StructType ALL_TYPES = SchemaDdl.parse(
      "b boolean, i8 byte, i16 short, i32 int, i64 long, f32 float, f64 double, s string, bin binary, d date,"
      + " ts timestamp, ntz timestamp_ntz, dec_small decimal(9,2), dec_mid decimal(18,4), dec_big decimal(38,10),"
      + " st struct<x: int, y: struct<z: string>>, arr array<string>, arr_st array<struct<a: long>>,"
      + " m map<string, int>, m_arr map<int, array<double>>");

  /** Writes rows into one unpartitioned file and returns its full path. */
  private String writeFile(StructType schema, List<Row> rows) {
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(), WriteOptions.defaults())) {
      rows.forEach(w::write);
      List<DataFile> files = w.finish();
      assertThat(files).hasSize(1);
      return dir.resolve(files.get(0).relativePath()).toString();
    }
  }

  private static Map<Object, Object> map(Object... kv) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Row fullRow(int k) {
    StructType st = (StructType) ALL_TYPES.field("st").type();
    StructType inner = (StructType) st.field("y").type();
    StructType arrSt = (StructType) ((ArrayType) ALL_TYPES.field("arr_st").type()).elementType();
    return Row.of(ALL_TYPES,
        k % 2 == 0, (byte) -k, (short) (300 + k), 70_000 + k, 5_000_000_000L + k, 1.5f + k, -2.25 + k,
        "text-" + k + "-é✓", new byte[] {1, 2, (byte) k}, LocalDate.of(2024, 2, 29).plusDays(k),
        Instant.parse("2024-01-01T10:00:00.123456Z").plusSeconds(k),
        LocalDateTime.parse("2023-06-30T23:59:59.999999").plusMinutes(k),
        new BigDecimal("-1234567.89"), new BigDecimal("12345678901234.5678"),
        new BigDecimal("1234567890123456789012345678.0123456789").negate(),
        Row.of(st, k, Row.of(inner, "z" + k)),
        Arrays.asList("a", null, "c"),
        List.of(Row.of(arrSt, (long) k), Row.of(arrSt, 7L)),
        map("one", 1, "none", null),
        map(k, List.of(1.0, 2.0)));
  }

  @Test
  void everyTypeRoundTripsIncludingNulls() {
    List<Row> rows = new ArrayList<>();
    rows.add(fullRow(1));
    rows.add(Row.of(ALL_TYPES, new Object[ALL_TYPES.size()])); // all null
    rows.add(fullRow(2));
    // empty collections and a struct whose fields are null differ from null collections/structs
    StructType st = (StructType) ALL_TYPES.field("st").type();
    Row empties = Row.builder(ALL_TYPES).set("st", Row.of(st, null, null)).set("arr", List.of())
        .set("arr_st", List.of()).set("m", Map.of()).set("s", "").set("bin", new byte[0]).build();
    rows.add(empties);

    String path = writeFile(ALL_TYPES, rows);
    List<Row> back = DataFileReader.read(store, path, ALL_TYPES).toList();

    assertThat(back).containsExactlyElementsOf(rows);
    Row r = back.get(0);
    assertThat(r.getTimestamp("ts")).isEqualTo(Instant.parse("2024-01-01T10:00:01.123456Z")); // micros kept
    assertThat(r.getDecimal("dec_big")).isEqualTo(new BigDecimal("-1234567890123456789012345678.0123456789"));
    assertThat(r.getList("arr")).containsExactly("a", null, "c");
    assertThat(back.get(3).getStruct("st").isNullAt(0)).isTrue();
    assertThat(back.get(3).getList("arr")).isEmpty();
    assertThat(back.get(1).getStruct("st")).isNull();
  }

  @Test
  void parquetSchemaFollowsSparkConventions() {
    String path = writeFile(ALL_TYPES, List.of(fullRow(0)));
    MessageType schema = ParquetFiles.readFooter(store, path).getFileMetaData().getSchema();
    String text = schema.toString();
    assertThat(text).contains("optional int32 i8 (INTEGER(8,true))")
        .contains("optional int32 i16 (INTEGER(16,true))")
        .contains("optional binary s (STRING)")
        .contains("optional int32 d (DATE)")
        .contains("optional int64 ts (TIMESTAMP(MICROS,true))")
        .contains("optional int64 ntz (TIMESTAMP(MICROS,false))")
        .contains("optional int32 dec_small (DECIMAL(9,2))")
        .contains("optional int64 dec_mid (DECIMAL(18,4))")
        .contains("optional fixed_len_byte_array(16) dec_big (DECIMAL(38,10))")
        .contains("optional group arr (LIST) {\n    repeated group list {\n      optional binary element (STRING);")
        .contains("optional group m (MAP) {\n    repeated group key_value {\n      required binary key (STRING);\n"
            + "      optional int32 value;");
  }

  @Test
  void notNullColumnsAreRequiredAndColumnMappingNamesAndIdsAreUsed() {
    StructType schema = new StructType(List.of(
        new StructField("id", PrimitiveType.LONG, false),
        new StructField("name", PrimitiveType.STRING, true,
            Map.of("delta.columnMapping.physicalName", "col-5f3a", "delta.columnMapping.id", 7L))));
    String path = writeFile(schema, List.of(Row.of(schema, 1L, "x")));
    MessageType file = ParquetFiles.readFooter(store, path).getFileMetaData().getSchema();
    assertThat(file.getType("id").isRepetition(org.apache.parquet.schema.Type.Repetition.REQUIRED)).isTrue();
    assertThat(file.containsField("col-5f3a")).isTrue();
    assertThat(file.getType("col-5f3a").getId().intValue()).isEqualTo(7);
    // reading by logical schema resolves the physical name
    assertThat(DataFileReader.read(store, path, schema).toList()).containsExactly(Row.of(schema, 1L, "x"));
  }

  @Test
  void projectionReordersAndMissingColumnsReadAsNull() {
    StructType written = SchemaDdl.parse("a long, b string, s struct<x: int, y: string>");
    StructType s = (StructType) written.field("s").type();
    String path = writeFile(written, List.of(Row.of(written, 1L, "one", Row.of(s, 10, "ten"))));

    StructType requested = SchemaDdl.parse("B string, missing int, s struct<y: string, gone: long>, a long");
    List<Row> rows = DataFileReader.read(store, path, requested).toList();
    StructType rs = (StructType) requested.field("s").type();
    assertThat(rows).containsExactly(Row.of(requested, "one", null, Row.of(rs, "ten", null), 1L));

    // a struct none of whose requested fields exist still reads as present (not null)
    StructType onlyGone = SchemaDdl.parse("s struct<gone: long>");
    Row r = DataFileReader.read(store, path, onlyGone).toList().get(0);
    assertThat(r.getStruct("s")).isNotNull();
    assertThat(r.getStruct("s").isNullAt(0)).isTrue();

    // nothing requested from the file: still one row per record
    StructType none = SchemaDdl.parse("nope string");
    assertThat(DataFileReader.read(store, path, none).toList()).containsExactly(Row.of(none, (Object) null));
  }

  @Test
  void typeWideningOnRead() {
    StructType written = SchemaDdl.parse("i int, f float, d decimal(5,2), day date");
    String path = writeFile(written, List.of(Row.of(written, 7, 1.5f, new BigDecimal("123.45"), LocalDate.of(2020, 1, 2))));
    StructType wider = SchemaDdl.parse("i long, f double, d decimal(10,4), day timestamp_ntz");
    assertThat(DataFileReader.read(store, path, wider).toList()).containsExactly(
        Row.of(wider, 7L, 1.5, new BigDecimal("123.4500"), LocalDateTime.parse("2020-01-02T00:00")));
  }

  @Test
  void incompatibleTypeIsAClearError() {
    StructType written = SchemaDdl.parse("a string");
    String path = writeFile(written, List.of(Row.of(written, "x")));
    assertThatThrownBy(() -> DataFileReader.read(store, path, SchemaDdl.parse("a long")))
        .isInstanceOf(TidelakeException.class)
        .isNotInstanceOf(CorruptDataFileException.class)
        .hasMessageContaining("'a'").hasMessageContaining("long").hasMessageContaining(path);
  }

  @Test
  void largeFileManyRowGroupsReadsBackInOrder() {
    StructType schema = SchemaDdl.parse("id long, s string, v double");
    WriteOptions opts = WriteOptions.defaults().withRowGroupSize(64 * 1024);
    String path;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(), opts)) {
      for (long i = 0; i < 50_000; i++) {
        w.write(Row.of(schema, i, "s" + (i % 100), i * 0.5));
      }
      path = dir.resolve(w.finish().get(0).relativePath()).toString();
    }
    assertThat(ParquetFiles.readFooter(store, path).getBlocks().size()).isGreaterThan(1);
    long expected = 0;
    try (var it = DataFileReader.read(store, path, schema)) {
      while (it.hasNext()) {
        Row r = it.next();
        assertThat(r.getLong(0)).isEqualTo(expected);
        expected++;
      }
    }
    assertThat(expected).isEqualTo(50_000);
    assertThat(DataFileReader.rowCount(store, path)).isEqualTo(50_000);
  }

  @Test
  void typesOfNestedValuesAreRowTypes() {
    StructType schema = new StructType(List.of(new StructField("m",
        new MapType(PrimitiveType.SHORT, new DecimalType(3, 1), true), true)));
    Map<Object, Object> m = map((short) 1, new BigDecimal("1.5"));
    String path = writeFile(schema, List.of(Row.of(schema, m)));
    Map<Object, Object> back = DataFileReader.read(store, path, schema).toList().get(0).getMap(0);
    assertThat(back).containsEntry((short) 1, new BigDecimal("1.5"));
  }
}
