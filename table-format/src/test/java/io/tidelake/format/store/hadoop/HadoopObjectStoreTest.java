package io.tidelake.format.store.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.format.store.SeekableObject;
import io.tidelake.format.store.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hadoop store on Hadoop's local filesystem (RawLocalFileSystem), real files, through the provider.
 * No race test here: Hadoop's local rename-without-overwrite is check-then-rename (the atomic version is
 * HDFS's NameNode rename); local tables use {@code LocalObjectStore}, whose hard-link commit is atomic.
 */
class HadoopObjectStoreTest {
  @TempDir Path dir;
  ObjectStore store;
  String root;

  @BeforeEach
  void open() {
    root = "file:" + dir.toAbsolutePath();
    store = new HadoopObjectStoreProvider().create(root, Map.of());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void providerServesHadoopSchemesButNotS3OrLocal() {
    HadoopObjectStoreProvider p = new HadoopObjectStoreProvider();
    assertThat(p.supports("hdfs")).isTrue();
    assertThat(p.supports("abfss")).isTrue();
    assertThat(p.supports("gs")).isTrue();
    assertThat(p.supports("s3a")).isTrue();
    assertThat(p.supports("s3")).isFalse();
    assertThat(HadoopCommitMode.forScheme("s3a")).isEqualTo(HadoopCommitMode.CONDITIONAL_CREATE);
    assertThat(HadoopCommitMode.forScheme("gs")).isEqualTo(HadoopCommitMode.CREATE);
    assertThat(HadoopCommitMode.forScheme("hdfs")).isEqualTo(HadoopCommitMode.RENAME);
    assertThat(((HadoopObjectStore) store).mode()).isEqualTo(HadoopCommitMode.RENAME);
    assertThatThrownBy(() -> p.create(root, Map.of(HadoopCommitMode.OPTION, "lock")))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("lock");
    assertThatThrownBy(() -> p.create(root, Map.of("s3.endpoint", "http://x")))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("fs.s3a.endpoint");
  }

  @Test
  void hdfsLocationsGoToTheHadoopProviderThroughTheServiceLoader() {
    // no NameNode here: the point is that hdfs:// is routed to Hadoop and fails with a typed error
    assertThatThrownBy(() -> ObjectStores.forLocation("hdfs://127.0.0.1:1/t", Map.of("ipc.client.connect.max.retries", "0"))
        .list("hdfs://127.0.0.1:1/t/_delta_log", null))
        .isInstanceOf(StorageException.class).hasMessageContaining("hdfs://127.0.0.1:1/t/_delta_log");
  }

  @Test
  void putIfAbsentCreatesOnceAndLeavesNoTempFiles() throws IOException {
    String v0 = root + "/_delta_log/00000000000000000000.json";
    assertThat(store.putIfAbsent(v0, b("first"))).isTrue();
    assertThat(store.putIfAbsent(v0, b("second"))).isFalse();
    assertThat(store.readAll(v0)).isEqualTo(b("first"));
    // a repeat of the same bytes (a connector's internal retry finding its own file) is recognised as ours
    assertThat(store.putIfAbsent(v0, b("first"))).isTrue();
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .containsExactly("00000000000000000000.json"); // no .tmp, no .crc
    }
  }

  @Test
  void createStreamsAndNeverOverwrites() throws IOException {
    String f = root + "/date=2025-01-01/part-1.parquet";
    try (OutputStream out = store.create(f)) {
      out.write(b("0123456789"));
    }
    assertThatThrownBy(() -> store.create(f)).isInstanceOf(StorageException.class).hasMessageContaining("overwrite");
    assertThat(store.stat(f)).get().extracting(FileInfo::size).isEqualTo(10L);
    try (SeekableObject s = store.openSeekable(f)) {
      byte[] buf = new byte[3];
      s.readFully(4, buf, 0, 3);
      assertThat(buf).isEqualTo(b("456"));
      assertThat(s.length()).isEqualTo(10);
      assertThatThrownBy(() -> s.readFully(8, new byte[5], 0, 5)).isInstanceOf(StorageException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void putReplacesAtomically() {
    String hint = root + "/_delta_log/_last_checkpoint";
    store.put(hint, b("{\"version\":10}"));
    store.put(hint, b("{\"version\":20}"));
    assertThat(store.readAll(hint)).isEqualTo(b("{\"version\":20}"));
  }

  @Test
  void listingsKeepTheCallersFormSortedAndSkipDirectories() {
    String log = root + "/_delta_log";
    for (String n : List.of("00000000000000000002.json", "00000000000000000000.json", "00000000000000000001.json")) {
      store.putIfAbsent(log + "/" + n, b(n));
    }
    store.put(log + "/_sidecars/a.parquet", b("x"));
    assertThat(store.list(log, null)).extracting(FileInfo::path).containsExactly(
        log + "/00000000000000000000.json", log + "/00000000000000000001.json", log + "/00000000000000000002.json");
    assertThat(store.list(log, "00000000000000000000.json")).extracting(FileInfo::name)
        .containsExactly("00000000000000000001.json", "00000000000000000002.json");
    assertThat(store.list(root + "/missing", null)).isEmpty();
    assertThat(store.listRecursive(root)).extracting(FileInfo::path).containsExactly(
        log + "/00000000000000000000.json", log + "/00000000000000000001.json", log + "/00000000000000000002.json",
        log + "/_sidecars/a.parquet");
  }

  @Test
  void missingObjectsAndDeletes() {
    String p = root + "/nope.json";
    assertThatThrownBy(() -> store.readAll(p)).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining(p);
    assertThatThrownBy(() -> store.openSeekable(p)).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.stat(p)).isEmpty();
    assertThat(store.delete(p)).isFalse();
    store.put(p, b("x"));
    assertThat(store.delete(p)).isTrue();
    assertThat(store.stat(p)).isEmpty();
  }

  @Test
  void dotSegmentsAreRefusedBeforeHadoopResolvesThem() {
    assertThatThrownBy(() -> store.readAll(root + "/t/../../etc/passwd"))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("'..'");
    assertThatThrownBy(() -> store.delete(root + "/t/../x")).isInstanceOf(TidelakeException.class);
  }
}
