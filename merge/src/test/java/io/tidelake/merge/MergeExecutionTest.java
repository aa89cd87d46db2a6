package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ConflictException;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning by the source's keys, a table scan as the source, and the read set under concurrency: a MERGE
 * racing an append into a partition it did not read commits; one racing a change to what it read fails
 * with a typed conflict and leaves nothing.
 */
class MergeExecutionTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long, date date, v int");

  @TempDir Path dir;

  /** 10 date partitions, 100 rows each (ids d*100 .. d*100+99), one file each. */
  Table partitioned(String name) {
    Table t = Table.create(dir.resolve(name).toString()).schema(SCHEMA).partitionBy("date").create();
    for (int d = 0; d < 10; d++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        rows.add(Row.of(SCHEMA, (long) d * 100 + i, day(d), 0));
      }
      t.newAppend().addRows(rows).commit();
    }
    return t;
  }

  /**
   * The source's key range is ordered as the pruning predicate is evaluated (strings by code point): with
   * keys U+FFFF and U+1F600, UTF-16 order would make the range empty and prune the file holding both,
   * turning the two updates into duplicate inserts.
   */
  @Test
  void stringKeyRangesUseCodePointOrder() {
    StructType schema = SchemaDdl.parse("k string, v int");
    try (Table t = Table.create(dir.resolve("cp").toString()).schema(schema).create()) {
      t.newAppend().addRows(List.of(Row.of(schema, "\uFFFF", 0), Row.of(schema, "\uD83D\uDE00", 0))).commit();
      MergeResult r = Merge.into(t).using(MergeSource.of(schema,
              List.of(Row.of(schema, "\uFFFF", 1), Row.of(schema, "\uD83D\uDE00", 1))))
          .on("t.k = s.k").whenMatched().updateAll().whenNotMatched().insertAll().execute();
      assertThat(r.numTargetRowsUpdated()).isEqualTo(2);
      assertThat(r.numTargetRowsInserted()).isZero();
      assertThat(t.newScan().count()).isEqualTo(2);
    }
  }

  static LocalDate day(int d) {
    return LocalDate.of(2025, 1, 1 + d);
  }

  static List<Row> updatesIn(int d, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Row.of(SCHEMA, (long) d * 100 + i, day(d), 1));
    }
    return rows;
  }

  /**
   * A source 100 times the memory budget is spilled and joined in several partition batches; the table,
   * the change feed and delta-spark's metrics equal those of the same MERGE run in memory.
   */
  @Test
  void aSpilledSourceGivesTheSameResultAsAnInMemoryOne() {
    List<Row> source = new ArrayList<>();
    for (int i = 0; i < 3000; i++) { // updates ids 0..999 (and deletes the odd ones of day 3), inserts the rest
      source.add(Row.of(SCHEMA, (long) (i * 7 % 3000), day(i % 10), i));
    }
    List<MergeResult> results = new ArrayList<>();
    List<List<String>> contents = new ArrayList<>();
    for (boolean spilled : new boolean[] {false, true}) {
      Table t = partitioned(spilled ? "spilled" : "memory");
      t.newPropertiesUpdate().set("delta.enableChangeDataFeed", "true").commit();
      Merge m = Merge.into(t).using(SCHEMA, source).on("t.id = s.id")
          .whenMatched("t.date = DATE'2025-01-04' AND t.id % 2 = 1").delete()
          .whenMatched().update(java.util.Map.of("v", "s.v"))
          .whenNotMatched("s.v % 5 != 0").insertAll();
      if (spilled) {
        m = m.memoryBudget(3000 * 150 / 100).spillDirectory(dir.resolve("spill"));
      }
      MergeResult r = m.execute();
      results.add(r);
      List<String> rows = new ArrayList<>(t.newScan().toList().stream().map(Row::toString).sorted().toList());
      t.changeFeed(r.version(), r.version()).toList().stream()
          .map(c -> c.get("id") + "|" + c.get("date") + "|" + c.get("v") + "|" + c.get("_change_type")).sorted()
          .forEach(rows::add);
      contents.add(rows);
    }
    assertThat(results.get(1).metric("sourceSpillPasses")).isGreaterThan(1);
    assertThat(results.get(1).metric("sourceSpillBytes")).isGreaterThan(3000L * 8);
    assertThat(results.get(0).metric("sourceSpillPasses")).isZero();
    for (String metric : List.of("numSourceRows", "numTargetRowsInserted", "numTargetRowsUpdated", "numTargetRowsDeleted",
        "numTargetRowsCopied", "numTargetFilesAdded", "numTargetFilesRemoved")) {
      assertThat(results.get(1).metric(metric)).as(metric).isEqualTo(results.get(0).metric(metric));
    }
    assertThat(results.get(0).numTargetRowsDeleted()).isEqualTo(50);
    assertThat(results.get(0).numTargetRowsUpdated()).isEqualTo(950);
    assertThat(contents.get(1)).isEqualTo(contents.get(0));
  }

  /**
   * With deletion vectors and no change data feed, pass 2 reads only the columns the new values need (none
   * for UPDATE SET * and DELETE, the kept or referenced ones otherwise): the rows equal copy-on-write's.
   */
  @Test
  void deletionVectorMergesReadingFewOrNoTargetColumnsGiveCopyOnWritesRows() {
    List<java.util.function.UnaryOperator<Merge>> clauseSets = List.of(
        m -> m.whenMatched("s.v % 3 = 0").delete().whenMatched().updateAll(),
        m -> m.whenMatched().update(java.util.Map.of("v", "s.v * 10")),
        m -> m.whenMatched("t.id % 2 = 0").update(java.util.Map.of("v", "t.v + s.v + t.id")).whenMatched().delete());
    for (int c = 0; c < clauseSets.size(); c++) {
      List<List<String>> rows = new ArrayList<>();
      for (boolean dv : new boolean[] {false, true}) {
        Table t = partitioned("cols-" + c + "-" + dv);
        t.newPropertiesUpdate().set("delta.enableDeletionVectors", String.valueOf(dv)).commit();
        List<Row> source = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          source.add(Row.of(SCHEMA, (long) i * 5, day(i * 5 / 100), i + 1));
        }
        MergeResult r = clauseSets.get(c).apply(Merge.into(t).using(SCHEMA, source).on("t.id = s.id AND t.date = s.date"))
            .whenNotMatched().insertAll().execute();
        assertThat(r.metric("numTargetDeletionVectorsAdded")).isEqualTo(dv ? 10 : 0);
        rows.add(t.newScan().toList().stream().map(Row::toString).sorted().toList());
      }
      assertThat(rows.get(1)).as("clause set " + c).isEqualTo(rows.get(0)).hasSizeGreaterThanOrEqualTo(900);
    }
  }

  /** onProgress sees the phases in order and every candidate file of pass 1 and every touched file of pass 2. */
  @Test
  void progressReportsPhasesAndFiles() {
    Table t = partitioned("progress");
    List<MergeProgress> seen = new ArrayList<>();
    Merge.into(t).using(SCHEMA, updatesIn(2, 10)).on("t.id = s.id").whenMatched().updateAll()
        .whenNotMatched().insertAll().onProgress(seen::add).execute();
    List<String> phases = seen.stream().map(MergeProgress::phase).distinct().toList();
    assertThat(phases).containsExactly("reading source", "matching", "rewriting", "inserting");
    MergeProgress lastMatch = seen.stream().filter(p -> p.phase().equals("matching")).reduce((a, b) -> b).orElseThrow();
    assertThat(lastMatch.targetFilesDone()).isEqualTo(lastMatch.targetFiles()).isPositive();
    assertThat(lastMatch.sourceRowsRead()).isEqualTo(10);
    MergeProgress last = seen.get(seen.size() - 1);
    MergeProgress lastRewrite = seen.stream().filter(p -> p.phase().equals("rewriting")).reduce((a, b) -> b).orElseThrow();
    assertThat(lastRewrite.targetFilesDone()).isEqualTo(1);
    assertThat(lastRewrite.rowsWritten()).isEqualTo(100); // the touched file: 10 updated + 90 copied
    assertThat(last.phase()).isEqualTo("inserting");
  }

  @Test
  void sourceKeysPruneTargetFilesByPartitionAndStats() {
    Table t = partitioned("p");
    // partition values of the source's keys: only 2025-01-04 is read and rewritten
    MergeResult r = Merge.into(t).using(SCHEMA, updatesIn(3, 10)).on("t.id = s.id AND t.date = s.date")
        .whenMatched().updateAll().execute();
    assertThat(r.metric("numTargetFilesRemoved")).isEqualTo(1);
    assertThat(r.numTargetRowsCopied()).isEqualTo(90);
    // min/max of the id key against the files' stats: the same without the partition column in ON
    r = Merge.into(t).using(SCHEMA, updatesIn(5, 10)).on("t.id = s.id").whenMatched().updateAll().execute();
    assertThat(r.metric("numTargetFilesRemoved")).isEqualTo(1);
    assertThat(t.newScan().where("v = 1").count()).isEqualTo(20);
  }

  @Test
  void aScanOfAnotherTableAtAVersionIsASource() {
    Table t = partitioned("t");
    Table changes = Table.create(dir.resolve("changes").toString()).schema(SCHEMA).create();
    changes.newAppend().addRows(updatesIn(2, 5)).commit();
    long v = changes.snapshot().version();
    changes.newAppend().addRows(updatesIn(7, 5)).commit(); // later: not part of the source
    MergeResult r = Merge.into(t).using(MergeSource.of(changes.snapshotAt(v).newScan().where("id >= 201")
        .select("id", "v"))).on("t.id = s.id").whenMatched().update(java.util.Map.of("v", "s.v + 10")).execute();
    assertThat(r.numSourceRows()).isEqualTo(4);
    assertThat(t.newScan().where("v = 11").count()).isEqualTo(4);
    assertThat(t.newScan().where("v = 11 AND id >= 201 AND id <= 204").count()).isEqualTo(4);
  }

  /** A source whose first row commits {@code sideEffect} to the table: a commit that lands while the MERGE runs. */
  static Iterable<Row> racing(List<Row> rows, Runnable sideEffect) {
    return () -> new Iterator<>() {
      final Iterator<Row> it = rows.iterator();
      boolean fired;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        if (!fired) {
          fired = true;
          sideEffect.run();
        }
        return it.next();
      }
    };
  }

  @Test
  void aConcurrentAppendIntoAnotherPartitionCommits() {
    Table t = partitioned("a");
    long before = t.snapshot().version();
    Table other = Table.open(t.location());
    MergeResult r = Merge.into(t).using(SCHEMA, racing(updatesIn(3, 10),
        () -> other.newAppend().addRows(List.of(Row.of(SCHEMA, 5000L, day(8), 7))).commit()))
        .on("t.id = s.id AND t.date = s.date").whenMatched().updateAll().execute();
    assertThat(r.version()).isEqualTo(before + 2);
    assertThat(t.newScan().count()).isEqualTo(1001);
    assertThat(t.newScan().where("v = 1").count()).isEqualTo(10);
  }

  @Test
  void aConcurrentChangeToWhatItReadConflictsAndLeavesNothing() {
    Table t = partitioned("c");
    Table other = Table.open(t.location());
    // an append into the partition the MERGE read could have matched: Serializable conflict
    assertThatThrownBy(() -> Merge.into(t).using(SCHEMA, racing(updatesIn(3, 10),
        () -> other.newAppend().addRows(List.of(Row.of(SCHEMA, 301L, day(3), 9))).commit()))
        .on("t.id = s.id AND t.date = s.date").whenMatched().updateAll().whenNotMatched().insertAll().execute())
        .isInstanceOf(ConflictException.class);
    // a delete of a file it read
    List<String> files = MergeBadInputTest.dataFiles(dir.resolve("c"));
    long v = other.snapshot().version();
    assertThatThrownBy(() -> Merge.into(t).using(SCHEMA, racing(updatesIn(4, 10),
        () -> other.newDelete().where("date = '2025-01-05'").commit()))
        .on("t.id = s.id AND t.date = s.date").whenMatched().updateAll().execute())
        .isInstanceOf(ConflictException.class);
    assertThat(Table.open(t.location()).snapshot().version()).isEqualTo(v + 1); // only the delete
    assertThat(MergeBadInputTest.dataFiles(dir.resolve("c"))).containsExactlyElementsOf(files);
  }

  @Test
  void mergesAndAppendsRacingOnThreadsLoseNothing() throws Exception {
    Table t = partitioned("r");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> appends = pool.submit(() -> {
        Table other = Table.open(t.location());
        for (int i = 0; i < 5; i++) {
          other.newAppend().addRows(List.of(Row.of(SCHEMA, 10_000L + i, day(9), 5))).commit();
        }
      });
      Future<?> merges = pool.submit(() -> {
        Table mine = Table.open(t.location());
        for (int d = 0; d < 5; d++) {
          Merge.into(mine).using(SCHEMA, updatesIn(d, 20)).on("t.id = s.id AND t.date = s.date")
              .whenMatched().updateAll().execute();
        }
      });
      appends.get();
      merges.get();
    } finally {
      pool.shutdown();
    }
    assertThat(t.newScan().count()).isEqualTo(1005);
    assertThat(t.newScan().where("v = 1").count()).isEqualTo(100);
    assertThat(t.newScan().where("v = 5").count()).isEqualTo(5);
  }
}
