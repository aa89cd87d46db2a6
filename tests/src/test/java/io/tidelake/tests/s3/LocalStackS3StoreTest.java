package io.tidelake.tests.s3;

import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The S3 store contract on LocalStack's S3; skipped (and reported so) without a Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackS3StoreTest extends S3StoreContract {
  @Container static final LocalStackContainer LOCALSTACK = LocalStackS3.container();

  @Override
  protected Backend newBackend() {
    return LocalStackS3.backend(LOCALSTACK);
  }
}
