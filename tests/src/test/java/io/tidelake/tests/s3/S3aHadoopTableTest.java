package io.tidelake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.hadoop.HadoopCommitMode;
import io.tidelake.format.store.hadoop.HadoopObjectStore;
import io.tidelake.format.store.hadoop.HadoopObjectStoreProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The table suite through the Hadoop store on S3A ({@code s3a://}) against the in-process S3Proxy:
 * commits are S3A conditional creates ({@code If-None-Match: *}). Needs hadoop-aws 3.4.2+ (and the
 * matching hadoop-client-api/runtime) on the test classpath; reported as skipped without it.
 */
@EnabledIf("s3aWithConditionalCreate")
class S3aHadoopTableTest extends TableSuite {

  static boolean s3aWithConditionalCreate() {
    try {
      Class.forName("org.apache.hadoop.fs.s3a.S3AFileSystem");
      String[] v = org.apache.hadoop.util.VersionInfo.getVersion().split("[.-]");
      int major = Integer.parseInt(v[0]);
      int minor = Integer.parseInt(v[1]);
      int patch = Integer.parseInt(v[2]);
      return major > 3 || (major == 3 && (minor > 4 || (minor == 4 && patch >= 2)));
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return false;
    }
  }

  static Map<String, String> s3aOptions(S3TestServer server, Path tempDir) {
    return Map.of(
        "fs.s3a.endpoint", server.endpoint().toString(),
        "fs.s3a.endpoint.region", "us-east-1",
        "fs.s3a.path.style.access", "true",
        "fs.s3a.connection.ssl.enabled", "false",
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        "fs.s3a.access.key", S3TestServer.ACCESS_KEY,
        "fs.s3a.secret.key", S3TestServer.SECRET_KEY,
        "hadoop.tmp.dir", tempDir.resolve("hadoop-tmp").toString());
  }

  @Override
  protected Backend newBackend(Path tempDir) {
    S3TestServer server = S3TestServer.shared();
    String bucket = server.newBucket();
    Map<String, String> options = s3aOptions(server, tempDir);
    ObjectStore store = new HadoopObjectStoreProvider().create("s3a://" + bucket, options);
    assertThat(((HadoopObjectStore) store).mode()).isEqualTo(HadoopCommitMode.CONDITIONAL_CREATE);
    return new Backend() {
      public String name() {
        return "s3a";
      }

      public String newLocation() {
        return "s3a://" + bucket + "/tables/" + UUID.randomUUID();
      }

      public Map<String, String> options() {
        return options;
      }

      public ObjectStore store() {
        return store;
      }
    };
  }

  @Test
  void conditionalCreateHasOneWinnerPerRace() throws Exception {
    ObjectStore store = backend.store();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 10; round++) {
        String p = location + "/_delta_log/" + round + ".json";
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> f = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          byte[] content = ("writer " + w).getBytes(StandardCharsets.UTF_8);
          f.add(pool.submit(() -> {
            go.await();
            return store.putIfAbsent(p, content);
          }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> x : f) {
          winners += x.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).as("round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
