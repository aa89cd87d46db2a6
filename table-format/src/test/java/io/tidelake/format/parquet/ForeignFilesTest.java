package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.internal.Codecs;
import io.tidelake.format.parquet.internal.RowReadSupport;
import io.tidelake.format.parquet.internal.StoreInputFile;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files shaped like other writers' (old Spark, Impala, Hive, protobuf): written here with raw parquet-mr,
 * record by record, so each legacy layout is exercised without shipping more binary fixtures.
 */
class ForeignFilesTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();

  private String writeRaw(String schemaText, List<Consumer<RecordConsumer>> records) throws IOException {
    String path = dir.resolve("foreign-" + System.nanoTime() + ".parquet").toString();
    RawParquetWriter.write(store, path, schemaText, records);
    return path;
  }

  private static void field(RecordConsumer rc, String name, int index, Runnable body) {
    RawParquetWriter.field(rc, name, index, body);
  }

  private static Binary int96(Instant t) {
    long days = Math.floorDiv(t.getEpochSecond(), 86400);
    long nanosOfDay = Math.floorMod(t.getEpochSecond(), 86400) * 1_000_000_000L + t.getNano();
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(nanosOfDay).putInt((int) (days + 2_440_588));
    return Binary.fromConstantByteArray(b.array());
  }

  @Test
  void legacyTimestampsDecimalsAndStrings() throws IOException {
    Instant t = Instant.parse("1999-01-01T09:00:00.123456Z");
    String path = writeRaw("message m { optional int96 t96; optional int64 tms (TIMESTAMP(MILLIS,true));"
        + " optional int64 tns (TIMESTAMP(NANOS,true)); optional binary s;"
        + " optional fixed_len_byte_array(5) d (DECIMAL(10,2)); optional binary bd (DECIMAL(20,3));"
        + " optional int32 tiny; }", List.of(rc -> {
          field(rc, "t96", 0, () -> rc.addBinary(int96(t)));
          field(rc, "tms", 1, () -> rc.addLong(t.toEpochMilli()));
          field(rc, "tns", 2, () -> rc.addLong(t.getEpochSecond() * 1_000_000_000L + t.getNano()));
          field(rc, "s", 3, () -> rc.addBinary(Binary.fromString("plain binary é")));
          field(rc, "d", 4, () -> rc.addBinary(Binary.fromConstantByteArray(new byte[] {(byte) 0xFF, (byte) 0xFF,
              (byte) 0xFF, (byte) 0xFF, (byte) 0x85}))); // -123 unscaled
          field(rc, "bd", 5, () -> rc.addBinary(Binary.fromConstantByteArray(
              new java.math.BigInteger("12345678901234567890").toByteArray())));
          field(rc, "tiny", 6, () -> rc.addInteger(-5));
        }));
    StructType schema = SchemaDdl.parse("t96 timestamp, tms timestamp, tns timestamp, s string, d decimal(12,4),"
        + " bd decimal(20,3), tiny byte");
    Row r = DataFileReader.read(store, path, schema).toList().get(0);
    assertThat(r.getTimestamp("t96")).isEqualTo(t);
    assertThat(r.getTimestamp("tms")).isEqualTo(Instant.parse("1999-01-01T09:00:00.123Z"));
    assertThat(r.getTimestamp("tns")).isEqualTo(t);
    assertThat(r.getString("s")).isEqualTo("plain binary é");
    assertThat(r.getDecimal("d")).isEqualTo(new BigDecimal("-1.2300"));
    assertThat(r.getDecimal("bd")).isEqualTo(new BigDecimal("12345678901234567.890"));
    assertThat(r.get("tiny")).isEqualTo((byte) -5);
  }

  @Test
  void twoLevelListsLegacyMapsAndBareRepeatedFields() throws IOException {
    String path = writeRaw("message m {"
        + " optional group prim (LIST) { repeated int32 array; }"
        + " optional group structs (LIST) { repeated group array { optional binary s (UTF8); optional int32 n; } }"
        + " optional group tuple (LIST) { repeated group tuple_tuple { optional int64 v; } }"
        + " optional group one (LIST) { repeated group item { optional int64 v; } }"
        + " optional group legacy_map (MAP_KEY_VALUE) { repeated group map { required binary key (UTF8);"
        + "   optional int32 value; } }"
        + " repeated int64 bare;"
        + "}", List.of(rc -> {
          field(rc, "prim", 0, () -> {
            rc.startGroup();
            field(rc, "array", 0, () -> {
              rc.addInteger(1);
              rc.addInteger(2);
            });
            rc.endGroup();
          });
          field(rc, "structs", 1, () -> {
            rc.startGroup();
            field(rc, "array", 0, () -> {
              rc.startGroup();
              field(rc, "s", 0, () -> rc.addBinary(Binary.fromString("x")));
              field(rc, "n", 1, () -> rc.addInteger(9));
              rc.endGroup();
            });
            rc.endGroup();
          });
          field(rc, "tuple", 2, () -> {
            rc.startGroup();
            field(rc, "tuple_tuple", 0, () -> {
              rc.startGroup();
              field(rc, "v", 0, () -> rc.addLong(5));
              rc.endGroup();
            });
            rc.endGroup();
          });
          field(rc, "one", 3, () -> {
            rc.startGroup();
            field(rc, "item", 0, () -> {
              rc.startGroup();
              field(rc, "v", 0, () -> rc.addLong(6));
              rc.endGroup();
            });
            rc.endGroup();
          });
          field(rc, "legacy_map", 4, () -> {
            rc.startGroup();
            field(rc, "map", 0, () -> {
              rc.startGroup();
              field(rc, "key", 0, () -> rc.addBinary(Binary.fromString("k")));
              field(rc, "value", 1, () -> rc.addInteger(3));
              rc.endGroup();
            });
            rc.endGroup();
          });
          field(rc, "bare", 5, () -> {
            rc.addLong(10);
            rc.addLong(11);
          });
        }, rc -> { /* all null / empty */ }));
    StructType schema = SchemaDdl.parse("prim array<int>, structs array<struct<s: string, n: int>>,"
        + " tuple array<struct<v: long>>, one array<long>, legacy_map map<string,int>, bare array<long>");
    List<Row> rows = DataFileReader.read(store, path, schema).toList();
    Row r = rows.get(0);
    assertThat(r.getList("prim")).containsExactly(1, 2);
    StructType sn = SchemaDdl.parse("s string, n int");
    assertThat(r.getList("structs")).containsExactly(Row.of(sn, "x", 9));
    assertThat(r.getList("tuple")).containsExactly(Row.of(SchemaDdl.parse("v long"), 5L));
    assertThat(r.getList("one")).containsExactly(6L); // 3-level with a non-standard name
    assertThat(r.<Object, Object>getMap("legacy_map")).isEqualTo(Map.of("k", 3));
    assertThat(r.getList("bare")).containsExactly(10L, 11L);
    Row empty = rows.get(1);
    assertThat(empty.getList("prim")).isNull();
    assertThat(empty.getList("bare")).isEmpty(); // a bare repeated field cannot be null
  }

  @Test
  void rowReadSupportWorksWithParquetReader() throws IOException {
    StructType schema = SchemaDdl.parse("id long, s string");
    List<DataFile> files;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(), WriteOptions.defaults())) {
      w.write(Row.of(schema, 1L, "a"));
      w.write(Row.of(schema, 2L, "b"));
      files = w.finish();
    }
    String path = dir.resolve(files.get(0).relativePath()).toString();
    StructType projection = SchemaDdl.parse("s string");
    RowReadSupport support = new RowReadSupport(projection, null, path);
    class RB extends ParquetReader.Builder<Row> {
      RB() {
        super(new StoreInputFile(store, path), new PlainParquetConfiguration());
      }

      @Override
      protected org.apache.parquet.hadoop.api.ReadSupport<Row> getReadSupport() {
        return support;
      }
    }
    List<Row> out = new ArrayList<>();
    try (ParquetReader<Row> reader = new RB().withCodecFactory(Codecs.INSTANCE).build()) {
      for (Row r = reader.read(); r != null; r = reader.read()) {
        out.add(r);
      }
    }
    assertThat(out).containsExactly(Row.of(projection, "a"), Row.of(projection, "b"));
  }

  @Test
  void emptyWriteCreatesNoFiles() {
    StructType schema = SchemaDdl.parse("id long");
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(), WriteOptions.defaults())) {
      assertThat(w.finish()).isEmpty();
    }
    assertThat(store.listRecursive(dir.toString())).isEmpty();
  }
}
