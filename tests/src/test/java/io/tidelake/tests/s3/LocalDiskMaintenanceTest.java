package io.tidelake.tests.s3;

import java.nio.file.Path;

/** The maintenance suite on local disk. */
class LocalDiskMaintenanceTest extends MaintenanceSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.local(tempDir);
  }
}
