package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.types.SchemaDdl;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown delta.* properties are refused at create, as delta-spark refuses them; known ones are normalized. */
class TablePropertiesTest {
  @TempDir
  Path dir;

  @Test
  void aMisspeltDeltaPropertyIsRefusedWithTheNearestName() {
    String loc = dir.resolve("t").toString();
    assertThatThrownBy(() -> Table.create(loc).schema(SchemaDdl.parse("id long"))
        .property("delta.appendOnlyy", "true").create())
        .isInstanceOf(TidelakeException.class)
        .hasMessageContaining("Unknown Delta table property 'delta.appendOnlyy'")
        .hasMessageContaining("did you mean 'delta.appendOnly'?");
    assertThat(Table.exists(io.tidelake.format.store.ObjectStores.forLocation(loc, Map.of()), loc)).isFalse();
  }

  @Test
  void knownNamesPrefixesAndOwnKeysAreAccepted() {
    String loc = dir.resolve("t").toString();
    try (Table t = Table.create(loc).schema(SchemaDdl.parse("id long"))
        .properties(Map.of("delta.APPENDONLY", "true", "delta.feature.domainMetadata", "supported",
            "myapp.owner", "data-team", "delta.logRetentionDuration", "interval 30 days"))
        .create()) {
      assertThat(t.snapshot().properties()).containsEntry("delta.appendOnly", "true")
          .containsEntry("myapp.owner", "data-team").doesNotContainKey("delta.APPENDONLY");
    }
  }

  @Test
  void closestNeedsToBeClose() {
    assertThat(TableProperties.closest("delta.checkpointIntreval")).isEqualTo("delta.checkpointInterval");
    assertThat(TableProperties.closest("delta.somethingElseEntirely")).isNull();
    assertThat(TableProperties.isAllowed("delta.constraints.positive")).isTrue();
    assertThat(TableProperties.isAllowed("spark.sql.x")).isTrue();
  }
}
