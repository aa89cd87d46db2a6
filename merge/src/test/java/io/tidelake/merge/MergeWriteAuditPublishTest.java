package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.quality.Expectation;
import io.tidelake.quality.ExpectationFailedException;
import io.tidelake.quality.ExpectationSuite;
import io.tidelake.quality.OnFailure;
import io.tidelake.table.ConflictException;
import io.tidelake.table.StagedCommit;
import io.tidelake.table.StagedCommitException;
import io.tidelake.table.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Write-audit-publish on MERGE: {@code stage(id)} keeps the MERGE's files, deletion vectors and removes
 * invisible until publish, with {@code scan()} equal to an in-memory model of the MERGE; a conflicting
 * commit fails the publish typed and discard leaves no file; {@code expect(suite)} audits the rows the
 * MERGE writes and blocks it (nothing committed, no file left) when a failing expectation says fail.
 */
class MergeWriteAuditPublishTest {
  @TempDir Path dir;

  /** The MERGE under test: D deletes a match, anything else updates it; unmatched non-D rows are inserted. */
  private static Merge upsert(Table t, List<Row> source) {
    return Merge.into(t).as("t").using(MergeBasicsTest.SOURCE, source).as("s")
        .on("t.id = s.id")
        .whenMatched("s.op = 'D'").delete()
        .whenMatched().updateAll()
        .whenNotMatched("s.op != 'D'").insertAll();
  }

  private static final List<Row> SOURCE = List.of(MergeBasicsTest.src(1, 2, 10, "U"), MergeBasicsTest.src(2, 1, 20, "D"),
      MergeBasicsTest.src(4, 1, 40, "U"), MergeBasicsTest.src(100, 1, 100, "U"), MergeBasicsTest.src(101, 1, 101, "D"));

  /** The model of {@link #upsert} over {@code before} (id → "date/amount/note"). */
  private static Map<Long, String> model(Map<Long, String> before, List<Row> source, Map<Long, String> written) {
    Map<Long, String> out = new TreeMap<>(before);
    for (Row s : source) {
      long id = s.getLong("id");
      boolean delete = "D".equals(s.getString("op"));
      String value = s.get("date") + "/" + s.get("amount") + "/" + s.get("note");
      if (out.containsKey(id) && delete) {
        out.remove(id);
      } else if (!delete) {
        out.put(id, value);
        written.put(id, value);
      }
    }
    return out;
  }

  private static Map<Long, String> contents(CloseableIterator<Row> it) {
    Map<Long, String> out = new TreeMap<>();
    try (it) {
      while (it.hasNext()) {
        Row r = it.next();
        out.put(r.getLong("id"), r.get("date") + "/" + r.get("amount") + "/" + r.get("note"));
      }
    }
    return out;
  }

