package io.tidelake.format.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Which client-side failures may hide a landed conditional PUT (and so must be read back). */
class S3ErrorsTest {

  @Test
  void anInterruptNoticedAfterTheResponseIsAmbiguous() {
    // the SDK checks the interrupt flag after the response arrived: the PUT may well have landed
    AbortedException aborted = AbortedException.builder().message("Thread was interrupted").build();
    assertThat(S3Errors.classify(aborted)).isEqualTo(S3Errors.Kind.AMBIGUOUS);
    SdkClientException unmarshal = SdkClientException.builder().message("Unable to unmarshall response").build();
    assertThat(S3Errors.classify(unmarshal)).isEqualTo(S3Errors.Kind.AMBIGUOUS);
    SdkClientException reset = SdkClientException.builder().cause(new IOException("Connection reset")).build();
    assertThat(S3Errors.classify(reset)).isEqualTo(S3Errors.Kind.AMBIGUOUS);
  }

  @Test
  void failuresBeforeSendingAreNotApplied_andConfigurationErrorsAreFatal() {
    SdkClientException refused = SdkClientException.builder().cause(new ConnectException("refused")).build();
    assertThat(S3Errors.classify(refused)).isEqualTo(S3Errors.Kind.NOT_APPLIED);
    SdkClientException noCreds = SdkClientException.builder()
        .message("Unable to load credentials from any of the providers in the chain").build();
    assertThat(S3Errors.classify(noCreds)).isEqualTo(S3Errors.Kind.FATAL);
  }
}
