package io.tidelake.tests.reliability;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.ids;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.StorageException;
import io.tidelake.table.CommitResult;
import io.tidelake.table.CommitStateUnknownException;
import io.tidelake.table.Table;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.tests.reliability.FaultInjectingStore.Fault;
import io.tidelake.tests.reliability.FaultInjectingStore.Op;
import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.BackendSuite;
import io.tidelake.tests.s3.TestData;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A crash or a fault at every step of a write: data files written, the log PUT, the moment between the
 * PUT landing and its response, the checkpoint. After each, a reader that knows nothing of the failure
 * (its own clean store) sees either the whole commit or none of it, the table loads, and whatever the
 * writer left behind is exactly the set of data files no version refers to.
 */
public abstract class CrashInjectionSuite extends BackendSuite {
  static final String COMMIT = ".*/_delta_log/\\d{20}\\.json";
  static final long[] BEFORE = LongStream.range(0, 10).toArray();
  static final long[] AFTER = LongStream.concat(LongStream.range(0, 10), LongStream.range(100, 110)).toArray();

  String location;
  FaultInjectingStore faults;
  Table writer; // the table as the faulty writer sees it

  @BeforeEach
  void tableAtVersionOne() {
    location = backend.newLocation();
    backend.create(location, SCHEMA).partitionBy("date").create(); // v0
    backend.open(location).newAppend().addRows(rows(0, 10)).commit(); // v1
    faults = new FaultInjectingStore(backend.store(), 42);
    writer = Table.open(faults, location);
  }

  /** What an unaffected reader sees now. */
  private Table reader() {
    return Table.open(backend.store(), location);
  }

  private void assertVersionAndRows(long version, long[] ids) {
    Table r = reader();
    assertThat(r.snapshot().version()).isEqualTo(version);
    assertThat(ids(r)).containsExactly(ids);
    long commits = backend.store().list(LogPaths.logDir(location), null).stream()
        .filter(f -> LogPaths.deltaVersion(f.name()) >= 0).count();
    assertThat(commits).as("commit files (no duplicate commit of the same write)").isEqualTo(version + 1);
  }

  /** Relative paths of the data files the faulty writer created. */
  private Set<String> writtenByWriter() {
    Set<String> out = new TreeSet<>();
    faults.created().forEach(p -> out.add(p.substring(location.length() + 1)));
    return out;
  }

