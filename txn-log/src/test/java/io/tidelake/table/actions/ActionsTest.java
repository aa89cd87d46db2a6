package io.tidelake.table.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionsTest {
  private static final DeletionVectorDescriptor DV =
      new DeletionVectorDescriptor("u", "h{&8fAg]=QYJvl-}c!yH", 1, 34, 1, 49L);

  private static Map<String, String> partition(String key, String value) {
    Map<String, String> m = new HashMap<>();
    m.put(key, value);
    return m;
  }

  @Test
  void toRemoveCarriesEverythingAReaderOfTheTombstoneNeeds() {
    AddFile add =
        new AddFile(
            "day=2024-01-01/part-0.parquet", partition("day", "2024-01-01"), 123, 1000, true,
            "{\"numRecords\":5}", Map.of("INSERTION_TIME", "1"), DV, 10L, 3L, "liquid");

    RemoveFile remove = add.toRemove(5000, false);

    assertThat(remove)
        .isEqualTo(
            new RemoveFile(
                "day=2024-01-01/part-0.parquet", 5000L, false, true,
                Map.of("day", "2024-01-01"), 123L, "{\"numRecords\":5}",
                Map.of("INSERTION_TIME", "1"), DV, 10L, 3L));
    assertThat(FileKey.of(remove)).isEqualTo(FileKey.of(add));
  }

  @Test
  void withDataChangeOnlyFlipsTheFlag() {
    AddFile add = AddFile.of("a.parquet", Map.of(), 1, 2, true, null).withDeletionVector(DV);
    AddFile rewritten = add.withDataChange(false);

    assertThat(rewritten.dataChange()).isFalse();
    assertThat(rewritten.withDataChange(true)).isEqualTo(add);
    assertThat(add.withDataChange(true)).isSameAs(add);
  }

  @Test
  void deletionVectorUniqueIdAppendsOffsetOnlyWhenPresent() {
    assertThat(DV.uniqueId()).isEqualTo("uh{&8fAg]=QYJvl-}c!yH@1");
    DeletionVectorDescriptor inline =
        new DeletionVectorDescriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", null, 40, 6, null);
    assertThat(inline.uniqueId()).isEqualTo("iwi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L");
  }

  @Test
  void fileKeyDistinguishesTheSamePathWithDifferentVectors() {
    AddFile plain = AddFile.of("f.parquet", Map.of(), 1, 2, true, null);
    AddFile withDv = plain.withDeletionVector(DV);

    assertThat(FileKey.of(plain)).isEqualTo(new FileKey("f.parquet", null));
    assertThat(FileKey.of(withDv)).isEqualTo(new FileKey("f.parquet", "uh{&8fAg]=QYJvl-}c!yH@1"));
    assertThat(FileKey.of(withDv)).isNotEqualTo(FileKey.of(plain));
  }

  @Test
  void partitionValuesMayHoldNullAndCopiesAreDefensiveAndUnmodifiable() {
    Map<String, String> values = partition("p", null);
    AddFile add = AddFile.of("f", values, 1, 2, true, null);
    values.put("p", "changed");

    assertThat(add.partitionValues()).containsEntry("p", null);
    assertThatThrownBy(() -> add.partitionValues().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void metadataKeepsConfigurationOrderAndDefaultsMissingParts() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("z.last", "1");
    conf.put("a.first", "2");
    conf.put("m.middle", "3");
    List<String> parts = new ArrayList<>(List.of("b", "a"));
    Metadata m = new Metadata("id", null, null, null, "{}", parts, conf, null);
    parts.add("c");

    assertThat(m.configuration().keySet()).containsExactly("z.last", "a.first", "m.middle");
    assertThat(m.partitionColumns()).containsExactly("b", "a");
    assertThat(m.format()).isEqualTo(new Format("parquet", Map.of()));
    assertThatThrownBy(() -> m.configuration().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new Metadata("id", null, null, null, null, null, null, null).configuration()).isEmpty();
    assertThat(m.withConfiguration(Map.of("k", "v")).configuration()).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void protocolFeatureSetsAreSortedAndExplicitListsDecideForTableFeatureVersions() {
    Protocol p = new Protocol(3, 7, Set.of("v2Checkpoint", "deletionVectors"),
        Set.of("v2Checkpoint", "invariants", "appendOnly", "deletionVectors"));

    assertThat(p.readerFeatures()).containsExactly("deletionVectors", "v2Checkpoint");
    assertThat(p.writerFeatures())
        .containsExactly("appendOnly", "deletionVectors", "invariants", "v2Checkpoint");
    assertThat(p.supportsReaderFeature("deletionVectors")).isTrue();
    assertThat(p.supportsReaderFeature("columnMapping")).isFalse();
    assertThat(p.supportsWriterFeature("appendOnly")).isTrue();
    assertThat(p.supportsWriterFeature("changeDataFeed")).isFalse();
  }

  @Test
  void legacyProtocolVersionsImplyTheirFeatures() {
    Protocol p12 = new Protocol(1, 2);
    assertThat(p12.readerFeatures()).isNull();
    assertThat(p12.supportsWriterFeature("appendOnly")).isTrue();
    assertThat(p12.supportsWriterFeature("invariants")).isTrue();
    assertThat(p12.supportsWriterFeature("checkConstraints")).isFalse();
    assertThat(p12.supportsReaderFeature("columnMapping")).isFalse();

    Protocol p25 = new Protocol(2, 5);
    assertThat(p25.supportsReaderFeature("columnMapping")).isTrue();
    assertThat(p25.supportsWriterFeature("columnMapping")).isTrue();
    assertThat(p25.supportsWriterFeature("changeDataFeed")).isTrue();
    assertThat(p25.supportsWriterFeature("identityColumns")).isFalse();
    assertThat(p25.supportsWriterFeature("deletionVectors")).isFalse();

    // writer 7 without listing appendOnly does NOT support it: the list is authoritative.
    assertThat(new Protocol(1, 7, null, Set.of("domainMetadata")).supportsWriterFeature("appendOnly"))
        .isFalse();
  }

  @Test
  void protocolRejectsVersionZero() {
    assertThatThrownBy(() -> new Protocol(0, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commitInfoBuilderWritesSparkKeyOrderAndStringMetrics() {
    CommitInfo ci =
        CommitInfo.builder()
            .txnId("t-1")
            .engineInfo("Tidelake/0.1")
            .operationMetrics(Map.of("numFiles", 3L))
            .isBlindAppend(true)
            .isolationLevel("Serializable")
            .readVersion(4)
            .operationParameters(partition("mode", "Append"))
            .operation("WRITE")
            .timestamp(1700000000000L)
            .inCommitTimestamp(1700000000001L)
            .build();

    assertThat(ci.values().keySet())
        .containsExactly(
            "inCommitTimestamp", "timestamp", "operation", "operationParameters", "readVersion",
            "isolationLevel", "isBlindAppend", "operationMetrics", "engineInfo", "txnId");
    assertThat(ci.operationMetrics()).containsExactly(Map.entry("numFiles", "3"));
    assertThat(ci.get("operationMetrics")).isEqualTo(Map.of("numFiles", "3"));
    assertThat(ci.timestamp()).isEqualTo(1700000000000L);
    assertThat(ci.inCommitTimestamp()).isEqualTo(1700000000001L);
    assertThat(ci.readVersion()).isEqualTo(4L);
    assertThat(ci.isBlindAppend()).isTrue();
    assertThat(ci.operation()).isEqualTo("WRITE");
    assertThat(ci.isolationLevel()).isEqualTo("Serializable");
    assertThat(ci.txnId()).isEqualTo("t-1");
    assertThat(ci.engineInfo()).isEqualTo("Tidelake/0.1");
  }

  @Test
  void commitInfoNormalisesNumbersAndRendersNonStringParametersAsJson() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("version", 1); // Integer
    params.put("timestamp", null);
    params.put("nested", Map.of("a", List.of(1, true)));
    params.put("mode", "Append");
    CommitInfo ci = new CommitInfo(Map.of("operationParameters", params, "timestamp", 5));

    assertThat(ci.timestamp()).isEqualTo(5L);
    assertThat(ci.operationParameters())
        .containsEntry("version", "1")
        .containsEntry("timestamp", null)
        .containsEntry("nested", "{\"a\":[1,true]}")
        .containsEntry("mode", "Append");
    assertThat(ci.operationMetrics()).isNull();
    assertThat(ci.readVersion()).isNull();
    assertThatThrownBy(() -> new CommitInfo(Map.of("x", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("commitInfo.x");
  }

  @Test
  void domainMetadataKnowsSystemDomains() {
    assertThat(new DomainMetadata("delta.rowTracking", "{}", false).isSystemDomain()).isTrue();
    assertThat(new DomainMetadata("myApp", "{}", false).isSystemDomain()).isFalse();
  }
}
