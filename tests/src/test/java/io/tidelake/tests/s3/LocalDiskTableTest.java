package io.tidelake.tests.s3;

import java.nio.file.Path;

/** The table suite on local disk (the reference the S3 runs must match). */
class LocalDiskTableTest extends TableSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.local(tempDir);
  }
}
