package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.parquet.internal.ParquetFiles;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableDataWriterTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();
  private static final StructType SCHEMA = SchemaDdl.parse("id long, date date, region string, amount double");

  private String full(DataFile f) {
    return dir.resolve(f.relativePath()).toString();
  }

  @Test
  void partitionedWriteRoutesRowsAndKeepsPartitionColumnsOutOfFiles() {
    List<DataFile> files;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), SCHEMA, List.of("date", "region"),
        WriteOptions.defaults())) {
      w.write(Row.of(SCHEMA, 1L, LocalDate.of(2025, 1, 1), "eu", 1.0));
      w.write(Row.of(SCHEMA, 2L, LocalDate.of(2025, 1, 2), "us/west", 2.0));
      w.write(Row.of(SCHEMA, 3L, LocalDate.of(2025, 1, 1), "eu", 3.0));
      w.write(Row.of(SCHEMA, 4L, LocalDate.of(2025, 1, 1), null, 4.0));
      assertThat(w.rowsWritten()).isEqualTo(4);
      assertThat(w.bytesWritten()).isPositive();
      files = w.finish();
    }
    assertThat(files).extracting(f -> f.relativePath().substring(0, f.relativePath().lastIndexOf('/')))
        .containsExactly("date=2025-01-01/region=eu", "date=2025-01-02/region=us%2Fwest",
            "date=2025-01-01/region=__HIVE_DEFAULT_PARTITION__");
    assertThat(files.get(0).relativePath()).matches(
        "date=2025-01-01/region=eu/part-00000-[0-9a-f-]{36}\\.c000\\.snappy\\.parquet");
    Map<String, String> nullRegion = new LinkedHashMap<>();
    nullRegion.put("date", "2025-01-01");
    nullRegion.put("region", null);
    assertThat(files.get(2).partitionValues()).isEqualTo(nullRegion);
    assertThat(new ArrayList<>(files.get(1).partitionValues().keySet())).containsExactly("date", "region");
    assertThat(files.get(1).partitionValues()).containsEntry("region", "us/west");
    assertThat(files).extracting(DataFile::numRecords).containsExactly(2L, 1L, 1L);
    for (DataFile f : files) {
      assertThat(f.sizeBytes()).isEqualTo(dir.resolve(f.relativePath()).toFile().length());
      assertThat(f.modificationTime()).isPositive();
    }

    // the files hold only data columns
    assertThat(ParquetFiles.readFooter(store, full(files.get(0))).getFileMetaData().getSchema().getFields())
        .extracting(org.apache.parquet.schema.Type::getName).containsExactly("id", "amount");
    assertThat(DataFileReader.read(store, full(files.get(0)), SCHEMA).toList())
        .extracting(r -> r.get("date")).containsOnlyNulls();

    // readTableFile injects typed partition values in the projection's order
    StructType projection = SchemaDdl.parse("region string, id long, date date");
    List<Row> rows = DataFileReader.readTableFile(store, full(files.get(1)), SCHEMA, List.of("date", "region"),
        files.get(1).partitionValues(), projection).toList();
    assertThat(rows).containsExactly(Row.of(projection, "us/west", 2L, LocalDate.of(2025, 1, 2)));
    StructType partsOnly = SchemaDdl.parse("date date, region string");
    assertThat(DataFileReader.readTableFile(store, full(files.get(2)), SCHEMA, List.of("date", "region"),
        files.get(2).partitionValues(), partsOnly).toList())
        .containsExactly(Row.of(partsOnly, LocalDate.of(2025, 1, 1), null));
  }

  @Test
  void timestampPartitionsUseIso8601Utc() {
    StructType schema = SchemaDdl.parse("v int, ts timestamp");
    List<DataFile> files;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of("ts"), WriteOptions.defaults())) {
      w.write(Row.of(schema, 1, Instant.parse("2024-01-01T10:00:00Z")));
      files = w.finish();
    }
    assertThat(files.get(0).partitionValues()).containsEntry("ts", "2024-01-01T10:00:00.000000Z");
    assertThat(files.get(0).relativePath()).startsWith("ts=2024-01-01T10%3A00%3A00.000000Z/");
    assertThat(Files.isDirectory(dir.resolve("ts=2024-01-01T10%3A00%3A00.000000Z"))).isTrue();
  }

  @Test
  void filesRollAtTheTargetSize() {
    StructType schema = SchemaDdl.parse("id long, payload string");
    WriteOptions opts = WriteOptions.defaults().withTargetFileSize(64 * 1024).withCodec(ParquetCodec.UNCOMPRESSED);
    List<DataFile> files;
    int n = 40_000;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(), opts)) {
      for (int i = 0; i < n; i++) {
        w.write(Row.of(schema, (long) i, "payload-" + i * 7919L));
      }
      files = w.finish();
    }
    assertThat(files.size()).isGreaterThan(3);
    assertThat(files.stream().mapToLong(DataFile::numRecords).sum()).isEqualTo(n);
    assertThat(files.get(0).relativePath()).startsWith("part-00000-").endsWith(".c000.parquet");
    assertThat(files.get(1).relativePath()).startsWith("part-00001-");
    long total = 0;
    long expectedId = 0;
    for (DataFile f : files) {
      // each full file is near the target: never far beyond it
      assertThat(f.sizeBytes()).isLessThan(2 * 64 * 1024);
      assertThat(DataFileReader.rowCount(store, full(f))).isEqualTo(f.numRecords());
      assertThat(f.stats().numRecords()).isEqualTo(f.numRecords());
      assertThat(f.stats().min("id")).isEqualTo(expectedId); // creation order = row order here
      expectedId += f.numRecords();
      total += f.numRecords();
    }
    assertThat(total).isEqualTo(n);
  }

  @Test
  void manyOpenPartitionsRollEarlyOnceTheirBuffersReachTheLimit() {
    StructType schema = SchemaDdl.parse("id long, p int, payload string");
    int partitions = 8;
    int n = 80_000;
    List<DataFile> unbounded = writeRoundRobin(schema, partitions, n, null);
    assertThat(unbounded).hasSize(partitions); // the default limit is far away: one file per partition
    List<DataFile> bounded = writeRoundRobin(schema, partitions, n, 256L * 1024);
    assertThat(bounded.size()).isGreaterThan(2 * partitions);
    assertThat(bounded.stream().mapToLong(DataFile::numRecords).sum()).isEqualTo(n);
    Map<String, Long> perPartition = new HashMap<>();
    for (DataFile f : bounded) {
      assertThat(DataFileReader.rowCount(store, full(f))).isEqualTo(f.numRecords());
      perPartition.merge(f.partitionValues().get("p"), f.numRecords(), Long::sum);
    }
    assertThat(perPartition).hasSize(partitions).allSatisfy((p, rows) -> assertThat(rows).isEqualTo(n / partitions));
    assertThatThrownBy(() -> new TableDataWriter(store, dir.toString(), schema, List.of("p"), WriteOptions.defaults())
        .bufferLimit(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }

  /** n rows, row i in partition i % partitions: every partition's file stays open to the end. */
  private List<DataFile> writeRoundRobin(StructType schema, int partitions, int n, Long limit) {
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of("p"),
        WriteOptions.defaults().withCodec(ParquetCodec.UNCOMPRESSED))) {
      if (limit != null) {
        w.bufferLimit(limit);
      }
      for (int i = 0; i < n; i++) {
        w.write(Row.of(schema, (long) i, i % partitions, "payload-" + i * 7919L));
      }
      assertThat(w.memoryRolls() > 0).isEqualTo(limit != null);
      return w.finish();
    }
  }

  @Test
  void columnsWhoseDictionaryFellBackAreNamedAndCanBeWrittenPlainFromTheStart() throws IOException {
    StructType schema = SchemaDdl.parse("id long, kind string");
    int n = 60_000; // several 20,000-row pages: the first one decides the dictionary
    List<DataFile> first;
    java.util.Set<String> fellBack;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(), WriteOptions.defaults())) {
      for (int i = 0; i < n; i++) {
        w.write(Row.of(schema, (long) i * 7919L, "k" + i % 5));
      }
      first = w.finish();
      fellBack = w.dictionaryFallbacks();
    }
    assertThat(fellBack).containsExactly("id"); // unique values: not worth a dictionary; "kind" keeps one
    assertThat(dictionaryPages(first.get(0))).containsEntry("id", false).containsEntry("kind", true);
    List<DataFile> second;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(), WriteOptions.defaults())
        .withoutDictionary(fellBack)) {
      for (int i = 0; i < n; i++) {
        w.write(Row.of(schema, (long) i * 7919L, "k" + i % 5));
      }
      second = w.finish();
      assertThat(w.dictionaryFallbacks()).isEmpty(); // nothing was tried, so nothing fell back
    }
    assertThat(dictionaryPages(second.get(0))).containsEntry("id", false).containsEntry("kind", true);
    List<Row> a = DataFileReader.read(store, full(first.get(0)), schema).toList();
    List<Row> b = DataFileReader.read(store, full(second.get(0)), schema).toList();
    assertThat(b).hasSize(n).isEqualTo(a);
  }

  /** Per column of a file's (single) row group: whether it has a dictionary page. */
  private Map<String, Boolean> dictionaryPages(DataFile f) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (BlockMetaData b : ParquetFiles.readFooter(store, full(f)).getBlocks()) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        out.put(c.getPath().toDotString(), c.getEncodingStats().hasDictionaryPages());
      }
    }
    return out;
  }

  @Test
  void zstdPropertyWritesZstdFiles() {
    WriteOptions opts = WriteOptions.fromTableProperties(Map.of("delta.parquet.compression.codec", "zstd"));
    List<DataFile> files;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), SCHEMA, List.of(), opts)) {
      w.write(Row.of(SCHEMA, 1L, LocalDate.of(2025, 1, 1), "eu", 1.0));
      files = w.finish();
    }
    assertThat(files.get(0).relativePath()).endsWith(".c000.zstd.parquet");
    ParquetMetadata footer = ParquetFiles.readFooter(store, full(files.get(0)));
    for (BlockMetaData b : footer.getBlocks()) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        assertThat(c.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
      }
    }
    assertThat(DataFileReader.read(store, full(files.get(0)), SCHEMA).toList()).hasSize(1);
  }

  @Test
  void gzipAndUncompressedRoundTrip() {
    for (ParquetCodec codec : List.of(ParquetCodec.GZIP, ParquetCodec.UNCOMPRESSED, ParquetCodec.SNAPPY)) {
      Path sub = dir.resolve(codec.name());
      List<DataFile> files;
      try (TableDataWriter w = new TableDataWriter(store, sub.toString(), SCHEMA, List.of(),
          WriteOptions.defaults().withCodec(codec))) {
        for (long i = 0; i < 1000; i++) {
          w.write(Row.of(SCHEMA, i, LocalDate.of(2025, 1, 1), "r" + (i % 3), i / 2.0));
        }
        files = w.finish();
      }
      String path = sub.resolve(files.get(0).relativePath()).toString();
      assertThat(ParquetFiles.readFooter(store, path).getBlocks().get(0).getColumns().get(0).getCodec())
          .isEqualTo(codec.parquetName());
      assertThat(DataFileReader.read(store, path, SCHEMA).toList()).hasSize(1000)
          .last().isEqualTo(Row.of(SCHEMA, 999L, LocalDate.of(2025, 1, 1), "r0", 499.5));
    }
  }

  @Test
  void truncatedOrForeignFileIsCorruptDataFile() throws IOException {
    List<DataFile> files;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), SCHEMA, List.of(), WriteOptions.defaults())) {
      for (long i = 0; i < 100; i++) {
        w.write(Row.of(SCHEMA, i, LocalDate.of(2025, 1, 1), "eu", 1.0));
      }
      files = w.finish();
    }
    Path file = dir.resolve(files.get(0).relativePath());
    byte[] bytes = Files.readAllBytes(file);
    Path truncated = dir.resolve("truncated.parquet");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> DataFileReader.read(store, truncated.toString(), SCHEMA).toList())
        .isInstanceOf(CorruptDataFileException.class)
        .hasMessageContaining(truncated.toString()).hasMessageContaining("damaged data file");
    assertThatThrownBy(() -> DataFileReader.rowCount(store, truncated.toString()))
        .isInstanceOf(CorruptDataFileException.class);

    Path notParquet = dir.resolve("notes.parquet");
    Files.writeString(notParquet, "{\"this is\": \"json\"}");
    assertThatThrownBy(() -> DataFileReader.read(store, notParquet.toString(), SCHEMA))
        .isInstanceOf(CorruptDataFileException.class)
        .satisfies(e -> assertThat(((CorruptDataFileException) e).path()).isEqualTo(notParquet.toString()));

    // damaged data pages (footer intact) are reported the same way
    byte[] damaged = bytes.clone();
    for (int i = 4; i < Math.min(200, damaged.length - 8); i++) {
      damaged[i] = (byte) 0x5A;
    }
    Path bad = dir.resolve("bad-pages.parquet");
    Files.write(bad, damaged);
    assertThatThrownBy(() -> DataFileReader.read(store, bad.toString(), SCHEMA).toList())
        .isInstanceOf(CorruptDataFileException.class);
  }

  @Test
  void abortDeletesEveryCreatedFile() {
    TableDataWriter w = new TableDataWriter(store, dir.toString(), SCHEMA, List.of("region"),
        WriteOptions.defaults().withTargetFileSize(2048));
    for (long i = 0; i < 3000; i++) {
      w.write(Row.of(SCHEMA, i, LocalDate.of(2025, 1, 1), i % 2 == 0 ? "a" : "b", 1.0));
    }
    assertThat(store.listRecursive(dir.toString())).isNotEmpty();
    w.abort();
    assertThat(store.listRecursive(dir.toString())).extracting(FileInfo::path).isEmpty();
    assertThatThrownBy(() -> w.write(Row.of(SCHEMA, 1L, null, null, null))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeWithoutFinishAborts() {
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), SCHEMA, List.of(), WriteOptions.defaults())) {
      w.write(Row.of(SCHEMA, 1L, null, null, null));
    }
    assertThat(store.listRecursive(dir.toString())).isEmpty();
  }

  @Test
  void failedWriteRequiresAbort() {
    StructType strict = SchemaDdl.parse("id long not null, v string");
    TableDataWriter w = new TableDataWriter(store, dir.toString(), strict, List.of(), WriteOptions.defaults());
    w.write(Row.of(strict, 1L, "ok"));
    // a row that skipped RowConformer: the writer refuses it and must then be aborted
    assertThatThrownBy(() -> w.write(Row.of(strict, null, "bad")))
        .isInstanceOf(io.tidelake.format.SchemaViolationException.class).hasMessageContaining("id");
    assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("abort");
    w.abort();
    assertThat(store.listRecursive(dir.toString())).isEmpty();
  }

  @Test
  void badPartitionSetupsAreRejected() {
    assertThatThrownBy(() -> new TableDataWriter(store, dir.toString(), SCHEMA, List.of("nope"),
        WriteOptions.defaults())).isInstanceOf(TidelakeException.class).hasMessageContaining("nope");
    StructType nested = SchemaDdl.parse("id long, s struct<a:int>");
    assertThatThrownBy(() -> new TableDataWriter(store, dir.toString(), nested, List.of("s"),
        WriteOptions.defaults())).isInstanceOf(TidelakeException.class).hasMessageContaining("primitive");
    StructType one = SchemaDdl.parse("id long");
    assertThatThrownBy(() -> new TableDataWriter(store, dir.toString(), one, List.of("id"),
        WriteOptions.defaults())).isInstanceOf(TidelakeException.class);
  }

  @Test
  void manyPartitionsInterleaved() {
    StructType schema = SchemaDdl.parse("k int, v long");
    List<DataFile> files;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of("k"), WriteOptions.defaults())) {
      for (long i = 0; i < 10_000; i++) {
        w.write(Row.of(schema, (int) (i % 37), i));
      }
      files = w.finish();
    }
    assertThat(files).hasSize(37);
    Map<String, Long> sums = new HashMap<>();
    for (DataFile f : files) {
      long sum = 0;
      for (Row r : DataFileReader.readTableFile(store, full(f), schema, List.of("k"), f.partitionValues(), schema)
          .toList()) {
        assertThat(r.getLong(1) % 37).isEqualTo(r.getInt(0));
        sum += r.getLong(1);
      }
      sums.put(f.partitionValues().get("k"), sum);
    }
    assertThat(sums.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000L * 9_999 / 2);
  }
}
