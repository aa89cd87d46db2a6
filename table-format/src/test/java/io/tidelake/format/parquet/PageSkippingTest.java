package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Page skipping from Parquet page indexes must never change what a filtered scan returns: for hundreds of
 * random predicates over files of many small pages (sorted, clustered and random columns, nulls, all-null
 * pages), reading with skipping and then filtering gives exactly the rows of reading everything and
 * filtering. And it must skip: a selective predicate on a sorted column decodes a small part of the file.
 */
class PageSkippingTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();

  private static final StructType SCHEMA = SchemaDdl.parse("id long not null, grp int, name string, day date,"
      + " amount decimal(12,2), ts timestamp, flag boolean, score double, raw binary, noisy long");

  private static Row row(long i, Random rnd) {
    return Row.of(SCHEMA, i,
        i % 17 == 0 ? null : (int) (i / 500), // clustered, with nulls
        i >= 4000 && i < 4600 ? null : "n" + String.format("%05d", i / 3), // sorted strings, an all-null stretch
        LocalDate.of(2025, 1, 1).plusDays(i / 1000),
        BigDecimal.valueOf(i * 7 - 20_000, 2),
        Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i * 37),
        i % 2 == 0,
        rnd.nextDouble() * 100,
        new byte[] {(byte) (i / 2000), (byte) i},
        rnd.nextLong() % 1000); // random: its pages span everything
  }

  private String writeFile(int rows, long seed) {
    Random rnd = new Random(seed);
    List<DataFile> files;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), SCHEMA, List.of(),
        WriteOptions.defaults().withPageSize(1024).withRowGroupSize(256 * 1024))) {
      for (long i = 0; i < rows; i++) {
        w.write(row(i, rnd));
      }
      files = w.finish();
    }
    assertThat(files).hasSize(1);
    return dir.resolve(files.get(0).relativePath()).toString();
  }

  private List<Row> read(String path, Predicate p, boolean skip) {
    List<Row> out = new ArrayList<>();
    try (CloseableIterator<Row> it = DataFileReader.readTableFile(store, path, SCHEMA, List.of(), Map.of(), SCHEMA,
        ColumnMappingMode.NONE, skip ? p : null)) {
      while (it.hasNext()) {
        Row r = it.next();
        if (p.test(r)) {
          out.add(r);
        }
      }
    }
    return out;
  }

  private long decoded(String path, Predicate p) {
    try (CloseableIterator<Row> it = DataFileReader.readTableFile(store, path, SCHEMA, List.of(), Map.of(), SCHEMA,
        ColumnMappingMode.NONE, p)) {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return n;
    }
  }

  private static String randomLeaf(Random rnd) {
    String[] ops = {"=", "<", "<=", ">", ">=", "!=", "<>"};
    String op = ops[rnd.nextInt(ops.length)];
    long i = rnd.nextInt(12_000) - 1000;
    switch (rnd.nextInt(12)) {
      case 0:
        return "id " + op + " " + i;
      case 1:
        return "grp " + op + " " + (i / 500);
      case 2:
        return "name " + op + " 'n" + String.format("%05d", Math.max(0, i / 3)) + "'";
      case 3:
        return "day " + op + " '" + LocalDate.of(2025, 1, 1).plusDays(i / 1000) + "'";
      case 4:
        return "amount " + op + " " + BigDecimal.valueOf(i * 7 - 20_000, 2);
      case 5:
        return "ts " + op + " '" + Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i * 37 + rnd.nextInt(3) - 1) + "'";
      case 6:
        return "flag = " + rnd.nextBoolean();
      case 7:
        return "score " + op + " " + rnd.nextInt(100);
      case 8:
        return "id IN (" + i + ", " + (i + 3) + ", " + (i * 2) + ")";
      case 9:
        return (rnd.nextBoolean() ? "name" : "grp") + (rnd.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 10:
        return "id BETWEEN " + i + " AND " + (i + rnd.nextInt(300));
      default:
        return "noisy " + op + " " + (i % 1000);
    }
  }

  private static String randomPredicate(Random rnd, int depth) {
    if (depth == 0 || rnd.nextInt(3) == 0) {
      return randomLeaf(rnd);
    }
    String a = randomPredicate(rnd, depth - 1);
    String b = randomPredicate(rnd, depth - 1);
    switch (rnd.nextInt(4)) {
      case 0:
        return "(" + a + ") OR (" + b + ")";
      case 1:
        return "NOT (" + a + ")";
      default:
        return "(" + a + ") AND (" + b + ")";
    }
  }

  @Test
  void randomPredicatesReturnExactlyTheRowsOfAFullRead() {
    String path = writeFile(10_000, 7);
    Random rnd = new Random(11);
    int skippedSomething = 0;
    for (int k = 0; k < 200; k++) {
      String text = randomPredicate(rnd, 3);
      Predicate p = Predicates.parse(text, SCHEMA);
      List<Row> all = read(path, p, false);
      assertThat(read(path, p, true)).as(text).isEqualTo(all);
      if (decoded(path, p) < 10_000) {
        skippedSomething++;
      }
    }
    assertThat(skippedSomething).as("predicates that skipped pages").isGreaterThan(60);
  }

  @Test
  void aSelectivePredicateOnASortedColumnDecodesFewRows() {
    String path = writeFile(10_000, 3);
    Predicate p = Predicates.parse("id >= 5000 AND id < 5100", SCHEMA);
    assertThat(read(path, p, true)).hasSize(100);
    assertThat(decoded(path, p)).isLessThan(1_000); // a few pages of each column, not 10,000 rows
    Predicate none = Predicates.parse("day > '2030-01-01'", SCHEMA);
    assertThat(decoded(path, none)).isZero();
    Predicate nulls = Predicates.parse("name IS NULL AND id > 100", SCHEMA);
    assertThat(read(path, nulls, true)).hasSize(600);
    assertThat(decoded(path, nulls)).isLessThan(2_000);
  }

  @Test
  void anIntegerColumnReadAsDecimalIsNotSkippedWithTheTablesScale() throws Exception {
    String path = dir.resolve("widened.parquet").toString();
    List<java.util.function.Consumer<org.apache.parquet.io.api.RecordConsumer>> records = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      int v = i * 10;
      records.add(rc -> RawParquetWriter.field(rc, "amt", 0, () -> rc.addInteger(v)));
    }
    RawParquetWriter.write(store, path, "message m { optional int32 amt; }", records,
        org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY,
        org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_1_0, 1024, 1 << 20);
    StructType widened = SchemaDdl.parse("amt decimal(12,2)");
    Predicate p = Predicates.parse("amt = 15000", widened);
    try (CloseableIterator<Row> it = DataFileReader.readTableFile(store, path, widened, List.of(), Map.of(), widened,
        ColumnMappingMode.NONE, p)) {
      assertThat(it.toList()).filteredOn(p::test).containsExactly(Row.of(widened, new BigDecimal("15000")));
    }
  }

  @Test
  void aDamagedPageIndexOnlyTurnsSkippingOff() throws Exception {
    String path = writeFile(5_000, 5);
    io.tidelake.format.parquet.internal.ParquetFooter footer =
        io.tidelake.format.parquet.internal.ParquetFile.readFooter(store, path);
    byte[] bytes = java.nio.file.Files.readAllBytes(Path.of(path));
    for (org.apache.parquet.format.ColumnChunk c : footer.rowGroups().get(0).getColumns()) {
      String column = c.getMeta_data().getPath_in_schema().get(0);
      if (c.isSetColumn_index_offset() && column.equals("name")) {
        java.util.Arrays.fill(bytes, (int) c.getColumn_index_offset(),
            (int) (c.getColumn_index_offset() + c.getColumn_index_length()), (byte) 0xFF);
      }
      if (c.isSetOffset_index_offset() && column.equals("day")) {
        java.util.Arrays.fill(bytes, (int) c.getOffset_index_offset(),
            (int) (c.getOffset_index_offset() + c.getOffset_index_length()), (byte) 0x13);
      }
    }
    java.nio.file.Files.write(Path.of(path), bytes);
    // id's index is intact (skipping on), name's column index and day's page locations are garbage
    Predicate p = Predicates.parse("id >= 1000 AND id < 1010 AND name > 'a'", SCHEMA);
    assertThat(read(path, p, true)).isEqualTo(read(path, p, false)).hasSize(10);
  }
}
