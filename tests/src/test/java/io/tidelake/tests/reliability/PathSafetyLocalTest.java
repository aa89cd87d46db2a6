package io.tidelake.tests.reliability;

import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.Backends;
import java.nio.file.Path;

class PathSafetyLocalTest extends PathSafetySuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.local(tempDir);
  }

  @Override
  protected String elsewhere(String name) {
    return tempDir.resolve("elsewhere").resolve(name).toAbsolutePath().toString();
  }

  @Override
  protected String asLogPath(String storeLocation) {
    return Path.of(storeLocation).toUri().toString(); // file:/tmp/.../elsewhere/x
  }

  @Override
  protected String foreign() {
    return "file:/etc/passwd";
  }
}
