package io.tidelake.format.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import org.junit.jupiter.api.Test;

class S3LocationTest {
  @Test
  void splitsBucketAndKey() {
    S3Location l = S3Location.parse("s3://bucket/a/b/c.json");
    assertThat(l.bucket()).isEqualTo("bucket");
    assertThat(l.key()).isEqualTo("a/b/c.json");
    assertThat(l.dirPrefix()).isEqualTo("a/b/c.json/");
    assertThat(S3Location.parse("s3://bucket").dirPrefix()).isEmpty();
    assertThat(S3Location.parse("s3://bucket/t/").dirPrefix()).isEqualTo("t/");
    assertThat(l.uriOf("x/y")).isEqualTo("s3://bucket/x/y");
  }

  @Test
  void dotSegmentsAndMissingBucketsAreRefused() {
    assertThatThrownBy(() -> S3Location.parse("s3://bucket/t/../other/x.parquet"))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("'..'");
    assertThatThrownBy(() -> S3Location.parse("s3://bucket/t/./x")).isInstanceOf(TidelakeException.class);
    assertThatThrownBy(() -> S3Location.parse("s3:///key")).isInstanceOf(TidelakeException.class)
        .hasMessageContaining("no bucket");
    assertThatThrownBy(() -> S3Location.parse("/local/path")).isInstanceOf(TidelakeException.class);
  }

  @Test
  void contentRangeGivesTheTotalLength() {
    assertThat(S3SeekableObject.totalLength("bytes 0-99/100", 100, "p")).isEqualTo(100);
    assertThat(S3SeekableObject.totalLength("bytes 934-65535/65536", 64602, "p")).isEqualTo(65536);
    assertThat(S3SeekableObject.totalLength(null, 42, "p")).isEqualTo(42); // range ignored: whole object
  }
}
