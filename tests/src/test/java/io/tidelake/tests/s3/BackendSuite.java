package io.tidelake.tests.s3;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test suite run once per storage backend (local disk, S3Proxy, LocalStack, Hadoop): each test gets a
 * fresh backend, closed afterwards. Subclasses name the backend; their own {@code @BeforeEach} methods run
 * after this one, so {@link #backend} is ready there.
 */
public abstract class BackendSuite {
  @TempDir protected Path tempDir;
  protected Backend backend;

  protected abstract Backend newBackend(Path tempDir);

  @BeforeEach
  void openBackend() {
    backend = newBackend(tempDir);
  }

  @AfterEach
  void closeBackend() {
    if (backend != null) {
      backend.close();
    }
  }
}
