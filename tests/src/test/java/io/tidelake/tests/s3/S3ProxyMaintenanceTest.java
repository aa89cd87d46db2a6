package io.tidelake.tests.s3;

import java.nio.file.Path;

/** The maintenance suite on a real S3 server (S3Proxy in this JVM): vacuum through DeleteObjects. */
class S3ProxyMaintenanceTest extends MaintenanceSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.s3Proxy();
  }
}
