package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.internal.ParquetFile;
import io.tidelake.format.parquet.internal.ParquetFiles;
import io.tidelake.format.parquet.internal.ParquetFooter;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tidelake's own footer and page reading ({@link ParquetFile}) against parquet-mr's: the same schema from
 * the same footer, and every page layout parquet-mr writes (v1 and v2 data pages, dictionary and plain
 * encodings, every supported codec, many pages and row groups) reads back to the values written.
 */
class ParquetFileTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();

  private static final String WIDE = "message m { required int64 id; optional int32 i32 (INTEGER(16,true));"
      + " optional binary s (STRING); optional double d; optional boolean b; optional int96 t96;"
      + " optional int64 ts (TIMESTAMP(MICROS,true)); optional int32 day (DATE);"
      + " optional fixed_len_byte_array(9) dec (DECIMAL(20,2)); optional int64 dl (DECIMAL(18,3));"
      + " optional group tags (LIST) { repeated group list { optional binary element (STRING); } }"
      + " optional group kv (MAP) { repeated group key_value { required binary key (STRING);"
      + " optional int32 value; } } optional group st { optional float f; required int64 n = 7; } }";

  /** Row {@code i} of the WIDE schema: nulls, repeats (dictionary) and unique values mixed. */
  private static Consumer<RecordConsumer> wideRow(long i) {
    return rc -> {
      RawParquetWriter.field(rc, "id", 0, () -> rc.addLong(i));
      if (i % 7 != 0) {
        RawParquetWriter.field(rc, "i32", 1, () -> rc.addInteger((int) (i % 300) - 150));
      }
      if (i % 5 != 0) {
        RawParquetWriter.field(rc, "s", 2, () -> rc.addBinary(Binary.fromString(i % 2 == 0 ? "even" : "v" + i)));
      }
      RawParquetWriter.field(rc, "d", 3, () -> rc.addDouble(i / 4.0));
      RawParquetWriter.field(rc, "b", 4, () -> rc.addBoolean(i % 3 == 0));
      if (i % 11 != 0) {
        RawParquetWriter.field(rc, "t96", 5, () -> rc.addBinary(int96(i)));
      }
      RawParquetWriter.field(rc, "ts", 6, () -> rc.addLong(i * 1_000_003L));
      RawParquetWriter.field(rc, "day", 7, () -> rc.addInteger((int) (i % 40)));
      RawParquetWriter.field(rc, "dec", 8, () -> rc.addBinary(Binary.fromConstantByteArray(
          ByteBuffer.allocate(9).put((byte) 0).putLong(i * 101).array())));
      RawParquetWriter.field(rc, "dl", 9, () -> rc.addLong(-i));
      if (i % 4 != 0) {
        RawParquetWriter.field(rc, "tags", 10, () -> {
          rc.startGroup();
          if (i % 4 != 1) { // i % 4 == 1: an empty list
            RawParquetWriter.field(rc, "list", 0, () -> {
              for (long k = 0; k < i % 4; k++) {
                rc.startGroup();
                if (k != 1) {
                  RawParquetWriter.field(rc, "element", 0, () -> rc.addBinary(Binary.fromString("t" + (i % 9))));
                }
                rc.endGroup();
              }
            });
          }
          rc.endGroup();
        });
      }
      RawParquetWriter.field(rc, "kv", 11, () -> {
        rc.startGroup();
        RawParquetWriter.field(rc, "key_value", 0, () -> {
          rc.startGroup();
          RawParquetWriter.field(rc, "key", 0, () -> rc.addBinary(Binary.fromString("k" + (i % 3))));
          if (i % 2 == 0) {
            RawParquetWriter.field(rc, "value", 1, () -> rc.addInteger((int) i));
          }
          rc.endGroup();
        });
        rc.endGroup();
      });
      if (i % 6 != 0) {
        RawParquetWriter.field(rc, "st", 12, () -> {
          rc.startGroup();
          RawParquetWriter.field(rc, "n", 1, () -> rc.addLong(i * 2));
          rc.endGroup();
        });
      }
    };
  }

  private static Binary int96(long i) {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong((i % 86_400) * 1_000_000_000L).putInt((int) (2_440_588 + 10_000 + i % 1000));
    return Binary.fromConstantByteArray(b.array());
  }

  private static final StructType WIDE_DELTA = SchemaDdl.parse("id long not null, i32 short, s string, d double,"
      + " b boolean, t96 timestamp, ts timestamp, day date, dec decimal(20,2), dl decimal(18,3),"
      + " tags array<string>, kv map<string,int>, st struct<f: float, n: long not null>");

  /** What {@link #wideRow} wrote, as the Delta values the reader must return. */
  private static Row expected(long i) {
    List<Object> tags = null;
    if (i % 4 != 0) {
      tags = new ArrayList<>();
      if (i % 4 != 1) {
        for (long k = 0; k < i % 4; k++) {
          tags.add(k == 1 ? null : "t" + (i % 9));
        }
      }
    }
    java.util.Map<Object, Object> kv = new java.util.HashMap<>();
    kv.put("k" + (i % 3), i % 2 == 0 ? (int) i : null);
    return Row.of(WIDE_DELTA, i, i % 7 != 0 ? (short) ((i % 300) - 150) : null, i % 5 != 0 ? (i % 2 == 0 ? "even"
        : "v" + i) : null, i / 4.0, i % 3 == 0,
        i % 11 != 0 ? Instant.ofEpochSecond((10_000 + i % 1000) * 86_400L + i % 86_400) : null,
        Instant.ofEpochSecond(0, i * 1_000_003_000L), LocalDate.ofEpochDay(i % 40),
        new java.math.BigDecimal(java.math.BigInteger.valueOf(i * 101), 2),
        new java.math.BigDecimal(java.math.BigInteger.valueOf(-i), 3), tags, kv,
        i % 6 != 0 ? Row.of(SchemaDdl.parse("f float, n long not null"), null, i * 2) : null);
  }

  static Stream<Arguments> layouts() {
    List<Arguments> out = new ArrayList<>();
    for (WriterVersion v : WriterVersion.values()) {
      for (CompressionCodecName c : List.of(CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD,
          CompressionCodecName.GZIP, CompressionCodecName.UNCOMPRESSED)) {
        out.add(Arguments.of(v, c));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layouts")
  void everyPageLayoutAndCodecReadsBackWhatWasWritten(WriterVersion version, CompressionCodecName codec)
      throws IOException {
    int n = 6_000;
    List<Consumer<RecordConsumer>> records = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      records.add(wideRow(i));
    }
    String path = dir.resolve("wide-" + version + "-" + codec + ".parquet").toString();
    // small pages and row groups: many pages per chunk, several row groups, dictionary fallback to plain
    RawParquetWriter.write(store, path, WIDE, records, codec, version, 2_048, 16 * 1024);
    ParquetMetadata mr = ParquetFiles.readFooter(store, path);
    assertThat(mr.getBlocks().size()).isGreaterThan(1);

    ParquetFooter ours = ParquetFile.readFooter(store, path);
    assertThat(ours.schema()).isEqualTo(mr.getFileMetaData().getSchema());
    assertThat(ours.rowCount()).isEqualTo(n);
    assertThat(ours.createdBy()).isEqualTo(mr.getFileMetaData().getCreatedBy());

    List<Row> rows = DataFileReader.read(store, path, WIDE_DELTA).toList();
    assertThat(rows).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(rows.get(i)).as("row %d", i).isEqualTo(expected(i));
    }
    // page skipping over every layout, nested columns included: exactly the matching rows come back
    io.tidelake.format.predicate.Predicate p =
        io.tidelake.format.predicate.Predicates.parse("id >= 3000 AND id < 3100", WIDE_DELTA);
    List<Row> skipped = new ArrayList<>();
    try (io.tidelake.format.CloseableIterator<Row> it = DataFileReader.readTableFile(store, path, WIDE_DELTA,
        List.of(), java.util.Map.of(), WIDE_DELTA, ColumnMappingMode.NONE, p)) {
      it.forEachRemaining(r -> {
        if (p.test(r)) {
          skipped.add(r);
        }
      });
    }
    assertThat(skipped).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(skipped.get(i)).isEqualTo(expected(3000 + i));
    }
    // a projection reads only some chunks of each row group
    StructType proj = SchemaDdl.parse("kv map<string,int>, id long");
    List<Row> projected = DataFileReader.read(store, path, proj).toList();
    assertThat(projected.get(n - 1)).isEqualTo(Row.of(proj, expected(n - 1).get("kv"), (long) n - 1));
  }

  @Test
  void sparkWrittenFilesGiveTheSameSchemaAsParquetMr() throws Exception {
    for (String name : List.of("spark-primitives.snappy.parquet", "spark-map.snappy.parquet")) {
      String path = Path.of(getClass().getResource("/golden-files/" + name).toURI()).toString();
      ParquetMetadata mr = ParquetFiles.readFooter(store, path);
      ParquetFooter ours = ParquetFile.readFooter(store, path);
      assertThat(ours.schema()).as(name).isEqualTo(mr.getFileMetaData().getSchema());
      assertThat(ours.rowCount()).isEqualTo(mr.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum());
    }
  }

  @Test
  void encryptedOrImpossibleFootersAreDamagedFilesNamedWithTheReason() throws IOException {
    String good = dir.resolve("good.parquet").toString();
    RawParquetWriter.write(store, good, "message m { required int64 id; }", List.of(rc ->
        RawParquetWriter.field(rc, "id", 0, () -> rc.addLong(1))));
    byte[] bytes = Files.readAllBytes(Path.of(good));

    byte[] encrypted = bytes.clone();
    System.arraycopy("PARE".getBytes(StandardCharsets.US_ASCII), 0, encrypted, encrypted.length - 4, 4);
    assertDamaged("encrypted.parquet", encrypted, "encrypted Parquet file");

    byte[] hugeFooter = bytes.clone();
    ByteBuffer.wrap(hugeFooter).order(ByteOrder.LITTLE_ENDIAN).putInt(hugeFooter.length - 8, 1 << 30);
    assertDamaged("huge-footer.parquet", hugeFooter, "does not fit a file of");

    assertDamaged("tiny.parquet", new byte[] {'P', 'A', 'R', '1'}, "too short for Parquet");

    byte[] garbageFooter = bytes.clone();
    int footerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(bytes.length - 8);
    java.util.Arrays.fill(garbageFooter, bytes.length - 8 - footerLen, bytes.length - 8, (byte) 0x7F);
    assertDamaged("garbage-footer.parquet", garbageFooter, "cannot be read as Parquet");
  }

  private void assertDamaged(String name, byte[] content, String reason) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    assertThatThrownBy(() -> DataFileReader.read(store, p.toString(), SchemaDdl.parse("id long")).toList())
        .isInstanceOf(CorruptDataFileException.class).hasMessageContaining(p.toString())
        .hasMessageContaining(reason);
    assertThatThrownBy(() -> DataFileReader.rowCount(store, p.toString()))
        .isInstanceOf(CorruptDataFileException.class);
  }
}
