package io.tidelake.table.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LastCheckpointTest {

  private static LastCheckpoint parse(String json) {
    return LastCheckpoint.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sparkV2HintWithEmbeddedCheckpointAndSchemaIsRead() throws IOException {
    byte[] content;
    try (InputStream in = getClass().getResourceAsStream("/golden-logs/v2-checkpoint-json/_last_checkpoint")) {
      content = in.readAllBytes();
    }

    LastCheckpoint lc = LastCheckpoint.parse(content);

    assertThat(lc.version()).isEqualTo(2);
    assertThat(lc.size()).isEqualTo(9L);
    assertThat(lc.parts()).isNull();
    assertThat(lc.sizeInBytes()).isEqualTo(19554L);
    assertThat(lc.numOfAddFiles()).isEqualTo(4L);
    assertThat(lc.v2Checkpoint())
        .containsEntry("path", "00000000000000000002.checkpoint.6374b053-df23-479b-b2cf-c9c550132b49.json");
    assertThat((List<?>) lc.v2Checkpoint().get("sidecarFiles")).hasSize(2);
    assertThat((List<?>) lc.v2Checkpoint().get("nonFileActions")).hasSize(3);
  }

  @Test
  void kernelMinimalFormAndMultiPartFormAreRead() {
    assertThat(parse("{\"version\":2,\"size\":9}")).isEqualTo(new LastCheckpoint(2, 9L));
    assertThat(parse("{\"version\":1,\"size\":12,\"parts\":2,\"sizeInBytes\":30499,\"numOfAddFiles\":10,"
            + "\"checkpointSchema\":{\"type\":\"struct\",\"fields\":[]},\"checksum\":\"21fd\"}"))
        .isEqualTo(new LastCheckpoint(1, 12L, 2, 30499L, 10L, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "{\"version\":",
        "not json",
        "[1,2]",
        "{\"size\":3}",
        "{\"version\":-1}",
        "{\"version\":\"x\"}",
        "{\"version\":1}{\"version\":2}",
        "{\"version\":1,\"parts\":99999999999}",
      })
  void emptyOrCorruptContentIsNullNotAnError(String content) {
    assertThat(parse(content)).isNull();
  }

  @Test
  void nullAndEmptyBytesAreNull() {
    assertThat(LastCheckpoint.parse(null)).isNull();
    assertThat(LastCheckpoint.parse(new byte[0])).isNull();
  }

  @Test
  void toJsonRoundTripsAndOmitsAbsentFields() {
    LastCheckpoint minimal = new LastCheckpoint(7, null);
    assertThat(new String(minimal.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"version\":7}");

    LastCheckpoint full =
        new LastCheckpoint(10, 30L, 2, 20573L, 18L, Map.of("path", "p.json", "sizeInBytes", 891L,
            "sidecarFiles", List.of(Map.of("path", "s.parquet"))));
    assertThat(LastCheckpoint.parse(full.toJson())).isEqualTo(full);
    assertThat(new String(full.toJson(), StandardCharsets.UTF_8))
        .startsWith("{\"version\":10,\"size\":30,\"parts\":2,\"sizeInBytes\":20573,\"numOfAddFiles\":18,");
  }
}
