package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.types.InvalidSchemaException;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomic replace (REPLACE TABLE AS SELECT): one commit with the new definition and rows, history kept,
 * conflicts with concurrent writers, the protocol only upgraded, bad definitions leave nothing.
 */
class ReplaceTableTest {
  static final StructType NEW_SCHEMA = SchemaDdl.parse("key string not null, region string, total long");

  @TempDir Path dir;

  static List<Row> newRows(int n) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Row.of(NEW_SCHEMA, "k" + i, i % 2 == 0 ? "eu" : "us", (long) i * 7));
    }
    return out;
  }

  static TreeSet<String> rendered(Snapshot s) {
    TreeSet<String> out = new TreeSet<>();
    try (CloseableIterator<Row> it = s.newScan().rows()) {
      it.forEachRemaining(r -> out.add(r.toString()));
    }
    return out;
  }

  @Test
  void replacesSchemaPartitioningAndRowsInOneCommitKeepingHistoryAndId() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 50)).commit();
    Snapshot old = t.snapshot();
    TreeSet<String> oldRows = rendered(old);

    List<Row> rows = newRows(40);
    CommitResult r = t.newReplace().schema(NEW_SCHEMA).partitionBy("region").property("owner", "ops")
        .description("rebuilt").addRows(rows).commit();

    Snapshot now = t.snapshot();
    assertThat(r.version()).isEqualTo(old.version() + 1);
    assertThat(now.schema()).isEqualTo(NEW_SCHEMA);
    assertThat(now.partitionColumns()).containsExactly("region");
    assertThat(now.properties()).containsEntry("owner", "ops");
    assertThat(now.metadata().id()).isEqualTo(old.metadata().id());
    assertThat(now.metadata().description()).isEqualTo("rebuilt");
    TreeSet<String> expected = new TreeSet<>();
    rows.forEach(x -> expected.add(x.toString()));
    assertThat(rendered(now)).isEqualTo(expected);
    // the old table is still there for time travel
    assertThat(rendered(t.snapshotAt(old.version()))).isEqualTo(oldRows);
    assertThat(t.snapshotAt(old.version()).schema()).isEqualTo(TestTables.SCHEMA);

    HistoryEntry h = t.history().get(0);
    assertThat(h.operation()).isEqualTo("REPLACE TABLE AS SELECT");
    assertThat(h.operationParameters()).containsEntry("partitionBy", "[\"region\"]").containsEntry("isManaged", "false");
    assertThat(h.operationMetrics()).containsEntry("numOutputRows", "40")
        .containsEntry("numRemovedFiles", String.valueOf(old.numFiles()));
    // nothing unreferenced: the new files are live, the old ones tombstones
    assertThat(TestTables.dataFiles(dir)).containsExactlyInAnyOrderElementsOf(TestTables.referencedFiles(t));
  }

  @Test
  void replaceWithoutRowsEmptiesTheTable() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 10)).commit();
    t.newReplace().schema(NEW_SCHEMA).commit();
    assertThat(t.snapshot().numFiles()).isZero();
    assertThat(t.snapshot().partitionColumns()).isEmpty();
    assertThat(t.history().get(0).operation()).isEqualTo("REPLACE TABLE");
  }

  @Test
  void conflictsWithAConcurrentAppendAndLeavesNothingBehind() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 10)).commit();
    ReplaceTable replace = t.newReplace().schema(NEW_SCHEMA).addRows(newRows(5));
    t.newAppend().addRows(TestTables.rows(100, 3)).commit(); // lands first, in a partition of its own choosing
    Snapshot before = t.snapshot();
    assertThatThrownBy(replace::commit).isInstanceOf(ConflictException.class);
    assertThat(t.snapshot().version()).isEqualTo(before.version());
    assertThat(t.snapshot().schema()).isEqualTo(TestTables.SCHEMA);
    assertThat(TestTables.dataFiles(dir)).containsExactlyInAnyOrderElementsOf(TestTables.referencedFiles(t));
  }

  @Test
  void conflictsWithAConcurrentDeleteAndPropertiesChange() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 10)).commit();
    ReplaceTable afterDelete = t.newReplace().schema(NEW_SCHEMA).addRows(newRows(2));
    ReplaceTable afterProps = t.newReplace().schema(NEW_SCHEMA);
    t.newDelete().where("id < 5").commit();
    assertThatThrownBy(afterDelete::commit).isInstanceOf(ConflictException.class);
    t.newPropertiesUpdate().set("owner", "x").commit();
    ReplaceTable stale = afterProps;
    assertThatThrownBy(stale::commit).isInstanceOf(ConflictException.class);
  }

  @Test
  void upgradesTheProtocolForWhatTheNewDefinitionNeedsAndNeverDowngrades() {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA).property("delta.enableDeletionVectors", "true").create();
    t.newAppend().addRows(TestTables.rows(0, 5)).commit();
    assertThat(t.snapshot().protocol().supportsWriterFeature("deletionVectors")).isTrue();
    StructType ntz = SchemaDdl.parse("id long, at timestamp_ntz");
    t.newReplace().schema(ntz).property("delta.enableChangeDataFeed", "true")
        .addRow(Row.of(ntz, 1L, java.time.LocalDateTime.of(2025, 1, 1, 10, 0))).commit();
    var p = t.snapshot().protocol();
    assertThat(p.supportsWriterFeature("timestampNtz")).isTrue();
    assertThat(p.supportsWriterFeature("changeDataFeed")).isTrue();
    assertThat(p.supportsWriterFeature("deletionVectors")).isTrue(); // kept, though no longer enabled
    assertThat(p.readerFeatures()).contains("timestampNtz", "deletionVectors");
    assertThat(t.snapshot().properties()).doesNotContainKey("delta.enableDeletionVectors");
  }

  @Test
  void badDefinitionIsTypedAndLeavesTheTableUnchanged() {
    Table t = TestTables.create(dir);
    t.newAppend().addRows(TestTables.rows(0, 10)).commit();
    long v = t.snapshot().version();
    assertThatThrownBy(() -> t.newReplace().schema(NEW_SCHEMA).partitionBy("nope").addRows(newRows(3)).commit())
        .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> t.newReplace().addRows(newRows(3)))
        .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("schema(");
    // a row that does not fit the new schema: typed, and the files written before it are gone
    List<Row> rows = new ArrayList<>(newRows(3));
    rows.add(Row.of(TestTables.SCHEMA, 1L, null, "DE", 1.0));
    assertThatThrownBy(() -> t.newReplace().schema(NEW_SCHEMA).addRows(rows).commit())
        .isInstanceOf(io.tidelake.format.TidelakeException.class);
    assertThat(t.snapshot().version()).isEqualTo(v);
    assertThat(TestTables.dataFiles(dir)).containsExactlyInAnyOrderElementsOf(TestTables.referencedFiles(t));
  }

  @Test
  void txnMakesAReplaceIdempotent() {
    Table t = TestTables.create(dir);
    t.newReplace().schema(NEW_SCHEMA).addRows(newRows(4)).txn("rebuild", 1).commit();
    long v = t.snapshot().version();
    CommitResult again = t.newReplace().schema(NEW_SCHEMA).addRows(newRows(9)).txn("rebuild", 1).commit();
    assertThat(again.version()).isEqualTo(v);
    assertThat(rendered(t.snapshot())).hasSize(4);
    assertThat(TestTables.dataFiles(dir)).containsExactlyInAnyOrderElementsOf(TestTables.referencedFiles(t));
  }
}
