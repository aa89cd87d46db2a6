package io.tidelake.format.store.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The two S3 clients of one store, sharing one connection pool: {@code retrying} uses the SDK's
 * standard retry strategy (5xx, throttling, timeouts, resets, with backoff) for every idempotent call;
 * {@code once} never retries and is used only for conditional creates, whose retries
 * {@link ConditionalWrite} does itself because only it can tell "taken by another" from "taken by our
 * own earlier attempt".
 */
final class S3Clients implements AutoCloseable {
  final S3Client retrying;
  final S3Client once;
  final Region region;
  private final SdkHttpClient http;

  private S3Clients(S3Client retrying, S3Client once, Region region, SdkHttpClient http) {
    this.retrying = retrying;
    this.once = once;
    this.region = region;
    this.http = http;
  }

  static S3Clients build(S3Options o) {
    SdkHttpClient http = ApacheHttpClient.builder()
        .maxConnections(o.maxConnections())
        .connectionTimeout(Duration.ofMillis(o.connectTimeoutMs()))
        .socketTimeout(Duration.ofMillis(o.socketTimeoutMs()))
        .build();
    try {
      Region region = region(o);
      AwsCredentialsProvider credentials = credentials(o);
      RetryStrategy standard = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(o.maxAttempts()).build();
      S3Client retrying = builder(o, region, credentials, http).overrideConfiguration(c -> c.retryStrategy(standard)).build();
      S3Client once = builder(o, region, credentials, http)
          .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
      return new S3Clients(retrying, once, region, http);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  private static S3ClientBuilder builder(S3Options o, Region region, AwsCredentialsProvider credentials,
      SdkHttpClient http) {
    S3ClientBuilder b = S3Client.builder()
        .httpClient(http) // shared: the store closes it, not the clients
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(o.usePathStyle());
    if (o.endpoint() != null) {
      b.endpointOverride(o.endpoint());
      // S3-compatible servers vary in their support of the newer flexible checksums (aws-chunked trailers):
      // send and check them only where the API requires them. AWS itself gets the SDK's defaults.
      b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
      b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    } else if (o.region() == null) {
      b.crossRegionAccessEnabled(true); // region unknown: follow the bucket's region on a redirect
    }
    return b;
  }

  /** The explicit region, else the AWS region chain (profile, env, IMDS), else us-east-1. */
  private static Region region(S3Options o) {
    if (o.region() != null) {
      return Region.of(o.region());
    }
    try {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      if (o.profile() != null) {
        chain.profileName(o.profile());
      }
      return chain.build().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1; // S3-compatible servers ignore it; AWS follows redirects (crossRegionAccess)
    }
  }

  private static AwsCredentialsProvider credentials(S3Options o) {
    if (o.accessKeyId() != null) {
      return StaticCredentialsProvider.create(o.sessionToken() == null
          ? AwsBasicCredentials.create(o.accessKeyId(), o.secretAccessKey())
          : AwsSessionCredentials.create(o.accessKeyId(), o.secretAccessKey(), o.sessionToken()));
    }
    if (o.profile() != null) {
      return ProfileCredentialsProvider.create(o.profile());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public void close() {
    retrying.close();
    once.close();
    http.close();
  }
}
