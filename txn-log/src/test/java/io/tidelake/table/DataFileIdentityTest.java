package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.parquet.CorruptDataFileException;
import io.tidelake.table.internal.log.LogPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An add action identifies its data file by path and size: a file whose length differs from add.size
 * (truncated, extended, replaced), an add naming a file inside _delta_log, or an impossible size must
 * fail the read with {@link CorruptDataFileException} instead of returning rows (Delta Kernel refuses them too).
 */
class DataFileIdentityTest {
  @TempDir Path dir;
  Table table;

  @BeforeEach
  void setUp() {
    table = TestTables.create(dir);
    table.newAppend().addRows(TestTables.rows(0, 30)).commit();
  }

  private Path firstDataFile() {
    return dir.resolve(TestTables.dataFiles(dir).get(0));
  }

  private long scanAll() {
    return Table.open(dir.toString()).newScan().count();
  }

  private long rowsRead() {
    try (var it = Table.open(dir.toString()).newScan().rows()) {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return n;
    }
  }

  @Test
  void aFileLongerOrShorterThanAddSizeIsRefusedNamingBothSizes() throws IOException {
    assertThat(rowsRead()).isEqualTo(30);
    Path f = firstDataFile();
    long size = Files.size(f);
    Files.write(f, new byte[] {0}, StandardOpenOption.APPEND);
    assertThatThrownBy(this::rowsRead).isInstanceOf(CorruptDataFileException.class)
        .hasMessageContaining(f.getFileName().toString())
        .hasMessageContaining((size + 1) + " bytes long").hasMessageContaining("recorded " + size + " bytes");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, (int) size - 1));
    assertThatThrownBy(this::rowsRead).isInstanceOf(CorruptDataFileException.class)
        .hasMessageContaining((size - 1) + " bytes long").hasMessageContaining("recorded " + size + " bytes");
  }

  /** A replaced file of the same size is not caught by this check (CRCs and the footer catch some). */
  @Test
  void theOriginalFileStillReads() {
    assertThat(rowsRead()).isEqualTo(30);
    assertThat(scanAll()).isEqualTo(30);
  }

  private void commitAdd(long version, String path, long size) throws IOException {
    Files.writeString(dir.resolve("_delta_log").resolve(LogPaths.deltaFileName(version)),
        "{\"add\":{\"path\":\"" + path + "\",\"partitionValues\":{\"date\":\"2025-01-01\"},\"size\":" + size
            + ",\"modificationTime\":1,\"dataChange\":true}}\n");
  }

  @Test
  void anAddNamingAFileInsideTheLogIsRefused() throws IOException {
    table.newAppend().addRows(TestTables.rows(100, 3)).commit(); // version 2
    Path commit = dir.resolve("_delta_log").resolve(LogPaths.deltaFileName(1));
    for (String path : new String[] {"_delta_log/" + LogPaths.deltaFileName(1), "%5Fdelta_log/"
        + LogPaths.deltaFileName(1), "date=2025-01-01/../_DELTA_LOG/" + LogPaths.deltaFileName(1)}) {
      long v = Table.open(dir.toString()).snapshot().version() + 1;
      commitAdd(v, path, Files.size(commit));
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(this::rowsRead);
      if (path.contains("..")) {
        assertThat(t).as(path).isInstanceOf(io.tidelake.format.TidelakeException.class); // '..' is refused earlier
      } else {
        assertThat(t).as(path).isInstanceOf(CorruptDataFileException.class).hasMessageContaining("_delta_log")
            .hasMessageContaining("not a data file");
      }
      Files.delete(dir.resolve("_delta_log").resolve(LogPaths.deltaFileName(v)));
    }
  }

  @Test
  void impossibleSizesAreRefused() throws IOException {
    Path f = firstDataFile();
    String rel = dir.relativize(f).toString();
    for (long size : new long[] {0, -5, 11}) {
      long v = Table.open(dir.toString()).snapshot().version() + 1;
      commitAdd(v, rel, size);
      assertThatThrownBy(this::rowsRead).as("size %d", size).isInstanceOf(CorruptDataFileException.class)
          .hasMessageContaining("size of " + size + " bytes");
      Files.delete(dir.resolve("_delta_log").resolve(LogPaths.deltaFileName(v)));
    }
  }
}
