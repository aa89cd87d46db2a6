package io.tidelake.tests.reliability;

import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.Backends;
import java.nio.file.Path;

class CorruptInputLocalTest extends CorruptInputSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.local(tempDir);
  }
}
