package io.tidelake.tests.reliability;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.ids;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.CorruptLogException;
import io.tidelake.table.Table;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.tests.reliability.FaultInjectingStore.Fault;
import io.tidelake.tests.reliability.FaultInjectingStore.Op;
import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.BackendSuite;
import io.tidelake.tests.s3.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Damaged tables give typed errors that name the damaged file, and never wrong rows: truncated or
 * garbage commits, a checkpoint with a bad footer, missing or truncated data files, a stale or broken
 * {@code _last_checkpoint}, and reads that come back short. The damage is done through the backend's
 * own store, so on S3 it is real objects on a real server.
 */
public abstract class CorruptInputSuite extends BackendSuite {
  ObjectStore store;
  String location;
  String log;
  long[] rowsAtTwelve;

  /** v0 create, v1..v12 appends of 2 rows: a checkpoint at 10, commits 11 and 12 after it. */
  @BeforeEach
  void twelveVersions() {
    store = backend.store();
    location = backend.newLocation();
    Table t = backend.create(location, SCHEMA).partitionBy("date").create();
    for (int i = 0; i < 12; i++) {
      t.newAppend().addRows(rows(i * 2L, 2)).commit();
    }
    log = LogPaths.logDir(location);
    rowsAtTwelve = LongStream.range(0, 24).toArray();
    assertThat(store.stat(log + "/" + LogPaths.classicCheckpointName(10))).isPresent();
  }

  private Table open() {
    return Table.open(store, location);
  }

  private String commit(long v) {
    return LogPaths.deltaFile(location, v);
  }

  @Test
  void truncatedCommitNamesTheFileAndLine() {
    byte[] good = store.readAll(commit(12));
    store.put(commit(12), Arrays.copyOf(good, good.length - 25)); // cut inside the last line
    assertThatThrownBy(this::open).isInstanceOfSatisfying(CorruptLogException.class, e -> {
      assertThat(e.getFile()).isEqualTo("_delta_log/" + LogPaths.deltaFileName(12));
      assertThat(e.getMessage()).contains(LogPaths.deltaFileName(12));
    });
  }

  @Test
  void garbageCommitNamesTheFile() {
    byte[] garbage = new byte[300];
    new java.util.Random(7).nextBytes(garbage);
    store.putIfAbsent(commit(13), garbage);
    assertThatThrownBy(this::open).isInstanceOfSatisfying(CorruptLogException.class, e -> {
      assertThat(e.getFile()).isEqualTo("_delta_log/" + LogPaths.deltaFileName(13));
      assertThat(e.getMessage()).contains("restore");
    });
  }

  @Test
  void emptyCommitFileIsAnEmptyVersionNeverWrongRows() {
    // Delta readers accept a commit without actions; what matters is that no row changes
    store.putIfAbsent(commit(13), new byte[0]);
    assertThat(ids(open())).containsExactly(rowsAtTwelve);
  }

  @Test
  void checkpointWithABadFooterNamesTheCheckpoint() {
    String cp = log + "/" + LogPaths.classicCheckpointName(10);
    byte[] bytes = store.readAll(cp);
    byte[] bad = bytes.clone();
    bad[bad.length - 1] = 'X'; // the trailing "PAR1" magic
    bad[bad.length - 5] ^= 0x7F; // and the footer length
    store.put(cp, bad);
    // the JSON commits it covers still exist: they are replayed instead, with the same rows
    assertThat(ids(open())).containsExactly(rowsAtTwelve);
    // without them no complete path remains: a typed error naming the checkpoint, not a data file
    for (long v = 0; v <= 10; v++) {
      store.delete(LogPaths.deltaFile(location, v));
    }
    assertThatThrownBy(() -> ids(open())).isInstanceOf(TidelakeException.class)
        .hasMessageContaining(LogPaths.classicCheckpointName(10));
  }

  @Test
  void missingDataFileOnScanNamesTheFile() {
    String victim = TestData.referencedFiles(open()).iterator().next();
    store.delete(location + "/" + victim);
    Table t = open(); // the log is intact: opening works
    assertThat(t.snapshot().version()).isEqualTo(12);
    assertThatThrownBy(() -> t.newScan().count()).isInstanceOf(TidelakeException.class)
        .hasMessageContaining(victim.substring(victim.lastIndexOf('/') + 1));
  }

  @Test
  void truncatedDataFileNamesTheFile() {
    String victim = TestData.referencedFiles(open()).iterator().next();
    byte[] bytes = store.readAll(location + "/" + victim);
    store.delete(location + "/" + victim);
    store.put(location + "/" + victim, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> open().newScan().count()).isInstanceOf(TidelakeException.class)
        .hasMessageContaining(victim.substring(victim.lastIndexOf('/') + 1));
  }

  @Test
  void lastCheckpointPointingNowhereOrBrokenStillLoadsTheRightRows() {
    String hint = log + "/" + LogPaths.LAST_CHECKPOINT;
    store.put(hint, "{\"version\":999,\"size\":3}".getBytes(StandardCharsets.UTF_8));
    assertThat(ids(open())).containsExactly(rowsAtTwelve);
    store.put(hint, "{\"version\":".getBytes(StandardCharsets.UTF_8));
    assertThat(ids(open())).containsExactly(rowsAtTwelve);
    store.delete(log + "/" + LogPaths.classicCheckpointName(10)); // the hint's checkpoint is gone too
    store.put(hint, "{\"version\":10,\"size\":14}".getBytes(StandardCharsets.UTF_8));
    assertThat(ids(open())).containsExactly(rowsAtTwelve);
  }

  @Test
  void shortReadOfACommitIsATypedErrorNotFewerRows() {
    FaultInjectingStore faults = new FaultInjectingStore(store, 11);
    faults.on(Op.READ_ALL).path(".*" + LogPaths.deltaFileName(12)).inject(Fault.TRUNCATE);
    // whatever the cut, the reader fails by name or (if the cut fell on a line end, which Delta's
    // format cannot detect) shows the rows of the lines it got; it never invents or duplicates rows
    try {
      long[] got = ids(Table.open(faults, location));
      assertThat(got).doesNotHaveDuplicates();
      assertThat(LongStream.of(got).boxed().toList()).isSubsetOf(LongStream.of(rowsAtTwelve).boxed().toList());
    } catch (TidelakeException e) {
      assertThat(e.getMessage()).contains(LogPaths.deltaFileName(12));
    }
    assertThat(faults.injectedCounts()).containsEntry("READ_ALL/TRUNCATE", 1);
  }

  @Test
  void shortReadOfADataFileIsATypedErrorNamingIt() {
    FaultInjectingStore faults = new FaultInjectingStore(store, 12);
    faults.on(Op.OPEN_SEEKABLE).path(".*/date=[^/]+/[^/]+\\.parquet").times(1)
        .inject(Fault.TRUNCATE);
    assertThatThrownBy(() -> ids(Table.open(faults, location))).isInstanceOf(TidelakeException.class)
        .hasMessageContaining(".parquet");
  }
}