  @Test
  void crashAfterDataFilesBeforeTheLogPut() {
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).inject(Fault.CRASH_BEFORE);
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit()).isInstanceOf(SimulatedCrash.class);

    assertVersionAndRows(1, BEFORE);
    Set<String> leftBehind = TestData.unreferencedFiles(backend.store(), reader());
    assertThat(writtenByWriter()).isNotEmpty();
    assertThat(leftBehind).as("exactly the crashed writer's files are unreferenced").isEqualTo(writtenByWriter());
    // the table keeps working, and the orphans stay identifiable
    reader().newAppend().addRows(rows(200, 1)).commit();
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).isEqualTo(leftBehind);
  }

  @Test
  void crashWhileWritingADataFile() {
    faults.on(Op.WRITE).inject(Fault.CRASH_BEFORE); // the first write to the first data file
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit()).isInstanceOf(SimulatedCrash.class);
    assertVersionAndRows(1, BEFORE);
    // on local disk a partial file may remain; on S3 an unfinished upload is invisible: either way unreferenced
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).isSubsetOf(writtenByWriter());
  }

  @Test
  void logPutFailingBeforeAnythingLandsIsATypedErrorAndCleansUp() {
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).inject(Fault.ERROR);
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit())
        .isInstanceOf(StorageException.class).hasMessageContaining(LogPaths.deltaFileName(2));
    assertVersionAndRows(1, BEFORE);
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).as("the failed writer deleted its files").isEmpty();
  }

  @Test
  void putLandedButTheResponseWasLostIsResolvedByReadingBack() {
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).times(1).inject(Fault.LOST_RESPONSE);
    CommitResult r = writer.newAppend().addRows(rows(100, 10)).commit();
    assertThat(r.version()).isEqualTo(2);
    assertThat(r.committed()).isTrue();
    assertVersionAndRows(2, AFTER); // once, not twice
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).isEmpty();
  }

  @Test
  void timeoutBeforeThePutArrivedIsResolvedByReadingBackAndPuttingAgain() {
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).times(2).inject(Fault.UNKNOWN_NOT_APPLIED);
    assertThat(writer.newAppend().addRows(rows(100, 10)).commit().version()).isEqualTo(2);
    assertVersionAndRows(2, AFTER);
  }

  @Test
  void aRefusalWithNothingWrittenIsRetriedAtTheSameVersion() {
    // S3 may answer 409 ConditionalRequestConflict while another put of the version is in flight, and
    // that put may then fail too: the version stays free and the commit must take it, not give up
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).times(2).inject(Fault.REFUSED_NOT_APPLIED);
    CommitResult r = writer.newAppend().addRows(rows(100, 10)).commit();
    assertThat(r.version()).isEqualTo(2);
    assertThat(r.attempts()).isEqualTo(3);
    assertVersionAndRows(2, AFTER);
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).isEmpty();
  }

  @Test
  void aStoreThatKeepsRefusingANameItDoesNotHoldFailsTheCommitClearly() {
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).inject(Fault.REFUSED_NOT_APPLIED); // every time
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit())
        .isInstanceOf(io.tidelake.table.CommitFailedException.class).hasMessageContaining("refused to create")
        .hasMessageContaining(LogPaths.deltaFileName(2)).hasMessageContaining("conditional writes");
    assertThat(faults.injectedCounts().get("PUT_IF_ABSENT/REFUSED_NOT_APPLIED")).isEqualTo(6); // 1 + 5, not 1000
    assertVersionAndRows(1, BEFORE);
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).isEmpty();
  }

  @Test
  void createRetriesARefusedVersionZeroThatNobodyCreated() {
    String other = backend.newLocation();
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).times(1).inject(Fault.REFUSED_NOT_APPLIED);
    Table created = Table.create(faults, other).schema(SCHEMA).create();
    assertThat(created.snapshot().version()).isZero();
  }

  @Test
  void lostResponseWhileAnotherWriterWinsIsALostRaceNotADuplicate() {
    // our put does not land (another writer took the version first), and its answer is lost
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).times(1).inject(Fault.UNKNOWN_NOT_APPLIED);
    var pending = writer.newAppend().addRows(rows(100, 10));
    reader().newAppend().addRows(rows(300, 1)).commit(); // v2 by someone else
    CommitResult r = pending.commit();
    assertThat(r.version()).isEqualTo(3);
    long[] expected = LongStream.concat(LongStream.of(AFTER), LongStream.of(300)).sorted().toArray();
    assertVersionAndRows(3, expected);
  }

  @Test
  void unresolvableOutcomeKeepsTheFilesAndTheCommitIsWholeIfItLanded() {
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).times(1).inject(Fault.LOST_RESPONSE);
    faults.on(Op.READ_ALL).path(COMMIT).times(1).inject(Fault.ERROR); // and the read-back fails too
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit())
        .isInstanceOf(CommitStateUnknownException.class).hasMessageContaining(LogPaths.deltaFileName(2))
        .hasMessageContaining("history");
    assertVersionAndRows(2, AFTER); // it had landed; its files were kept, so it reads whole
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).isEmpty();
  }

  @Test
  void crashRightAfterThePutLandedLeavesAWholeCommit() {
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).inject(Fault.CRASH_AFTER);
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit()).isInstanceOf(SimulatedCrash.class);
    assertVersionAndRows(2, AFTER);
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).isEmpty();
  }

  /** Commits up to v9 so that the next commit (v10) writes a checkpoint. */
  private void commitUpToNine() {
    for (long v = 2; v <= 9; v++) {
      reader().newAppend().addRows(rows(1000 + v, 1)).commit();
    }
  }

  private long[] idsAtNine() {
    return LongStream.concat(LongStream.range(0, 10), LongStream.rangeClosed(1002, 1009)).toArray();
  }

  @Test
  void crashWhileWritingTheCheckpointLeavesTheCommitAndNoCheckpoint() {
    commitUpToNine();
    faults.on(Op.PUT_IF_ABSENT).path(".*\\.checkpoint\\.parquet").inject(Fault.CRASH_BEFORE);
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit()).isInstanceOf(SimulatedCrash.class);
    long[] expected = LongStream.concat(LongStream.of(idsAtNine()), LongStream.range(100, 110)).sorted().toArray();
    assertVersionAndRows(10, expected);
    assertThat(backend.store().list(LogPaths.logDir(location), null)).extracting(FileInfo::name)
        .noneMatch(n -> n.contains("checkpoint"));
  }

  @Test
  void checkpointFailureNeverFailsTheCommit() {
    commitUpToNine();
    faults.on(Op.PUT_IF_ABSENT).path(".*\\.checkpoint\\.parquet").inject(Fault.ERROR);
    assertThat(writer.newAppend().addRows(rows(100, 10)).commit().version()).isEqualTo(10);
    assertThat(reader().snapshot().version()).isEqualTo(10);
  }

  @Test
  void crashBetweenCheckpointAndItsHintStillLoadsFromTheCheckpoint() {
    commitUpToNine();
    faults.on(Op.PUT).path(".*/_last_checkpoint").inject(Fault.CRASH_BEFORE);
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit()).isInstanceOf(SimulatedCrash.class);
    assertThat(backend.store().stat(LogPaths.logDir(location) + "/" + LogPaths.classicCheckpointName(10))).isPresent();
    assertThat(backend.store().stat(LogPaths.logDir(location) + "/" + LogPaths.LAST_CHECKPOINT)).isEmpty();
    for (long v = 0; v < 10; v++) {
      backend.store().delete(LogPaths.deltaFile(location, v)); // so that only the checkpoint can rebuild it
    }
    long[] expected = LongStream.concat(LongStream.of(idsAtNine()), LongStream.range(100, 110)).sorted().toArray();
    assertThat(ids(reader())).containsExactly(expected);
  }

  @Test
  void tornCheckpointOnAStoreWithoutAtomicWritesIsATypedErrorNeverWrongRows() {
    commitUpToNine();
    faults.on(Op.PUT_IF_ABSENT).path(".*\\.checkpoint\\.parquet").inject(Fault.TORN_WRITE);
    assertThatThrownBy(() -> writer.newAppend().addRows(rows(100, 10)).commit()).isInstanceOf(SimulatedCrash.class);
    // the hint was never written, but listing finds the half checkpoint: it is replayed around (the JSON
    // commits still exist), never read as rows
    long[] expected = LongStream.concat(LongStream.of(idsAtNine()), LongStream.range(100, 110)).sorted().toArray();
    assertThat(ids(reader())).containsExactly(expected);
    // without the commits it covers, no complete path remains: a typed error naming the checkpoint
    for (long v = 0; v < 10; v++) {
      backend.store().delete(LogPaths.deltaFile(location, v));
    }
    assertThatThrownBy(() -> ids(reader())).isInstanceOf(TidelakeException.class)
        .hasMessageContaining(LogPaths.classicCheckpointName(10));
  }
}
