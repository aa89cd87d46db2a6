package io.tidelake.tests.reliability;

import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.Backends;
import java.nio.file.Path;

/** The crash points on a real S3 server (S3Proxy in this JVM). */
class CrashInjectionS3Test extends CrashInjectionSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.s3Proxy();
  }
}
