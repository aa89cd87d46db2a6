package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.table.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A spilled MERGE against the same MERGE held in memory: the matched updates' source rows go to disk
 * with the rest (the table and its change feed come out the same, copy-on-write and deletion vectors),
 * and the source's key ranges, gathered while spilling, still prune the target (the same files touched,
 * and an append racing into a partition it did not read still commits).
 */
class MergeSpillTest {
  static final io.tidelake.format.types.StructType SCHEMA = MergeExecutionTest.SCHEMA;

  @TempDir Path dir;

  Table table(String name, boolean dv) {
    Table t = Table.create(dir.resolve(name).toString()).schema(SCHEMA).partitionBy("date")
        .property("delta.enableDeletionVectors", String.valueOf(dv)).property("delta.enableChangeDataFeed", "true")
        .create();
    for (int d = 0; d < 10; d++) {
      for (int half = 0; half < 2; half++) { // two files per partition, ids d*100 + [0,50) and [50,100)
        List<Row> rows = new ArrayList<>();
        for (int i = half * 50; i < half * 50 + 50; i++) {
          rows.add(Row.of(SCHEMA, (long) d * 100 + i, MergeExecutionTest.day(d), i % 7));
        }
        t.newAppend().addRows(rows).commit();
      }
    }
    return t;
  }

  /** Rows of the table and of the MERGE's change feed, as sorted text. */
  static List<String> contents(Table t, MergeResult r) {
    List<String> out = new ArrayList<>(t.newScan().toList().stream().map(Row::toString).sorted().toList());
    t.changeFeed(r.version(), r.version()).toList().stream()
        .map(c -> c.get("id") + "|" + c.get("date") + "|" + c.get("v") + "|" + c.get("_change_type")).sorted()
        .forEach(out::add);
    return out;
  }

  @ParameterizedTest(name = "dv={0}")
  @ValueSource(booleans = {false, true})
  void matchedUpdatesOfASpilledSourceGiveTheRowsAndChangeFeedOfAnInMemoryOne(boolean dv) throws Exception {
    List<Row> source = new ArrayList<>();
    for (int i = 0; i < 2000; i++) { // every target id matched once (updated or deleted), 1000 inserts
      source.add(Row.of(SCHEMA, (long) (i * 7 % 2000), MergeExecutionTest.day(i * 7 % 2000 / 100 % 10), i));
    }
    List<List<String>> contents = new ArrayList<>();
    List<MergeResult> results = new ArrayList<>();
    for (boolean spilled : new boolean[] {false, true}) {
      Table t = table((spilled ? "spilled-" : "memory-") + dv, dv);
      Merge m = Merge.into(t).using(SCHEMA, source).on("t.id = s.id AND t.date = s.date")
          .whenMatched("s.v % 5 = 0").delete()
          .whenMatched("t.v > 3").update(Map.of("v", "s.v + t.v"))
          .whenMatched().updateAll()
          .whenNotMatched().insertAll();
      if (spilled) {
        m = m.memoryBudget(20_000).spillDirectory(dir.resolve("spill"));
      }
      MergeResult r = m.execute();
      results.add(r);
      contents.add(contents(t, r));
    }
    MergeResult memory = results.get(0);
    MergeResult spilled = results.get(1);
    assertThat(spilled.metric("sourceSpillPasses")).isGreaterThan(2);
    assertThat(memory.metric("sourceSpillPasses")).isZero();
    assertThat(memory.numTargetRowsUpdated()).isEqualTo(800);
    assertThat(memory.numTargetRowsDeleted()).isEqualTo(200);
    for (String metric : List.of("numSourceRows", "numTargetRowsInserted", "numTargetRowsUpdated",
        "numTargetRowsMatchedUpdated", "numTargetRowsDeleted", "numTargetRowsCopied", "numTargetFilesRemoved",
        "numTargetDeletionVectorsAdded")) { // files added depend on which worker thread wrote what
      assertThat(spilled.metric(metric)).as(metric).isEqualTo(memory.metric(metric));
    }
    assertThat(contents.get(1)).isEqualTo(contents.get(0));
    try (Stream<Path> left = Files.list(dir.resolve("spill"))) {
      assertThat(left.toList()).as("spill and matched-row run files are deleted").isEmpty();
    }
  }

  @ParameterizedTest(name = "dv={0}")
  @ValueSource(booleans = {false, true})
  void aSpilledSelectiveMergeStillPrunesByTheSourceKeys(boolean dv) {
    List<Row> source = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // ids 300..339: the first file of partition 3 only
      source.add(Row.of(SCHEMA, 300L + i, MergeExecutionTest.day(3), 100));
    }
    List<MergeResult> results = new ArrayList<>();
    for (boolean spilled : new boolean[] {false, true}) {
      Table t = table((spilled ? "sel-spilled-" : "sel-memory-") + dv, dv);
      Table other = Table.open(t.location());
      long before = t.snapshot().version();
      // the append into partition 8 lands while the MERGE reads its source: outside what it read, so it commits
      Merge m = Merge.into(t).using(SCHEMA, MergeExecutionTest.racing(source, () -> other.newAppend()
              .addRows(List.of(Row.of(SCHEMA, 5000L, MergeExecutionTest.day(8), 1))).commit()))
          .on("t.id = s.id AND t.date = s.date").whenMatched().updateAll();
      if (spilled) {
        m = m.memoryBudget(500).spillDirectory(dir.resolve("spill"));
      }
      MergeResult r = m.execute();
      assertThat(r.version()).isEqualTo(before + 2);
      assertThat(t.newScan().where("v = 100").count()).isEqualTo(40);
      results.add(r);
    }
    assertThat(results.get(1).metric("sourceSpillPasses")).isGreaterThan(1);
    String touched = dv ? "numTargetDeletionVectorsAdded" : "numTargetFilesRemoved";
    assertThat(results.get(0).metric(touched)).isEqualTo(1);
    assertThat(results.get(1).metric(touched)).isEqualTo(results.get(0).metric(touched));
  }
}
