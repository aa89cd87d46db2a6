package io.tidelake.tests.s3;

import io.tidelake.format.store.s3.S3Options;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * LocalStack's S3 in Docker (Testcontainers), for the classes annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)}: they run where a Docker engine exists and are
 * reported as skipped where none does. LocalStack implements conditional writes (If-None-Match) since 3.x.
 */
public final class LocalStackS3 {
  /** Pinned so that a run is reproducible; any LocalStack with S3 conditional writes will do. */
  public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

  private LocalStackS3() {}

  public static LocalStackContainer container() {
    return new LocalStackContainer(IMAGE).withServices(LocalStackContainer.Service.S3);
  }

  public static Map<String, String> storeOptions(LocalStackContainer c) {
    return Map.of(
        S3Options.ENDPOINT, c.getEndpoint().toString(),
        S3Options.REGION, c.getRegion(),
        S3Options.ACCESS_KEY_ID, c.getAccessKey(),
        S3Options.SECRET_ACCESS_KEY, c.getSecretKey());
  }

  /** A fresh bucket on the container, as a backend. */
  public static Backend backend(LocalStackContainer c) {
    String bucket = "ls-" + UUID.randomUUID().toString().substring(0, 12);
    try (S3Client s3 = S3Client.builder().endpointOverride(c.getEndpoint()).forcePathStyle(true)
        .region(Region.of(c.getRegion()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c.getAccessKey(), c.getSecretKey())))
        .build()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    return Backends.s3("localstack", bucket, storeOptions(c));
  }
}
