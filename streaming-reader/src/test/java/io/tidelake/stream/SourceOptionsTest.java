package io.tidelake.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta's source options against what the source table's history says each should emit. */
class SourceOptionsTest {
  @TempDir
  Path dir;
  private int runs;

  /** Runs an availableNow query over {@code src} into foreachBatch; returns the rows, in order. */
  private List<Row> drain(TableSource src, String checkpoint) {
    List<Row> out = new ArrayList<>();
    StreamingQuery q = StreamingQuery.from(src).foreachBatch((rows, id) -> out.addAll(rows))
        .checkpointLocation(dir.resolve(checkpoint).toString()).trigger(Trigger.availableNow()).start();
    q.awaitTermination();
    runs++;
    return out;
  }

  private static List<Long> ids(List<Row> rows) {
    return rows.stream().map(r -> r.getLong("id")).sorted().toList();
  }

  @Test
  void aCommitThatRemovesDataStopsTheStreamNamingVersionOperationAndOption() {
    try (Table t = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(t, 0, 2, 10); // v1: ids 0..9, v2: ids 10..19
      assertThat(ids(drain(TableSource.of(t), "cp"))).isEqualTo(StreamFixtures.range(0, 20));
      t.newDelete().where("id < 10").commit(); // v3: removes the whole first file
      assertThatThrownBy(() -> drain(TableSource.of(t), "cp"))
          .isInstanceOfSatisfying(SourceDataRemovedException.class, e -> {
            assertThat(e.version()).isEqualTo(3);
            assertThat(e.operation()).isEqualTo("DELETE");
            assertThat(e.relaxingOption()).isEqualTo("ignoreDeletes");
          })
          .hasMessageContaining("version 3").hasMessageContaining("DELETE").hasMessageContaining("ignoreDeletes");
      // the failed run committed nothing: the same error again, and no new batch
      assertThatThrownBy(() -> drain(TableSource.of(t), "cp")).isInstanceOf(SourceDataRemovedException.class);
      // ignoreDeletes lets it pass; later appends are read
      StreamFixtures.append(t, 20, 1, 5);
      assertThat(ids(drain(TableSource.of(t).ignoreDeletes(), "cp"))).isEqualTo(StreamFixtures.range(20, 25));
    }
  }

  @Test
  void rewritesNeedSkipChangeCommitsOrIgnoreChanges() {
    try (Table t = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(t, 0, 1, 10); // v1: ids 0..9
      drain(TableSource.of(t), "skip");
      drain(TableSource.of(t), "ignore");
      t.newDelete().where("id < 3").commit(); // v2: the file rewritten with ids 3..9 (remove + add)
      StreamFixtures.append(t, 10, 1, 2); // v3
      assertThatThrownBy(() -> drain(TableSource.of(t).ignoreDeletes(), "skip"))
          .isInstanceOfSatisfying(SourceDataRemovedException.class,
              e -> assertThat(e.relaxingOption()).isEqualTo("skipChangeCommits"))
          .hasMessageContaining("version 2");
      // skipChangeCommits: the rewrite's new file is not emitted
      assertThat(ids(drain(TableSource.of(t).skipChangeCommits(), "skip"))).containsExactly(10L, 11L);
      // ignoreChanges: the rewritten rows come again (duplicates downstream, as in Delta)
      assertThat(ids(drain(TableSource.of(t).ignoreChanges(), "ignore")))
          .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }
  }

  @Test
  void compactionCommitsAreSkipped() {
    try (Table t = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(t, 0, 3, 4);
      assertThat(drain(TableSource.of(t), "cp")).hasSize(12);
      List<AddFile> inputs = new ArrayList<>(t.snapshot().files());
      List<Row> all = t.newScan().toList();
      List<AddFile> outputs;
      try (io.tidelake.table.DataWriter w = t.newDataWriter()) {
        outputs = w.writeAll(all.iterator()).finish();
      }
      t.newRewrite().rewriteFiles(inputs, outputs).commit(); // dataChange=false
      StreamFixtures.append(t, 12, 1, 1);
      assertThat(ids(drain(TableSource.of(t), "cp"))).containsExactly(12L);
    }
  }