  private List<Path> files() {
    try (Stream<Path> s = Files.walk(dir.resolve("t"))) {
      return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("_delta_log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "dv={0}")
  @ValueSource(booleans = {false, true})
  void stagedMergeShowsTheModelAndPublishesIt(boolean dv) {
    Table t = MergeBasicsTest.target(dir, dv, true);
    Map<Long, String> before = MergeBasicsTest.contents(t);
    Map<Long, String> written = new TreeMap<>();
    Map<Long, String> expected = model(before, SOURCE, written);
    long version = t.snapshot().version();

    StagedCommit s = upsert(t, SOURCE).stage("merge-1");
    assertThat(t.snapshot().version()).isEqualTo(version);
    assertThat(MergeBasicsTest.contents(t)).isEqualTo(before);
    assertThat(contents(s.scan())).isEqualTo(expected);
    if (dv) {
      assertThat(contents(s.stagedRows())).as("inserted and updated rows only").isEqualTo(written);
    } else {
      // copy-on-write: the MERGE writes the rows it keeps of a rewritten file too
      assertThat(contents(s.stagedRows())).containsAllEntriesOf(written);
    }
    assertThat(s.operation()).isEqualTo("MERGE");

    assertThat(Table.open(t.location()).stagedCommit("merge-1").publish().committed()).isTrue();
    assertThat(MergeBasicsTest.contents(t)).isEqualTo(expected);
    assertThat(t.history(1).get(0).operation()).isEqualTo("MERGE");
    assertThat(t.history(1).get(0).commitInfo().get("tidelakeStagedCommit")).isEqualTo("merge-1");
    // the change data files were staged and published with it
    assertThat(t.changeFeed(version + 1, version + 1).toList()).isNotEmpty();
  }

  @Test
  void conflictingCommitFailsPublishAndDiscardLeavesNoFile() {
    Table t = MergeBasicsTest.target(dir, true, false);
    List<Path> original = files();
    StagedCommit s = upsert(t, SOURCE).stage("merge-2");
    t.newDelete().where("id = 1").commit(); // a row the MERGE updates: same file
    Map<Long, String> now = MergeBasicsTest.contents(t);
    long v = t.snapshot().version();
    List<Path> committed = files();

    assertThatThrownBy(s::publish).isInstanceOf(ConflictException.class);
    assertThat(t.snapshot().version()).isEqualTo(v);
    assertThat(MergeBasicsTest.contents(t)).isEqualTo(now);
    s.discard();
    assertThat(files()).containsAll(original).hasSize(committed.size() - s.dataFiles().size());
    assertThat(s.dataFiles()).noneMatch(f -> Files.exists(Path.of(f.replace("file:", ""))));
  }

  @ParameterizedTest(name = "dv={0}")
  @ValueSource(booleans = {false, true})
  void expectationsBlockAMergeWritingBadRows(boolean dv) {
    Table t = MergeBasicsTest.target(dir, dv, false);
    Map<Long, String> before = MergeBasicsTest.contents(t);
    List<Path> original = files();
    ExpectationSuite suite = ExpectationSuite.named("amounts").expect(Expectation.between("amount", 0, 50));

    ExpectationFailedException e = assertThrows(() -> upsert(t, SOURCE).expect(suite).execute());
    assertThat(e.result().blocked()).isTrue();
    assertThat(e.result().results().get(0).unexpectedCount()).as("the inserted 100").isEqualTo(1);
    assertThat(t.snapshot().version()).isEqualTo(1);
    assertThat(MergeBasicsTest.contents(t)).isEqualTo(before);
    assertThat(files()).isEqualTo(original);

    MergeResult ok = upsert(t, SOURCE).expect(ExpectationSuite.named("wide")
        .expect(Expectation.between("amount", 0, 1000))).execute();
    assertThat(ok.committed()).isTrue();
    Map<Long, String> written = new TreeMap<>();
    assertThat(MergeBasicsTest.contents(t)).isEqualTo(model(before, SOURCE, written));
    assertThat(String.valueOf(t.history(1).get(0).commitInfo().get("tidelakeExpectations"))).contains("wide");
    if (dv) {
      assertThat(e.result().results().get(0).elementCount()).as("inserted + updated").isEqualTo(written.size());
    }
  }

  @Test
  void stagedMergeStoresItsAuditAndPublishRefusesABlockedOne() {
    Table t = MergeBasicsTest.target(dir, true, false);
    StagedCommit s = upsert(t, SOURCE).expect(ExpectationSuite.named("amounts")
        .expect(Expectation.between("amount", 0, 50))).stage("audited");
    assertThat(s.expectations()).hasValueSatisfying(r -> assertThat(r.blocked()).isTrue());
    assertThatThrownBy(s::publish).isInstanceOf(ExpectationFailedException.class);
    assertThat(t.snapshot().version()).isEqualTo(1);
    assertThat(s.publish(true).committed()).isTrue();
  }

  @Test
  void quarantineWorksForAnInsertOnlyMergeAndIsRefusedTypedOtherwise() {
    Table t = MergeBasicsTest.target(dir, true, false);
    Table q = Table.create(dir.resolve("q").toString()).schema(io.tidelake.format.types.SchemaDdl.parse(
        "id long, date date, amount double, note string, _quarantine_reasons array<string>,"
            + " _quarantine_run_id string, _quarantined_at timestamp, _target_table string")).create();
    ExpectationSuite suite = ExpectationSuite.named("amounts")
        .expect(Expectation.between("amount", 0, 50).onFailure(OnFailure.QUARANTINE));
    List<Path> original = files();
    StagedCommitException e = assertThrows(() -> upsert(t, SOURCE).expect(suite).quarantineTo(q).execute());
    assertThat(e.kind()).isEqualTo(StagedCommitException.Kind.NOT_SUPPORTED);
    assertThat(t.snapshot().version()).isEqualTo(1);
    assertThat(files()).isEqualTo(original);

    List<Row> inserts = List.of(MergeBasicsTest.src(200, 1, 20, "I"), MergeBasicsTest.src(201, 1, 99, "I"));
    MergeResult r = Merge.into(t).using(MergeBasicsTest.SOURCE, inserts).on("t.id = s.id")
        .whenNotMatched().insertAll().expect(suite).quarantineTo(q).execute();
    assertThat(r.committed()).isTrue();
    assertThat(MergeBasicsTest.contents(t)).containsKey(200L).doesNotContainKey(201L);
    assertThat(q.newScan().toList()).singleElement().satisfies(row -> assertThat(row.getLong("id")).isEqualTo(201));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E assertThrows(org.junit.jupiter.api.function.Executable run) {
    try {
      run.execute();
    } catch (Throwable e) {
      return (E) e;
    }
    throw new AssertionError("expected an exception");
  }
}
