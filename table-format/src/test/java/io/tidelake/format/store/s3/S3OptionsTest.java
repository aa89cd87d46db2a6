package io.tidelake.format.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Store options and the AWS environment variables they fall back to. */
class S3OptionsTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void defaultsUseTheAwsChainsAndVirtualHostedStyle() {
    S3Options o = S3Options.parse(Map.of(), NO_ENV::get);
    assertThat(o.endpoint()).isNull();
    assertThat(o.region()).isNull();
    assertThat(o.accessKeyId()).isNull();
    assertThat(o.usePathStyle()).isFalse();
    assertThat(o.partSize()).isEqualTo(8 << 20);
    assertThat(o.readAhead()).isEqualTo(1 << 20);
  }

  @Test
  void endpointToLocalhostOrAnIpAddressIsPathStyleByItself() {
    assertThat(S3Options.parse(Map.of(S3Options.ENDPOINT, "http://127.0.0.1:9000"), NO_ENV::get).usePathStyle()).isTrue();
    assertThat(S3Options.parse(Map.of(S3Options.ENDPOINT, "http://localhost:4566"), NO_ENV::get).usePathStyle()).isTrue();
    assertThat(S3Options.parse(Map.of(S3Options.ENDPOINT, "http://[::1]:9000"), NO_ENV::get).usePathStyle()).isTrue();
    assertThat(S3Options.parse(Map.of(S3Options.ENDPOINT, "https://s3.eu-west-1.amazonaws.com"), NO_ENV::get)
        .usePathStyle()).isFalse();
    // an explicit choice wins
    assertThat(S3Options.parse(Map.of(S3Options.ENDPOINT, "http://127.0.0.1:9000", S3Options.PATH_STYLE, "false"),
        NO_ENV::get).usePathStyle()).isFalse();
    assertThat(S3Options.parse(Map.of(S3Options.ENDPOINT, "https://minio.example.com", S3Options.PATH_STYLE, "true"),
        NO_ENV::get).usePathStyle()).isTrue();
  }

  @Test
  void endpointFromEnvironmentServiceSpecificFirst() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", "http://10.0.0.1:9000");
    assertThat(S3Options.parse(Map.of(), env::get).endpoint()).hasToString("http://10.0.0.1:9000");
    env.put("AWS_ENDPOINT_URL_S3", "http://10.0.0.2:9000");
    assertThat(S3Options.parse(Map.of(), env::get).endpoint()).hasToString("http://10.0.0.2:9000");
    assertThat(S3Options.parse(Map.of(S3Options.ENDPOINT, "http://10.0.0.3:1"), env::get).endpoint())
        .hasToString("http://10.0.0.3:1");
    assertThat(S3Options.parse(Map.of(), env::get).usePathStyle()).isTrue();
  }

  @Test
  void sizesAcceptBinarySuffixesAndAreBounded() {
    assertThat(S3Options.parse(Map.of(S3Options.PART_SIZE, "16MiB"), NO_ENV::get).partSize()).isEqualTo(16 << 20);
    assertThat(S3Options.parse(Map.of(S3Options.PART_SIZE, "5m"), NO_ENV::get).partSize()).isEqualTo(5 << 20);
    assertThat(S3Options.parse(Map.of(S3Options.READ_AHEAD, "256k"), NO_ENV::get).readAhead()).isEqualTo(256 << 10);
    assertThatThrownBy(() -> S3Options.parse(Map.of(S3Options.PART_SIZE, "1m"), NO_ENV::get))
        .isInstanceOf(TidelakeException.class).hasMessageContaining(S3Options.PART_SIZE).hasMessageContaining("between");
    assertThatThrownBy(() -> S3Options.parse(Map.of(S3Options.MAX_ATTEMPTS, "many"), NO_ENV::get))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("'many'");
  }

  @Test
  void typosAndHalfCredentialsAreRefused() {
    assertThatThrownBy(() -> S3Options.parse(Map.of("s3.endpiont", "http://x"), NO_ENV::get))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("s3.endpiont").hasMessageContaining(S3Options.ENDPOINT);
    assertThatThrownBy(() -> S3Options.parse(Map.of(S3Options.ACCESS_KEY_ID, "a"), NO_ENV::get))
        .isInstanceOf(TidelakeException.class).hasMessageContaining(S3Options.SECRET_ACCESS_KEY);
    assertThatThrownBy(() -> S3Options.parse(Map.of(S3Options.ENDPOINT, "http://"), NO_ENV::get))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("Invalid S3 endpoint");
  }

  @Test
  void toStringNeverShowsSecrets() {
    S3Options o = S3Options.parse(Map.of(S3Options.ACCESS_KEY_ID, "AKIAEXAMPLE", S3Options.SECRET_ACCESS_KEY, "s3cr3t",
        S3Options.SESSION_TOKEN, "tok3n"), NO_ENV::get);
    assertThat(o.toString()).doesNotContain("AKIAEXAMPLE").doesNotContain("s3cr3t").doesNotContain("tok3n");
  }
}
