package io.tidelake.format.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.store.CommitOutcomeUnknownException;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.StorageException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The retry rules of conditional creates, driven by scripted failures as the SDK reports them. The rule
 * under test: a "taken" answer after an attempt that may have landed must not be reported as a lost race.
 */
class ConditionalWriteTest {

  static S3Exception http(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status).message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }

  static SdkClientException io(Exception cause) {
    return SdkClientException.builder().message("Unable to execute HTTP request: " + cause.getMessage()).cause(cause).build();
  }

  /** Runs the script: each entry is thrown by one attempt; null means the attempt succeeds. */
  private static ConditionalWrite.Outcome run(int maxAttempts, RuntimeException... script) {
    Deque<RuntimeException> q = new ArrayDeque<>();
    for (RuntimeException e : script) {
      q.add(e == null ? new NoError() : e);
    }
    return ConditionalWrite.run("conditional PUT", "s3://b/t/_delta_log/1.json", maxAttempts, () -> {
      RuntimeException next = q.poll();
      if (next != null && !(next instanceof NoError)) {
        throw next;
      }
    });
  }

  private static final class NoError extends RuntimeException {}

  @Test
  void classification() {
    assertThat(S3Errors.classify(http(412, "PreconditionFailed"))).isEqualTo(S3Errors.Kind.TAKEN);
    assertThat(S3Errors.classify(http(409, "ConditionalRequestConflict"))).isEqualTo(S3Errors.Kind.TAKEN);
    assertThat(S3Errors.classify(http(503, "SlowDown"))).isEqualTo(S3Errors.Kind.NOT_APPLIED);
    assertThat(S3Errors.classify(http(503, null))).isEqualTo(S3Errors.Kind.AMBIGUOUS);
    assertThat(S3Errors.classify(http(500, "InternalError"))).isEqualTo(S3Errors.Kind.AMBIGUOUS);
    assertThat(S3Errors.classify(http(404, "NoSuchKey"))).isEqualTo(S3Errors.Kind.NOT_FOUND);
    assertThat(S3Errors.classify(http(403, "AccessDenied"))).isEqualTo(S3Errors.Kind.FATAL);
    assertThat(S3Errors.classify(http(501, "NotImplemented"))).isEqualTo(S3Errors.Kind.FATAL);
    assertThat(S3Errors.classify(io(new ConnectException("Connection refused")))).isEqualTo(S3Errors.Kind.NOT_APPLIED);
    assertThat(S3Errors.classify(io(new SocketTimeoutException("Read timed out")))).isEqualTo(S3Errors.Kind.AMBIGUOUS);
    assertThat(S3Errors.classify(io(new SocketException("Connection reset")))).isEqualTo(S3Errors.Kind.AMBIGUOUS);
    assertThat(S3Errors.classify(ApiCallAttemptTimeoutException.create(1000))).isEqualTo(S3Errors.Kind.AMBIGUOUS);
    assertThat(S3Errors.classify(SdkClientException.create("Unable to load credentials from any provider")))
        .isEqualTo(S3Errors.Kind.FATAL);
  }

  @Test
  void firstAnswerDecides() {
    assertThat(run(5, (RuntimeException) null)).isEqualTo(ConditionalWrite.Outcome.CREATED);
    assertThat(run(5, http(412, "PreconditionFailed"))).isEqualTo(ConditionalWrite.Outcome.TAKEN);
    assertThat(run(5, http(409, "ConditionalRequestConflict"))).isEqualTo(ConditionalWrite.Outcome.TAKEN);
  }

  @Test
  void requestsThatHadNoEffectAreRetriedAndStayCertain() {
    assertThat(run(5, http(503, "SlowDown"), io(new ConnectException("refused")), http(412, "PreconditionFailed")))
        .isEqualTo(ConditionalWrite.Outcome.TAKEN);
    assertThat(run(5, http(503, "SlowDown"), null)).isEqualTo(ConditionalWrite.Outcome.CREATED);
  }

  @Test
  void takenAfterAnAttemptThatMayHaveLandedIsNotALostRace() {
    assertThat(run(5, io(new SocketTimeoutException("Read timed out")), http(412, "PreconditionFailed")))
        .isEqualTo(ConditionalWrite.Outcome.TAKEN_AFTER_UNCERTAIN_ATTEMPT);
    assertThat(run(5, http(500, "InternalError"), http(503, "SlowDown"), http(412, "PreconditionFailed")))
        .isEqualTo(ConditionalWrite.Outcome.TAKEN_AFTER_UNCERTAIN_ATTEMPT);
    // ...while a success after a doubtful attempt is certain: put-if-absent cannot succeed over our own object
    assertThat(run(5, http(500, "InternalError"), null)).isEqualTo(ConditionalWrite.Outcome.CREATED);
  }

  @Test
  void doubtsThatOutlastTheRetriesAreReportedAsUnknown() {
    assertThatThrownBy(() -> run(3, io(new SocketTimeoutException("t1")), io(new SocketTimeoutException("t2")),
        io(new SocketTimeoutException("t3"))))
        .isInstanceOf(CommitOutcomeUnknownException.class)
        .hasMessageContaining("s3://b/t/_delta_log/1.json").hasMessageContaining("unknown whether");
    // a fatal error after a doubtful attempt is still a doubt
    assertThatThrownBy(() -> run(3, http(500, "InternalError"), http(403, "AccessDenied")))
        .isInstanceOf(CommitOutcomeUnknownException.class);
  }

  @Test
  void certainFailuresAreTypedWithAHint() {
    assertThatThrownBy(() -> run(3, io(new ConnectException("refused")), io(new ConnectException("refused")),
        io(new ConnectException("refused"))))
        .isInstanceOf(StorageException.class).isNotInstanceOf(CommitOutcomeUnknownException.class)
        .hasMessageContaining("cannot connect").hasMessageContaining(S3Options.ENDPOINT);
    assertThatThrownBy(() -> run(3, http(403, "AccessDenied")))
        .isInstanceOf(StorageException.class).isNotInstanceOf(CommitOutcomeUnknownException.class)
        .hasMessageContaining("access denied").hasMessageContaining(S3Options.ACCESS_KEY_ID);
    assertThatThrownBy(() -> run(3, http(404, "NoSuchBucket")))
        .isInstanceOf(StorageException.class).hasMessageContaining("bucket does not exist");
    assertThatThrownBy(() -> run(3, http(501, "NotImplemented")))
        .isInstanceOf(StorageException.class).hasMessageContaining("If-None-Match");
  }

  @Test
  void notFoundIsTheTypedNotFound() {
    assertThat(S3Errors.toStorage("GET", "s3://b/k", http(404, "NoSuchKey")))
        .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("s3://b/k");
    assertThat(List.of(S3Errors.toStorage("GET", "s3://b/k", http(301, "PermanentRedirect")).getMessage()))
        .allMatch(m -> m.contains(S3Options.REGION));
  }
}
