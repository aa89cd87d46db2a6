package io.tidelake.tests.reliability;

import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.Backends;
import java.nio.file.Path;

/** The contention run against a real S3 server (S3Proxy): commits race on If-None-Match. */
class ContentionS3Test extends ContentionSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.s3Proxy();
  }
}
