package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open table remembers the columns whose Parquet dictionary a file it wrote gave up on, and its later
 * files write them plain from the start; a reopened table has forgotten. Column {@code s} is built so that
 * its dictionary is kept past the first page and abandoned later (a dictionary page, then plain pages), so
 * "tried and gave up" and "never tried" differ in the file.
 */
class LearnedPlainColumnsTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long, s string");
  static final int ROWS = 60_000;

  @TempDir
  Path dir;

  @Test
  void aTableWritesColumnsPlainOnceOneOfItsFilesFellBackAndForgetsWhenReopened() throws Exception {
    String location = dir.resolve("t").toString();
    try (Table t = Table.create(location).schema(SCHEMA).create()) {
      t.newAppend().addRows(rows()).commit();
      assertThat(dictionaryThenPlain(t, 1)).as("first file: dictionary tried, then given up").isTrue();
      t.newAppend().addRows(rows()).commit();
      assertThat(hasDictionaryPage(t, 2)).as("second file, same open table: plain from the start").isFalse();
    }
    try (Table reopened = Table.open(location)) {
      reopened.newAppend().addRows(rows()).commit();
      assertThat(dictionaryThenPlain(reopened, 3)).as("a reopened table tries the dictionary again").isTrue();
      assertThat(reopened.newScan().count()).isEqualTo(3L * ROWS);
    }
  }

  /** The first 20,000 values repeat ten strings (the first page keeps its dictionary), then all differ. */
  private static List<Row> rows() {
    List<Row> out = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      String s = i < 20_000 ? "kind-" + i % 10 : "unique-value-" + i + "-" + "x".repeat(40);
      out.add(Row.of(SCHEMA, (long) i, s));
    }
    return out;
  }

  private static boolean dictionaryThenPlain(Table t, long version) throws Exception {
    ColumnChunkMetaData c = chunkOfS(t, version);
    return c.getEncodingStats().hasDictionaryPages() && c.getEncodingStats().hasNonDictionaryEncodedPages();
  }

  private static boolean hasDictionaryPage(Table t, long version) throws Exception {
    return chunkOfS(t, version).getEncodingStats().hasDictionaryPages();
  }

  /** Column s of the first row group of the file version {@code version} added. */
  private static ColumnChunkMetaData chunkOfS(Table t, long version) throws Exception {
    List<ScanFile> files = t.snapshotAt(version).newScan().planFiles();
    List<ScanFile> before = t.snapshotAt(version - 1).newScan().planFiles();
    ScanFile added = files.stream()
        .filter(f -> before.stream().noneMatch(b -> b.add().path().equals(f.add().path()))).findFirst().orElseThrow();
    org.apache.parquet.ParquetReadOptions noHadoop =
        org.apache.parquet.ParquetReadOptions.builder(new org.apache.parquet.conf.PlainParquetConfiguration()).build();
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(Path.of(added.location())), noHadoop)) {
      BlockMetaData block = r.getFooter().getBlocks().get(0);
      return block.getColumns().stream().filter(c -> c.getPath().toDotString().equals("s")).findFirst().orElseThrow();
    }
  }
}
