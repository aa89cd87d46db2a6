package io.tidelake.tests.s3;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.ids;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.format.store.s3.S3Options;
import io.tidelake.table.CommitResult;
import io.tidelake.table.Table;
import io.tidelake.table.internal.log.LogPaths;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Faults on the server side of a real S3 exchange, so the store's SDK, HTTP client, retries and the
 * committer's read-back are all exercised for real: 500s and throttling before a write, and the worst
 * case, a conditional PUT that lands but whose response never arrives (the server stalls past the
 * client's socket timeout). A commit must then land exactly once.
 */
class S3ServerFaultsTest {
  private static final Pattern COMMIT = Pattern.compile(".*_delta_log/\\d{20}\\.json");
  private static final Pattern DATA = Pattern.compile(".*\\.parquet");
  private static final long SOCKET_TIMEOUT_MS = 1000;

  /** What the server does to the next matching PUTs. */
  enum Fault { NONE, ERROR_500_BEFORE, SLOW_DOWN_BEFORE, STALL_AFTER }

  static final AtomicReference<Pattern> target = new AtomicReference<>(COMMIT);
  static final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
  static final AtomicInteger remaining = new AtomicInteger();
  static final AtomicInteger injected = new AtomicInteger();
  /** PUTs of matching keys that reached the backend (S3Proxy answers If-None-Match before that). */
  static final AtomicInteger matched = new AtomicInteger();

  static S3TestServer server;
  Backend backend;
  ObjectStore store;
  String location;

  /** Fails or stalls chosen PUTs of the real in-memory backend. */
  static final class FaultyBlobStore extends ForwardingBlobStore {
    FaultyBlobStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest req, InputStream body) {
      boolean match = target.get().matcher(req.key()).matches();
      if (match) {
        matched.incrementAndGet();
      }
      Fault f = match && remaining.getAndDecrement() > 0 ? fault.get() : Fault.NONE;
      if (f != Fault.NONE) {
        injected.incrementAndGet();
      }
      switch (f) {
        case ERROR_500_BEFORE -> throw error(500, "InternalError");
        case SLOW_DOWN_BEFORE -> throw error(503, "SlowDown");
        default -> { }
      }
      PutObjectResponse r = super.putBlob(req, body);
      if (f == Fault.STALL_AFTER) {
        try {
          Thread.sleep(3 * SOCKET_TIMEOUT_MS); // the object is stored; the client gives up waiting
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return r;
    }

    private static S3Exception error(int status, String code) {
      return (S3Exception) S3Exception.builder().statusCode(status).message("injected " + code)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("injected " + code).build()).build();
    }
  }

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start(FaultyBlobStore::new);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void table() {
    Map<String, String> options = new HashMap<>(server.storeOptions());
    options.put(S3Options.SOCKET_TIMEOUT_MS, String.valueOf(SOCKET_TIMEOUT_MS));
    backend = Backends.s3("s3proxy-faulty", server.newBucket(), options);
    store = backend.store();
    location = backend.newLocation();
    backend.create(location, SCHEMA).create(); // v0
    backend.open(location).newAppend().addRows(rows(0, 5)).commit(); // v1
    injected.set(0);
    matched.set(0);
  }

  @AfterEach
  void disarm() {
    fault.set(Fault.NONE);
    remaining.set(0);
    backend.close();
  }

  private static void arm(Pattern what, Fault f, int times) {
    target.set(what);
    fault.set(f);
    remaining.set(times);
  }

  private void assertExactlyOnce(long version) {
    long commits = store.list(LogPaths.logDir(location), null).stream()
        .filter(f -> LogPaths.deltaVersion(f.name()) >= 0).count();
    assertThat(commits).isEqualTo(version + 1);
    Table r = Table.open(ObjectStores.forLocation(location, server.storeOptions()), location);
    assertThat(r.snapshot().version()).isEqualTo(version);
    assertThat(ids(r)).containsExactly(LongStream.range(0, 10).toArray());
  }

  @Test
  void commitPutThatLandsButWhoseResponseIsLostCommitsExactlyOnce() {
    arm(COMMIT, Fault.STALL_AFTER, 1);
    CommitResult r = backend.open(location).newAppend().addRows(rows(5, 5)).commit();
    assertThat(injected.get()).isEqualTo(1);
    assertThat(matched.get()).as("the stalled PUT and the store's retry, refused as taken").isEqualTo(2);
    assertThat(r.version()).isEqualTo(2);
    assertExactlyOnce(2);
  }

  @Test
  void everyAttemptTimingOutIsResolvedByReadingTheVersionBack() {
    arm(COMMIT, Fault.STALL_AFTER, 100); // each retry stalls too: the store gives up with an unknown outcome
    Map<String, String> options = new HashMap<>(backend.options());
    options.put(S3Options.MAX_ATTEMPTS, "2");
    try (ObjectStore impatient = ObjectStores.forLocation(location, options)) {
      CommitResult r = Table.open(impatient, location).newAppend().addRows(rows(5, 5)).commit();
      assertThat(r.version()).isEqualTo(2);
    }
    assertThat(injected.get()).isGreaterThanOrEqualTo(2);
    fault.set(Fault.NONE);
    assertExactlyOnce(2);
  }

  @Test
  void serverErrorsBeforeTheCommitLandsAreRetried() {
    arm(COMMIT, Fault.ERROR_500_BEFORE, 2);
    assertThat(backend.open(location).newAppend().addRows(rows(5, 5)).commit().version()).isEqualTo(2);
    assertThat(injected.get()).isEqualTo(2);
    assertExactlyOnce(2);
  }

  @Test
  void throttledDataUploadsAreRetried() {
    arm(DATA, Fault.SLOW_DOWN_BEFORE, 2);
    assertThat(backend.open(location).newAppend().addRows(rows(5, 5)).commit().version()).isEqualTo(2);
    assertThat(injected.get()).isEqualTo(2);
    assertExactlyOnce(2);
  }

  @Test
  void dataUploadWhoseResponseIsLostIsRecognisedAsOwn() {
    arm(DATA, Fault.STALL_AFTER, 1);
    assertThat(backend.open(location).newAppend().addRows(rows(5, 5)).commit().version()).isEqualTo(2);
    assertThat(injected.get()).isEqualTo(1);
    assertExactlyOnce(2);
  }
}
