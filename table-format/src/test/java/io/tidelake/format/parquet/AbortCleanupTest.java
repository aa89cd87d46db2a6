package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves no empty partition directories behind, and removes nothing it did not empty. */
class AbortCleanupTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();
  private static final StructType SCHEMA = SchemaDdl.parse("id long, date date, region string");

  @Test
  void abortRemovesThePartitionDirectoriesItEmptied() throws IOException {
    Path root = dir.resolve("t");
    Files.createDirectories(root.resolve("_delta_log"));
    // a partition that holds a committed file of an earlier write: it must stay
    Path kept = root.resolve("date=2025-01-01").resolve("region=eu");
    Files.createDirectories(kept);
    Files.write(kept.resolve("part-00000-old.snappy.parquet"), new byte[] {1});

    TableDataWriter w = new TableDataWriter(store, root.toString(), SCHEMA, List.of("date", "region"),
        WriteOptions.defaults());
    w.write(Row.of(SCHEMA, 1L, LocalDate.of(2025, 1, 1), "eu"));
    w.write(Row.of(SCHEMA, 2L, LocalDate.of(2025, 1, 1), "us"));
    w.write(Row.of(SCHEMA, 3L, LocalDate.of(2025, 1, 2), "eu"));
    w.write(Row.of(SCHEMA, 4L, LocalDate.of(2025, 1, 2), null));
    assertThat(root.resolve("date=2025-01-02")).isDirectory();
    w.abort();

    assertThat(dirsUnder(root)).containsExactlyInAnyOrder("_delta_log", "date=2025-01-01",
        "date=2025-01-01/region=eu");
    assertThat(kept.resolve("part-00000-old.snappy.parquet")).exists();
    assertThat(root).isDirectory();
  }

  @Test
  void anUnpartitionedAbortKeepsTheTableRoot() throws IOException {
    Path root = dir.resolve("t");
    TableDataWriter w = new TableDataWriter(store, root.toString(), SCHEMA, List.of(), WriteOptions.defaults());
    w.write(Row.of(SCHEMA, 1L, null, null));
    w.abort();
    assertThat(root).isDirectory();
    assertThat(dirsUnder(root)).isEmpty();
  }

  @Test
  void objectStoresHaveNoDirectoriesToRemove() {
    ObjectStore s3Like = new ObjectStore() {
      @Override public String scheme() { return "x"; }
      @Override public byte[] readAll(String path) { throw new UnsupportedOperationException(); }
      @Override public java.io.InputStream open(String path) { throw new UnsupportedOperationException(); }
      @Override public io.tidelake.format.store.SeekableObject openSeekable(String path) { throw new UnsupportedOperationException(); }
      @Override public java.io.OutputStream create(String path) { throw new UnsupportedOperationException(); }
      @Override public boolean putIfAbsent(String path, byte[] content) { throw new UnsupportedOperationException(); }
      @Override public void put(String path, byte[] content) { throw new UnsupportedOperationException(); }
      @Override public List<io.tidelake.format.store.FileInfo> list(String d, String s) { return List.of(); }
      @Override public List<io.tidelake.format.store.FileInfo> listRecursive(String d) { return List.of(); }
      @Override public java.util.Optional<io.tidelake.format.store.FileInfo> stat(String path) { return java.util.Optional.empty(); }
      @Override public boolean delete(String path) { return false; }
    };
    s3Like.deleteEmptyParents("x://b/t/date=1/f.parquet", "x://b/t"); // the default: nothing to do, no failure
  }

  private static List<String> dirsUnder(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isDirectory).filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).toList();
    }
  }
}
