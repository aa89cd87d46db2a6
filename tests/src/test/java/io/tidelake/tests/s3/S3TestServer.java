package io.tidelake.tests.s3;

import io.tidelake.format.store.s3.S3Options;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in the test JVM: S3Proxy with its in-memory ("transient") backend on 127.0.0.1 and
 * a free port. S3Proxy is the light server whose {@code If-None-Match: *} is atomic under races (see
 * /work/shared/docs/s3-testing.md), which is what commit tests rest on. One shared instance serves the
 * whole test JVM (each test takes its own bucket); child processes get its endpoint via
 * {@link #storeOptions()}.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "tidelake-access";
  public static final String SECRET_KEY = "tidelake-secret";
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3TestServer shared;

  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private S3TestServer(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.client = S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** The JVM-wide server, started on first use and stopped when the JVM exits. */
  public static synchronized S3TestServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "s3proxy-stop"));
    }
    return shared;
  }

  /** A new server of its own (stop it with {@link #close()}). */
  public static S3TestServer start() {
    return start(UnaryOperator.identity());
  }

  /**
   * A new server whose in-memory backend is wrapped by {@code backend}: server-side fault injection
   * (a {@link org.gaul.s3proxy.blobstore.ForwardingBlobStore} that fails or stalls chosen requests).
   */
  public static S3TestServer start(UnaryOperator<BlobStore> backend) {
    try {
      S3Proxy proxy = S3Proxy.builder()
          .blobStore(backend.apply(BlobStores.create("transient", new Properties())))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
          .endpoint(URI.create("http://127.0.0.1:0"))
          .build();
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
        }
        Thread.sleep(10);
      }
      return new S3TestServer(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the in-process S3Proxy: " + e, e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Store options that point Tidelake's S3 store at this server. */
  public Map<String, String> storeOptions() {
    return Map.of(
        S3Options.ENDPOINT, endpoint.toString(),
        S3Options.REGION, "us-east-1",
        S3Options.ACCESS_KEY_ID, ACCESS_KEY,
        S3Options.SECRET_ACCESS_KEY, SECRET_KEY);
  }

  /** Creates a fresh, empty bucket and returns its name. */
  public String newBucket() {
    String name = "t" + BUCKETS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    client.createBucket(b -> b.bucket(name));
    return name;
  }

  /** A plain SDK client of this server, for tests that look at or damage objects behind the store's back. */
  public S3Client client() {
    return client;
  }

  @Override
  public synchronized void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // stopping at JVM exit; nothing to do
    }
  }
}
