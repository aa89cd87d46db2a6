package io.tidelake.tests.s3;

import java.nio.file.Path;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The table suite on LocalStack's S3; skipped (and reported so) without a Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackS3TableTest extends TableSuite {
  @Container static final LocalStackContainer LOCALSTACK = LocalStackS3.container();

  @Override
  protected Backend newBackend(Path tempDir) {
    return LocalStackS3.backend(LOCALSTACK);
  }
}
