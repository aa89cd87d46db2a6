package io.tidelake.tests.s3;

import java.nio.file.Path;

/** The table suite on a real S3 server: S3Proxy in this JVM, a fresh bucket per test. */
class S3ProxyTableTest extends TableSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.s3Proxy();
  }
}
