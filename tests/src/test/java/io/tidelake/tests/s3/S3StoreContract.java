package io.tidelake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.format.store.SeekableObject;
import io.tidelake.format.store.StorageException;
import io.tidelake.format.store.s3.S3Options;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the S3 store promises, checked against a real S3 server: atomic put-if-absent under a race,
 * streamed multipart uploads that never replace an object, ranged reads, paged listings, typed errors.
 */
public abstract class S3StoreContract {
  protected Backend backend;
  protected ObjectStore store;
  protected String dir;

  protected abstract Backend newBackend();

  @BeforeEach
  void open() {
    backend = newBackend();
    store = backend.store();
    dir = backend.newLocation();
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private ObjectStore storeWith(String key, String value) {
    Map<String, String> o = new HashMap<>(backend.options());
    o.put(key, value);
    return ObjectStores.forLocation(dir, o);
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void putIfAbsentHasExactlyOneWinnerPerRace() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 25; round++) {
        String p = dir + "/_delta_log/" + round + ".json";
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          byte[] content = ("writer " + w).getBytes(StandardCharsets.UTF_8);
          results.add(pool.submit(() -> {
            go.await();
            return store.putIfAbsent(p, content);
          }));
        }
        go.countDown();
        int winner = -1;
        for (int w = 0; w < writers; w++) {
          if (results.get(w).get(60, TimeUnit.SECONDS)) {
            assertThat(winner).as("round %d has a second winner", round).isEqualTo(-1);
            winner = w;
          }
        }
        assertThat(winner).as("round %d has no winner", round).isNotEqualTo(-1);
        assertThat(new String(store.readAll(p), StandardCharsets.UTF_8)).isEqualTo("writer " + winner);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void largeObjectsAreStreamedAsMultipartUploads() throws IOException {
    byte[] data = random(12 * 1024 * 1024 + 12345, 1); // three 5 MiB parts, the last one short
    String p = dir + "/date=2025-01-01/part-00000.parquet";
    try (ObjectStore small = storeWith(S3Options.PART_SIZE, "5MiB");
        OutputStream out = small.create(p)) {
      for (int off = 0; off < data.length; off += 100_000) {
        out.write(data, off, Math.min(100_000, data.length - off)); // many writes, as Parquet does
      }
      assertThat(store.stat(p)).as("nothing is visible before close").isEmpty();
    }
    assertThat(store.stat(p)).get().extracting(FileInfo::size).isEqualTo((long) data.length);
    assertThat(store.readAll(p)).isEqualTo(data);
    // the ETag of a completed multipart upload names its part count; no upload is left open
    String bucket = p.substring(5, p.indexOf('/', 5));
    String key = p.substring(p.indexOf('/', 5) + 1);
    try (S3Client client = Backends.sdkClient(backend.options())) {
      assertThat(client.headObject(b -> b.bucket(bucket).key(key)).eTag()).endsWith("-3\"");
      assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Test
  void createNeverReplacesAnExistingObject() throws IOException {
    String p = dir + "/part-1.parquet";
    try (OutputStream out = store.create(p)) {
      out.write("original".getBytes(StandardCharsets.UTF_8));
    }
    OutputStream second = store.create(p); // S3 cannot refuse before the upload; it refuses at close
    second.write("replacement".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(second::close).isInstanceOf(StorageException.class).hasMessageContaining("overwrite")
        .hasMessageContaining(p);
    try (ObjectStore small = storeWith(S3Options.PART_SIZE, "5MiB")) {
      OutputStream big = small.create(p);
      big.write(random(6 * 1024 * 1024, 2)); // a multipart upload, refused at completion
      assertThatThrownBy(big::close).isInstanceOf(StorageException.class).hasMessageContaining("overwrite");
    }
    assertThat(new String(store.readAll(p), StandardCharsets.UTF_8)).isEqualTo("original");
  }

  @Test
  void rangedReadsReturnExactlyTheRequestedBytes() throws IOException {
    byte[] data = random(3 * 1024 * 1024 + 77, 3);
    String p = dir + "/data.parquet";
    try (OutputStream out = store.create(p)) {
      out.write(data);
    }
    try (ObjectStore s = storeWith(S3Options.READ_AHEAD, "64k"); SeekableObject obj = s.openSeekable(p)) {
      assertThat(obj.length()).isEqualTo(data.length);
      Random r = new Random(4);
      for (int i = 0; i < 200; i++) {
        // footer-like tail reads, small header reads that hit the read-ahead buffer, large chunk reads
        int len = i % 10 == 0 ? 200_000 + r.nextInt(300_000) : 1 + r.nextInt(i % 3 == 0 ? 8 : 20_000);
        long pos = i % 4 == 0 ? data.length - len - r.nextInt(100) : (long) r.nextInt(data.length - len);
        pos = Math.max(0, pos);
        byte[] buf = new byte[len + 2];
        obj.readFully(pos, buf, 1, len);
        assertThat(Arrays.copyOfRange(buf, 1, len + 1)).as("read %d: %d bytes at %d", i, len, pos)
            .isEqualTo(Arrays.copyOfRange(data, (int) pos, (int) pos + len));
      }
      assertThatThrownBy(() -> obj.readFully(data.length - 10, new byte[20], 0, 20))
          .isInstanceOf(StorageException.class).hasMessageContaining(p);
    }
    try (InputStream in = store.open(p)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void emptyObjectsHaveLengthZero() throws IOException {
    String p = dir + "/empty";
    store.create(p).close();
    try (SeekableObject obj = store.openSeekable(p)) {
      assertThat(obj.length()).isZero();
    }
    assertThat(store.readAll(p)).isEmpty();
  }

  @Test
  void listingsPageAndStartAfterANameAndStayInTheirDirectory() throws Exception {
    String log = dir + "/_delta_log";
    int n = 1030; // more than one 1,000-key page
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> f = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = String.format("%020d.json", i);
        f.add(pool.submit(() -> store.putIfAbsent(log + "/" + name, new byte[] {'x'})));
      }
      for (Future<Boolean> x : f) {
        assertThat(x.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    store.put(log + "/_sidecars/a.parquet", new byte[] {1});
    store.put(dir + "/_delta_log_old/x.json", new byte[] {1}); // a sibling sharing the name's prefix

    List<FileInfo> all = store.list(log, null);
    assertThat(all).hasSize(n);
    assertThat(all.get(0).path()).isEqualTo(log + "/00000000000000000000.json");
    assertThat(all).extracting(FileInfo::name).isSorted();
    List<FileInfo> tail = store.list(log, String.format("%020d.json", 1000));
    assertThat(tail).hasSize(n - 1001);
    assertThat(tail.get(0).name()).isEqualTo(String.format("%020d.json", 1001));
    assertThat(store.list(log, String.format("%020d.json", n - 1))).isEmpty();
    List<FileInfo> deep = store.listRecursive(log);
    assertThat(deep).hasSize(n + 1).extracting(FileInfo::path).contains(log + "/_sidecars/a.parquet")
        .doesNotContain(dir + "/_delta_log_old/x.json");
  }

  @Test
  void missingThingsAreTypedErrorsOrEmpty() {
    String p = dir + "/nope.json";
    assertThatThrownBy(() -> store.readAll(p)).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining(p);
    assertThatThrownBy(() -> store.openSeekable(p)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.open(p)).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.stat(p)).isEmpty();
    assertThat(store.delete(p)).isFalse();
    assertThat(store.list(dir + "/none", null)).isEmpty();
    assertThat(store.listRecursive(dir + "/none")).isEmpty();
    store.put(p, new byte[] {1});
    store.put(p, new byte[] {2}); // put replaces
    assertThat(store.readAll(p)).containsExactly(2);
    assertThat(store.delete(p)).isTrue();

    String noBucket = "s3://no-such-bucket-" + System.nanoTime() + "/t/x.json";
    assertThatThrownBy(() -> store.putIfAbsent(noBucket, new byte[] {1})).isInstanceOf(StorageException.class)
        .hasMessageContaining("bucket does not exist");
    assertThatThrownBy(() -> store.list(noBucket, null)).isInstanceOf(StorageException.class)
        .hasMessageContaining("bucket does not exist");
  }

  @Test
  void wrongCredentialsAreATypedErrorThatSaysWhatToCheck() {
    try (ObjectStore bad = storeWith(S3Options.SECRET_ACCESS_KEY, "wrong-secret")) {
      assertThatThrownBy(() -> bad.putIfAbsent(dir + "/_delta_log/0.json", new byte[] {1}))
          .isInstanceOf(StorageException.class).hasMessageContaining("HTTP 403")
          .hasMessageContaining(S3Options.ACCESS_KEY_ID);
    }
    assertThat(store.stat(dir + "/_delta_log/0.json")).isEmpty();
  }
}
