package io.tidelake.table.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.CheckpointMetadata;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.DeletionVectorDescriptor;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.Format;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.table.actions.Sidecar;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ActionCodecRoundTripTest {
  private final ActionCodec codec = ActionCodec.INSTANCE;

  private static final DeletionVectorDescriptor DV =
      new DeletionVectorDescriptor("u", "h{&8fAg]=QYJvl-}c!yH", 1, 34, 1, 49L);

  private static Map<String, String> nullablePartitions() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("day", "2024-01-01");
    m.put("country", null);
    m.put("empty", "");
    m.put("bin", "\u0001\u0002");
    return m;
  }

  static Stream<Action> everyActionType() {
    return Stream.of(
        new Protocol(1, 2),
        new Protocol(3, 7, Set.of("deletionVectors", "v2Checkpoint"),
            Set.of("deletionVectors", "v2Checkpoint", "appendOnly")),
        new Protocol(1, 7, null, Set.of("domainMetadata")),
        new Metadata("id-1", "t", "a table", new Format("parquet", Map.of("k", "v")),
            "{\"type\":\"struct\",\"fields\":[]}", List.of("day", "country"),
            Map.of("delta.appendOnly", "true"), 1700000000000L),
        new Metadata("id-2", null, null, Format.parquet(), "{}", List.of(), Map.of(), null),
        AddFile.of("day=2024-01-01/f%20x.parquet", nullablePartitions(), 1944, 1636147668000L, true,
            "{\"numRecords\":3,\"minValues\":{\"id\":\"a\\\"b\"}}"),
        new AddFile("g.parquet", Map.of(), Long.MAX_VALUE, 0, false, null, Map.of("ZCUBE_ID", "z1"),
            DV, 100L, 7L, "liquid"),
        new AddFile("h.parquet", Map.of(), 1, 2, true, null, null,
            new DeletionVectorDescriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", null, 40, 6, null),
            null, null, null),
        RemoveFile.of("old.parquet", 1700000000000L, true),
        new RemoveFile("old.parquet", null, false, null, null, null, null, null, null, null, null),
        AddFile.of("p.parquet", nullablePartitions(), 10, 20, true, "{}")
            .withDeletionVector(DV).toRemove(30, true),
        new AddCDCFile("_change_data/cdc-00000.parquet", nullablePartitions(), 55, false, null),
        new AddCDCFile("_change_data/cdc-00001.parquet", Map.of(), 56, false, Map.of("t", "1")),
        new SetTransaction("app-1", 42, 1700000000000L),
        new SetTransaction("app-2", -1, null),
        CommitInfo.builder().timestamp(1L).operation("WRITE")
            .operationParameters(Map.of("mode", "Append")).operationMetrics(Map.of("numFiles", 1))
            .isBlindAppend(true).put("userMetadata", Map.of("x", List.of(1.5, "y"))).build(),
        new DomainMetadata("delta.rowTracking", "{\"rowIdHighWaterMark\":9}", false),
        new DomainMetadata("myApp", "", true),
        new CheckpointMetadata(2, null),
        new CheckpointMetadata(3, Map.of("k", "v")),
        new Sidecar("00000000000000000002.checkpoint.0000000001.0000000002.uuid.parquet", 9367,
            1714496115780L, null),
        new Sidecar("s.parquet", 1, 2, Map.of("k", "v")));
  }

  @ParameterizedTest
  @MethodSource("everyActionType")
  void everyActionSurvivesARoundTripAsOneLine(Action action) {
    String json = codec.toJson(action);

    assertThat(json).doesNotContain("\n").startsWith("{\"").endsWith("}");
    assertThat(codec.parseLine(json)).isEqualTo(action);
    // Writing what we read gives the same bytes: rewrites (checkpoints, log compaction) are stable.
    assertThat(codec.toJson(codec.parseLine(json))).isEqualTo(json);
  }

  @Test
  void addIsWrittenWithProtocolFieldNamesNullPartitionValuesAndNoAbsentFields() {
    Map<String, String> pv = new LinkedHashMap<>();
    pv.put("as_int", null);
    pv.put("as_string", "");
    String json = codec.toJson(AddFile.of("a.parquet", pv, 1944, 1636147668000L, true, null));

    assertThat(json)
        .isEqualTo(
            "{\"add\":{\"path\":\"a.parquet\",\"partitionValues\":{\"as_int\":null,\"as_string\":\"\"},"
                + "\"size\":1944,\"modificationTime\":1636147668000,\"dataChange\":true}}");
  }

  @Test
  void dvAndOptionalFieldsUseTheProtocolNames() {
    String json =
        codec.toJson(new AddFile("g", Map.of(), 1, 2, false, "{}", Map.of("a", "b"), DV, 100L, 7L, "liquid"));

    assertThat(json)
        .isEqualTo(
            "{\"add\":{\"path\":\"g\",\"partitionValues\":{},\"size\":1,\"modificationTime\":2,"
                + "\"dataChange\":false,\"stats\":\"{}\",\"tags\":{\"a\":\"b\"},\"deletionVector\":"
                + "{\"storageType\":\"u\",\"pathOrInlineDv\":\"h{&8fAg]=QYJvl-}c!yH\",\"offset\":1,"
                + "\"sizeInBytes\":34,\"cardinality\":1,\"maxRowIndex\":49},\"baseRowId\":100,"
                + "\"defaultRowCommitVersion\":7,\"clusteringProvider\":\"liquid\"}}");
  }

  @Test
  void protocolAndMetadataLinesMatchWhatSparkWrites() {
    assertThat(codec.toJson(new Protocol(3, 7, Set.of("deletionVectors"), Set.of("deletionVectors"))))
        .isEqualTo("{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,"
            + "\"readerFeatures\":[\"deletionVectors\"],\"writerFeatures\":[\"deletionVectors\"]}}");
    assertThat(codec.toJson(new Protocol(1, 2)))
        .isEqualTo("{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}");
    assertThat(codec.toJson(new Metadata("testId", null, null, null, "{}", List.of(), Map.of(), 5L)))
        .isEqualTo("{\"metaData\":{\"id\":\"testId\",\"format\":{\"provider\":\"parquet\",\"options\":{}},"
            + "\"schemaString\":\"{}\",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":5}}");
  }

  @Test
  void serializeCommitWritesOneLinePerActionWithTrailingNewlineAndParsesBack() throws Exception {
    List<Action> actions = everyActionType().toList();
    byte[] bytes = codec.serializeCommit(actions);
    String text = new String(bytes, StandardCharsets.UTF_8);

    assertThat(text).endsWith("}\n").doesNotStartWith(" ");
    assertThat(text.split("\n", -1)).hasSize(actions.size() + 1); // last element is "" after '\n'
    assertThat(codec.parseCommit(bytes, "v.json")).containsExactlyElementsOf(actions);
    assertThat(codec.parseCommit(new ByteArrayInputStream(bytes), "v.json"))
        .containsExactlyElementsOf(actions);
    assertThat(codec.serializeCommit(List.of())).isEmpty();
  }

  @Test
  void nonAsciiAndControlCharactersRoundTripAsUtf8() {
    AddFile add = AddFile.of("día=ñ/f\tø €.parquet", Map.of("día", "ñ\n😀"), 1, 2, true, null);
    byte[] bytes = codec.serializeCommit(List.of(add));

    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("día=ñ").contains("\\t").contains("\\n");
    assertThat(codec.parseCommit(bytes, "x.json")).containsExactly(add);
  }

  @Test
  void parseCommitSkipsBlankLinesToleratesCrlfAndAMissingFinalNewline() {
    String text = "{\"txn\":{\"appId\":\"a\",\"version\":1}}\r\n\n   \n{\"txn\":{\"appId\":\"b\",\"version\":2}}";
    List<Action> actions = codec.parseCommit(text.getBytes(StandardCharsets.UTF_8), "x.json");

    assertThat(actions)
        .containsExactly(new SetTransaction("a", 1, null), new SetTransaction("b", 2, null));
  }
}
