package io.tidelake.table.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.actions.CommitInfo;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitInfoCodecTest {
  private final ActionCodec codec = ActionCodec.INSTANCE;

  @Test
  void unknownKeysNestedValuesAndKeyOrderSurviveARoundTripByteForByte() {
    String line =
        "{\"commitInfo\":{\"inCommitTimestamp\":1700000000001,\"timestamp\":1700000000000,"
            + "\"userId\":\"100011\",\"operation\":\"MERGE\",\"operationParameters\":{\"predicate\":"
            + "\"[\\\"(id = 1)\\\"]\",\"matchedPredicates\":[{\"actionType\":\"update\"}],\"version\":1,"
            + "\"timestamp\":null,\"nested\":{\"a\":{\"b\":[1,2.5,true,null,\"x\"]}}},"
            + "\"notebook\":{\"notebookId\":\"746418\"},\"readVersion\":4,\"isBlindAppend\":false,"
            + "\"operationMetrics\":{\"numTargetRowsUpdated\":\"1\"},\"huge\":123456789012345678901234567890,"
            + "\"ratio\":0.25,\"tags\":[],\"empty\":{},\"txnId\":\"t\"}}";

    CommitInfo ci = (CommitInfo) codec.parseLine(line);

    assertThat(codec.toJson(ci)).isEqualTo(line);
    assertThat(ci.values().keySet())
        .containsExactly("inCommitTimestamp", "timestamp", "userId", "operation", "operationParameters",
            "notebook", "readVersion", "isBlindAppend", "operationMetrics", "huge", "ratio", "tags",
            "empty", "txnId");
    assertThat(ci.get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(ci.get("ratio")).isEqualTo(0.25);
    assertThat(ci.inCommitTimestamp()).isEqualTo(1700000000001L);
    assertThat(ci.isBlindAppend()).isFalse();
    assertThat(ci.operationParameters())
        .containsEntry("predicate", "[\"(id = 1)\"]")
        .containsEntry("matchedPredicates", "[{\"actionType\":\"update\"}]")
        .containsEntry("version", "1")
        .containsEntry("timestamp", null)
        .containsEntry("nested", "{\"a\":{\"b\":[1,2.5,true,null,\"x\"]}}");
    assertThat(ci.operationMetrics()).containsExactly(Map.entry("numTargetRowsUpdated", "1"));
  }

  @Test
  void wrongTypesForWellKnownKeysReadAsAbsentBecauseCommitInfoIsInformational() {
    CommitInfo ci =
        (CommitInfo) codec.parseLine(
            "{\"commitInfo\":{\"timestamp\":\"yesterday\",\"operation\":7,\"operationParameters\":[1],"
                + "\"isBlindAppend\":\"true\",\"readVersion\":null}}");

    assertThat(ci.timestamp()).isNull();
    assertThat(ci.operation()).isNull();
    assertThat(ci.operationParameters()).isNull();
    assertThat(ci.isBlindAppend()).isNull();
    assertThat(ci.readVersion()).isNull();
    assertThat(ci.values()).containsEntry("readVersion", null).containsEntry("operationParameters", List.of(1L));
  }

  @Test
  void builtCommitInfoEqualsItselfAfterARoundTrip() {
    CommitInfo built =
        CommitInfo.builder().timestamp(1).operation("WRITE")
            .operationParameters(Map.of("mode", "Append"))
            .operationMetrics(Map.of("numFiles", 2, "numOutputRows", 10L))
            .put("userMetadata", Map.of("list", List.of(1, 2.5f, "x")))
            .build();

    String json = codec.toJson(built);

    assertThat(codec.parseLine(json)).isEqualTo(built);
    assertThat(json).contains("\"operationMetrics\":{").contains("\"numFiles\":\"2\"")
        .contains("\"numOutputRows\":\"10\"");
  }
}
