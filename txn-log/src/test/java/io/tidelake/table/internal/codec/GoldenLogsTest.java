package io.tidelake.table.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.CheckpointMetadata;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.FileKey;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.Sidecar;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real logs written by delta-spark / Databricks (see src/test/resources/golden-logs/README.txt). */
class GoldenLogsTest {
  private final ActionCodec codec = ActionCodec.INSTANCE;

  private List<Action> parse(String resource) throws IOException {
    try (InputStream in = GoldenLogsTest.class.getResourceAsStream("/golden-logs/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      return codec.parseCommit(in, resource);
    }
  }

  private static <T extends Action> List<T> only(List<Action> actions, Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void partitionValuesTableHasNullAndLiteralNullStringPartitions() throws IOException {
    List<Action> actions = parse("data-reader-partition-values/00000000000000000000.json");

    assertThat(actions).hasSize(6);
    List<AddFile> adds = only(actions, AddFile.class);
    assertThat(adds).hasSize(3);
    AddFile allNull = adds.get(1);
    assertThat(allNull.partitionValues()).hasSize(12).containsEntry("as_int", null);
    assertThat(allNull.partitionValues().values()).containsOnlyNulls();
    assertThat(adds.get(0).partitionValues())
        .containsEntry("as_string_lit_null", "null")
        .containsEntry("as_timestamp", "2021-09-08 11:11:11")
        .containsEntry("as_float", "0.0");
    assertThat(adds.get(0).path()).contains("as_timestamp=2021-09-08%2011%253A11%253A11/");
    assertThat(adds.get(0).size()).isEqualTo(1944);
    assertThat(adds.get(0).stats()).isNull();

    assertThat(only(actions, Protocol.class)).containsExactly(new Protocol(1, 2));
    Metadata metadata = only(actions, Metadata.class).get(0);
    assertThat(metadata.id()).isEqualTo("testId");
    assertThat(metadata.partitionColumns()).hasSize(12).startsWith("as_int", "as_long");

    CommitInfo ci = only(actions, CommitInfo.class).get(0);
    assertThat(ci.operation()).isEqualTo("WRITE");
    assertThat(ci.timestamp()).isEqualTo(1636147668568L);
    assertThat(ci.operationMetrics()).containsEntry("numFiles", "3");
    assertThat(ci.operationParameters().get("partitionBy")).startsWith("[\"as_int\",");
  }

  @Test
  void dvUpdateIsAnAddWithTheNewVectorAndARemoveWithTheOld() throws IOException {
    List<Action> actions = parse("log-replay-dv-key-cases/00000000000000000002.json");

    assertThat(actions).hasSize(3);
    AddFile add = only(actions, AddFile.class).get(0);
    RemoveFile remove = only(actions, RemoveFile.class).get(0);
    assertThat(add.deletionVector().cardinality()).isEqualTo(2);
    assertThat(add.deletionVector().storageType()).isEqualTo("u");
    assertThat(add.deletionVector().offset()).isEqualTo(1);
    assertThat(add.deletionVector().sizeInBytes()).isEqualTo(36);
    assertThat(remove.deletionVector().cardinality()).isEqualTo(1);
    assertThat(remove.extendedFileMetadata()).isTrue();
    assertThat(remove.size()).isEqualTo(765L);
    assertThat(remove.stats()).isEqualTo("{\"numRecords\":50}");
    assertThat(add.path()).isEqualTo(remove.path());
    assertThat(FileKey.of(add)).isNotEqualTo(FileKey.of(remove));
    assertThat(FileKey.of(remove).dvUniqueId()).isEqualTo("uh{&8fAg]=QYJvl-}c!yH@1");

    CommitInfo ci = only(actions, CommitInfo.class).get(0);
    assertThat(ci.operation()).isEqualTo("DELETE");
    assertThat(ci.readVersion()).isEqualTo(1L);
    assertThat(ci.isBlindAppend()).isFalse();
    assertThat(ci.operationMetrics()).containsEntry("numDeletionVectorsUpdated", "1");
  }

  @Test
  void v2JsonCheckpointHoldsCheckpointMetadataAndSidecars() throws IOException {
    List<Action> actions =
        parse("v2-checkpoint-json/00000000000000000002.checkpoint.6374b053-df23-479b-b2cf-c9c550132b49.json");

    assertThat(actions).hasSize(5);
    assertThat(actions.get(0)).isEqualTo(new CheckpointMetadata(2, null));
    List<Sidecar> sidecars = only(actions, Sidecar.class);
    assertThat(sidecars).hasSize(2);
    assertThat(sidecars.get(0).sizeInBytes()).isEqualTo(9367);
    assertThat(sidecars.get(0).path()).startsWith("00000000000000000002.checkpoint.0000000001.0000000002.");
    Protocol protocol = only(actions, Protocol.class).get(0);
    assertThat(protocol.supportsReaderFeature("v2Checkpoint")).isTrue();
    assertThat(protocol.writerFeatures()).containsExactly("appendOnly", "invariants", "v2Checkpoint");
    assertThat(only(actions, Metadata.class).get(0).configuration())
        .containsEntry("delta.checkpointPolicy", "v2");
  }

  @Test
  void restoreCommitKeepsNumericAndNullOperationParameters() throws IOException {
    List<Action> actions = parse("basic-with-inserts-overwrite-restore/00000000000000000003.json");

    CommitInfo ci = only(actions, CommitInfo.class).get(0);
    assertThat(ci.operation()).isEqualTo("RESTORE");
    assertThat(((Map<?, ?>) ci.get("operationParameters")).get("version")).isEqualTo(1L);
    assertThat(ci.operationParameters()).containsEntry("version", "1").containsEntry("timestamp", null);
    assertThat(codec.parseLine(codec.toJson(ci))).isEqualTo(ci);
    assertThat(codec.toJson(ci)).contains("\"operationParameters\":{\"version\":1,\"timestamp\":null}");
  }

  @Test
  void databricksCommitInfoKeepsUnknownKeysInOrderThroughARewrite() throws IOException {
    List<Action> actions = parse("checkpoints_vacuumed/00000000000000000005.json");

    CommitInfo ci = only(actions, CommitInfo.class).get(0);
    assertThat(ci.values().keySet())
        .containsExactly("timestamp", "userId", "userName", "operation", "operationParameters",
            "notebook", "clusterId", "readVersion", "isolationLevel", "isBlindAppend", "operationMetrics");
    assertThat(ci.get("notebook")).isEqualTo(Map.of("notebookId", "746418"));
    assertThat(ci.readVersion()).isEqualTo(4L);
    AddFile add = only(actions, AddFile.class).get(0);
    assertThat(add.partitionValues()).containsExactly(Map.entry("date", "2020-06-01"));
  }

  @Test
  void goldenCommitsSurviveARewrite() throws IOException {
    // The rewrite of a real line must parse back to the same action; this protects checkpoints and
    // V2 JSON checkpoints written from replayed state.
    for (String resource :
        List.of(
            "data-reader-partition-values/00000000000000000000.json",
            "log-replay-dv-key-cases/00000000000000000002.json",
            "basic-with-inserts-overwrite-restore/00000000000000000003.json",
            "checkpoints_vacuumed/00000000000000000005.json")) {
      List<Action> actions = parse(resource);
      assertThat(codec.parseCommit(codec.serializeCommit(actions), resource))
          .as(resource)
          .containsExactlyElementsOf(actions);
    }
  }
}
