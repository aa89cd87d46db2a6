package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single-byte damage inside data pages must never come back as wrong rows: Tidelake verifies the page
 * CRCs it (and parquet-mr) writes, so each flip either fails with {@link CorruptDataFileException} naming
 * file, column and page, or (flips the decoder never looks at) returns the original rows.
 */
class PageChecksumTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();
  private static final StructType SCHEMA = SchemaDdl.parse("id long, name string, amount double, day date");

  @AfterEach
  void restoreDefault() {
    System.clearProperty(DataFileReader.VERIFY_CHECKSUMS_PROPERTY);
  }

  private String writeFile(ParquetCodec codec) {
    WriteOptions opts = WriteOptions.defaults().withCodec(codec).withPageSize(4096);
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), SCHEMA, List.of(), opts)) {
      for (int i = 0; i < 5000; i++) {
        w.write(Row.of(SCHEMA, (long) i * 7919, "name-" + (i % 37) + "-" + i, i * 0.5,
            java.time.LocalDate.of(2024, 1, 1).plusDays(i % 400)));
      }
      return dir.resolve(w.finish().get(0).relativePath()).toString();
    }
  }

  /** The file offsets of every data page body (bytes after the page header), from the headers themselves. */
  private List<long[]> dataPageBodies(String path, byte[] file) throws IOException {
    List<long[]> out = new ArrayList<>();
    for (BlockMetaData b : io.tidelake.format.parquet.internal.ParquetFiles.readFooter(store, path).getBlocks()) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        long pos = c.getStartingPos();
        long end = pos + c.getTotalSize();
        while (pos < end) {
          java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(file, (int) pos, (int) (end - pos));
          PageHeader h = Util.readPageHeader(in);
          long body = end - in.available();
          assertThat(h.isSetCrc()).as("Tidelake writes page CRCs").isTrue();
          if (h.getType() == PageType.DATA_PAGE || h.getType() == PageType.DATA_PAGE_V2) {
            out.add(new long[] {body, h.getCompressed_page_size()});
          }
          pos = body + h.getCompressed_page_size();
        }
      }
    }
    return out;
  }

  /** Flips 80 single bytes spread over the data page bodies, one at a time; returns how many read wrong rows. */
  private int silentlyWrongReads(ParquetCodec codec) throws IOException {
    String path = writeFile(codec);
    Path file = Path.of(path);
    byte[] original = Files.readAllBytes(file);
    List<Row> expected = DataFileReader.read(store, path, SCHEMA).toList();
    List<long[]> pages = dataPageBodies(path, original);
    long total = pages.stream().mapToLong(p -> p[1]).sum();
    assertThat(pages.size()).isGreaterThan(8);
    int wrong = 0;
    int failed = 0;
    for (int k = 0; k < 80; k++) {
      long target = (total * k + total / 2) / 80; // k-th of 80 evenly spaced bytes of all page bodies
      long at = -1;
      for (long[] p : pages) {
        if (target < p[1]) {
          at = p[0] + target;
          break;
        }
        target -= p[1];
      }
      byte[] damaged = original.clone();
      damaged[(int) at] ^= (byte) (k % 2 == 0 ? 0xFF : 1 << (k % 8));
      Files.write(file, damaged);
      try {
        List<Row> got = DataFileReader.read(store, path, SCHEMA).toList();
        if (!sameRows(got, expected)) {
          wrong++;
        }
      } catch (CorruptDataFileException e) {
        failed++;
        assertThat(e.getMessage()).contains(path);
      } catch (RuntimeException e) {
        failed++; // loud, not silent; only wrong rows count against us
      }
    }
    Files.write(file, original);
    assertThat(failed + wrong).isLessThanOrEqualTo(80);
    return wrong;
  }

  private static boolean sameRows(List<Row> a, List<Row> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      for (int c = 0; c < SCHEMA.size(); c++) {
        if (!java.util.Objects.equals(a.get(i).get(c), b.get(i).get(c))) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void noFlipInADataPageReturnsWrongRows() throws IOException {
    for (ParquetCodec codec : List.of(ParquetCodec.SNAPPY, ParquetCodec.UNCOMPRESSED, ParquetCodec.ZSTD)) {
      assertThat(silentlyWrongReads(codec)).as("flips read as wrong rows with %s", codec).isZero();
    }
  }

  @Test
  void withoutVerificationFlipsDoReturnWrongRows() throws IOException {
    // the check above is what stands between a damaged page and wrong rows
    System.setProperty(DataFileReader.VERIFY_CHECKSUMS_PROPERTY, "false");
    assertThat(silentlyWrongReads(ParquetCodec.UNCOMPRESSED)).isGreaterThan(10);
  }

  @Test
  void aChecksumMismatchNamesFileColumnAndPage() throws IOException {
    String path = writeFile(ParquetCodec.UNCOMPRESSED);
    byte[] bytes = Files.readAllBytes(Path.of(path));
    long[] first = dataPageBodies(path, bytes).get(0);
    bytes[(int) first[0] + 10] ^= 0x40;
    Files.write(Path.of(path), bytes);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataFileReader.read(store, path, SCHEMA).toList())
        .isInstanceOf(CorruptDataFileException.class)
        .hasMessageContaining(path).hasMessageContaining("column 'id'").hasMessageContaining("page 0")
        .hasMessageContaining("checksum");
  }
}
