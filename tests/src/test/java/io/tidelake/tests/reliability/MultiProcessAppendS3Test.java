package io.tidelake.tests.reliability;

import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.Backends;
import java.nio.file.Path;

/** Child JVMs commit through the S3Proxy running in this test JVM. */
class MultiProcessAppendS3Test extends MultiProcessAppendSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.s3Proxy();
  }
}