  @Test
  void startingVersionLatestAndTimestamp() throws Exception {
    Path src = dir.resolve("src");
    try (Table w = StreamFixtures.create(src)) {
      StreamFixtures.append(w, 0, 3, 2); // v1 ids 0,1; v2 ids 2,3; v3 ids 4,5
    }
    // commit times a minute apart: written back to back, the four commits can share a file-time tick,
    // and the resolver then spreads them 1 ms apart past v3's own time, moving "just after v3" before it
    Instant base = Instant.parse("2025-06-01T00:00:00Z");
    for (int v = 0; v <= 3; v++) {
      java.nio.file.Files.setLastModifiedTime(src.resolve("_delta_log").resolve(String.format("%020d.json", v)),
          java.nio.file.attribute.FileTime.from(base.plusSeconds(60L * v)));
    }
    try (Table t = Table.open(src.toString())) {
      assertThat(ids(drain(TableSource.of(t).startingVersion(2), "v2"))).containsExactly(2L, 3L, 4L, 5L);
      assertThat(drain(TableSource.of(t).option("startingVersion", "latest"), "latest")).isEmpty();
      Instant between = base.plusSeconds(180).plusMillis(1);
      assertThat(t.snapshot().timestamp()).isEqualTo(base.plusSeconds(180).toEpochMilli());
      StreamFixtures.append(t, 6, 1, 2); // v4
      assertThat(ids(drain(TableSource.of(t).startingVersionLatest(), "latest"))).containsExactly(6L, 7L);
      assertThat(ids(drain(TableSource.of(t).startingTimestamp(between), "ts"))).containsExactly(6L, 7L);
      // a starting option only applies to a fresh checkpoint: v2's checkpoint continues where it stopped
      assertThat(ids(drain(TableSource.of(t).startingVersion(0), "v2"))).containsExactly(6L, 7L);
      assertThatThrownBy(() -> drain(TableSource.of(t).startingVersion(9), "bad"))
          .isInstanceOf(StreamingException.class).hasMessageContaining("newest version 4");
      assertThatThrownBy(() -> TableSource.of(t).option("maxFilesPerTriger", "3"))
          .isInstanceOf(StreamingException.class).hasMessageContaining("did you mean 'maxFilesPerTrigger'");
    }
  }

  @Test
  void filterAndProjectionArePushedIntoTheScanAndExcludeRegexSkipsFiles() {
    try (Table t = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(t, 0, 4, 5);
      List<Row> rows = drain(TableSource.of(t).where("amount >= 100 AND grp <> 'g0'").select("id", "grp"), "cp");
      assertThat(rows).allSatisfy(r -> assertThat(r.schema().fieldNames()).containsExactly("id", "grp"));
      List<Long> expected = StreamFixtures.rows(0, 20).stream()
          .filter(r -> r.getLong("amount") >= 100 && !r.getString("grp").equals("g0"))
          .map(r -> r.getLong("id")).toList();
      assertThat(ids(rows)).isEqualTo(expected);
      String firstFile = t.snapshotAt(1).files().iterator().next().path();
      List<Row> excluded = drain(TableSource.of(t).excludeRegex(java.util.regex.Pattern.quote(firstFile)), "ex");
      assertThat(ids(excluded)).isEqualTo(StreamFixtures.range(5, 20));
    }
  }

  @Test
  void changeFeedRowsCarryTypeVersionAndTimestamp() {
    try (Table t = Table.create(dir.resolve("cdf").toString()).schema(StreamFixtures.SCHEMA)
        .property("delta.enableChangeDataFeed", "true").create()) {
      StreamFixtures.append(t, 0, 1, 3); // v1: snapshot rows are inserts of version 1
      List<Row> first = drain(TableSource.of(t).readChangeFeed(), "cp");
      assertThat(first).extracting(r -> r.getString("_change_type")).containsOnly("insert");
      assertThat(first).extracting(r -> r.getLong("_commit_version")).containsOnly(1L);
      t.newUpdate().set("amount", "amount + 1").where("id = 1").commit(); // v2
      t.newDelete().where("id = 2").commit(); // v3
      List<Row> changes = drain(TableSource.of(t).readChangeFeed().select("id", "_change_type", "_commit_version"),
          "cp");
      List<String> seen = changes.stream().map(r -> r.getLong(0) + ":" + r.getString(1) + "@" + r.getLong(2))
          .sorted().toList();
      assertThat(seen).containsExactly("1:update_postimage@2", "1:update_preimage@2", "2:delete@3");
      assertThat(TableSource.of(t).readChangeFeed().schema().field("_commit_timestamp").type())
          .isEqualTo(PrimitiveType.TIMESTAMP);
    }
  }

  @Test
  void anAdditiveSchemaChangeStopsARunningStreamAndARestartReadsTheNewColumn() throws Exception {
    try (Table t = StreamFixtures.create(dir.resolve("src"))) {
      StreamFixtures.append(t, 0, 1, 2);
      List<Row> out = java.util.Collections.synchronizedList(new ArrayList<>());
      StreamingQuery q = StreamingQuery.from(TableSource.of(t)).foreachBatch((rows, id) -> out.addAll(rows))
          .checkpointLocation(dir.resolve("cp").toString()).trigger(Trigger.processingTime(java.time.Duration.ZERO))
          .start();
      while (q.lastProgress() == null) {
        Thread.sleep(10);
      }
      t.newSchemaUpdate().addColumn("note", PrimitiveType.STRING).commit(); // v2
      t.newAppend().addRow(Row.of(t.snapshot().schema(), 2L, "g2", 20L, "new")).commit(); // v3
      assertThatThrownBy(q::awaitTermination)
          .isInstanceOfSatisfying(SourceSchemaChangedException.class, e -> assertThat(e.needsRestartOnly()).isTrue())
          .hasMessageContaining("version 2").hasMessageContaining("Restart");
      assertThat(out).hasSize(2);
      List<Row> after = drain(TableSource.of(t), "cp");
      assertThat(after).extracting(r -> r.getString("note")).containsExactly("new");
    }
  }
}
