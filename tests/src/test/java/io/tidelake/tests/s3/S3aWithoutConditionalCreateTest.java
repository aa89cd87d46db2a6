package io.tidelake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.StorageException;
import io.tidelake.format.store.hadoop.HadoopObjectStoreProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an S3A older than 3.4.2 (no conditional create), the Hadoop store must refuse to commit rather
 * than fall back to a check-then-write that two writers could both win. Runs only where such an S3A is
 * on the classpath; skipped otherwise.
 */
@EnabledIf("oldS3a")
class S3aWithoutConditionalCreateTest {
  @TempDir Path tempDir;

  static boolean oldS3a() {
    try {
      Class.forName("org.apache.hadoop.fs.s3a.S3AFileSystem");
      return !S3aHadoopTableTest.s3aWithConditionalCreate();
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Test
  void commitsAreRefusedWithAnUpgradeHint() {
    S3TestServer server = S3TestServer.shared();
    String bucket = server.newBucket();
    try (ObjectStore store = new HadoopObjectStoreProvider().create("s3a://" + bucket,
        S3aHadoopTableTest.s3aOptions(server, tempDir))) {
      String v0 = "s3a://" + bucket + "/t/_delta_log/00000000000000000000.json";
      assertThatThrownBy(() -> store.putIfAbsent(v0, new byte[] {'{', '}'}))
          .isInstanceOf(StorageException.class).hasMessageContaining("hadoop-aws 3.4.2")
          .hasMessageContaining("s3://");
      assertThat(store.stat(v0)).isEmpty();
    }
  }
}
