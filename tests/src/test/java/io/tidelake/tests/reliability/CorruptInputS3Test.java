package io.tidelake.tests.reliability;

import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.Backends;
import java.nio.file.Path;

/** Damaged objects on a real S3 server (S3Proxy in this JVM). */
class CorruptInputS3Test extends CorruptInputSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.s3Proxy();
  }
}
