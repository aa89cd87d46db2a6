package io.tidelake.benchmarks;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code store=s3}: Tidelake's S3 store (found through {@code ObjectStores.forLocation("s3://...")}, as users
 * get it) against S3Proxy 4.1.0 started in this JVM with its in-memory backend on 127.0.0.1. S3Proxy's
 * {@code If-None-Match: *} is atomic, which commits rest on. Latencies are loopback HTTP plus the store's
 * request path: a floor for real S3, whose round trips are 10-100x longer.
 */
final class S3ProxyTarget implements StoreTarget {
  private static final String KEY = "bench-access";
  private static final String SECRET = "bench-secret";
  private static final String BUCKET = "bench";

  private final S3Proxy proxy;
  private final S3Client client;
  private final ObjectStore store;

  private S3ProxyTarget(S3Proxy proxy, S3Client client, ObjectStore store) {
    this.proxy = proxy;
    this.client = client;
    this.store = store;
  }

  static StoreTarget start() throws Exception {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("transient", new Properties()))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
      }
      Thread.sleep(10);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    S3Client client = S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
        .build();
    client.createBucket(b -> b.bucket(BUCKET));
    ObjectStore store = ObjectStores.forLocation("s3://" + BUCKET + "/", Map.of(
        "s3.endpoint", endpoint.toString(),
        "s3.region", "us-east-1",
        "s3.access-key-id", KEY,
        "s3.secret-access-key", SECRET));
    return new S3ProxyTarget(proxy, client, store);
  }

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public ObjectStore store() {
    return store;
  }

  @Override
  public String location(String table) {
    return "s3://" + BUCKET + "/" + table;
  }

  @Override
  public void close() {
    try {
      store.close();
      client.close();
    } finally {
      try {
        proxy.stop();
      } catch (Exception ignored) {
        // shutting down a benchmark server; nothing else to do
      }
    }
  }
}
