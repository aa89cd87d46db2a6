package io.tidelake.format.store.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A lost race is recognised by exception type or SDK status, never by message text. */
class HadoopPreconditionTest {
  @Test
  void pathsContaining412AreNotMistakenForALostRace() {
    IOException timeout = new IOException("PUT s3a://b/t412/_delta_log/00000000000000000412.json: Read timed out");
    assertThat(HadoopObjectStore.isPreconditionFailure(timeout)).isFalse();
    assertThat(HadoopObjectStore.isPreconditionFailure(
        new org.apache.hadoop.fs.FileAlreadyExistsException("exists"))).isTrue();
    software.amazon.awssdk.services.s3.model.S3Exception precondition =
        (software.amazon.awssdk.services.s3.model.S3Exception) software.amazon.awssdk.services.s3.model.S3Exception
            .builder().statusCode(412).message("At least one of the pre-conditions you specified did not hold").build();
    assertThat(HadoopObjectStore.isPreconditionFailure(new IOException("wrapped", precondition))).isTrue();
  }
}
