package io.tidelake.tests.reliability;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.ids;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.compaction.Optimize;
import io.tidelake.compaction.Vacuum;
import io.tidelake.compaction.VacuumResult;
import io.tidelake.table.Table;
import io.tidelake.tests.reliability.FaultInjectingStore.Fault;
import io.tidelake.tests.reliability.FaultInjectingStore.Op;
import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.BackendSuite;
import io.tidelake.tests.s3.Backends;
import io.tidelake.tests.s3.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A process dying in the middle of OPTIMIZE or vacuum (simulated at the store) leaves a readable table
 * with the same rows: OPTIMIZE leaves only unreferenced output files, which a later vacuum removes; a vacuum
 * killed between deletes has removed only unreferenced files, and the next run finishes the job.
 */
class MaintenanceCrashTest extends BackendSuite {
  static final String COMMIT = ".*/_delta_log/\\d{20}\\.json";

  String location;
  FaultInjectingStore faults;
  Table writer;
  long[] rows;

  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.local(tempDir);
  }

  @BeforeEach
  void smallFiles() {
    location = backend.newLocation();
    backend.create(location, SCHEMA).partitionBy("date").create();
    Table t = backend.open(location);
    for (int i = 0; i < 4; i++) {
      t.newAppend().addRows(rows(i * 10L, 10)).commit();
    }
    rows = ids(t);
    faults = new FaultInjectingStore(backend.store(), 7);
    writer = Table.open(faults, location);
  }

  private Table reader() {
    return Table.open(backend.store(), location);
  }

  @Test
  void optimizeKilledBeforeItsCommitLeavesOnlyOrphansThatVacuumRemoves() {
    long version = reader().snapshot().version();
    faults.on(Op.PUT_IF_ABSENT).path(COMMIT).inject(Fault.CRASH_BEFORE);
    assertThatThrownBy(() -> Optimize.of(writer).maxThreads(2).execute()).isInstanceOf(SimulatedCrash.class);

    assertThat(reader().snapshot().version()).isEqualTo(version);
    assertThat(ids(reader())).containsExactly(rows);
    Set<String> leftBehind = TestData.unreferencedFiles(backend.store(), reader());
    Set<String> written = new TreeSet<>();
    faults.created().forEach(p -> written.add(p.substring(location.length() + 1)));
    assertThat(written).isNotEmpty();
    assertThat(leftBehind).isEqualTo(written); // the outputs only: no input was touched

    long later = System.currentTimeMillis() + 2_000;
    VacuumResult r = Vacuum.of(reader()).retain(Duration.ZERO).force().clock(() -> later).execute();
    assertThat(r.numDeletedFiles()).isEqualTo(written.size());
    assertThat(TestData.unreferencedFiles(backend.store(), reader())).isEmpty();
    assertThat(ids(reader())).containsExactly(rows);
  }

  @Test
  void vacuumKilledBetweenDeletesDeletesOnlyUnreferencedFilesAndTheNextRunFinishes() {
    Optimize.of(reader()).execute(); // 8 small files replaced by 2
    Set<String> replaced = TestData.unreferencedFiles(backend.store(), reader());
    replaced.addAll(tombstoned(reader()));
    long later = System.currentTimeMillis() + 2_000;
    faults.on(Op.DELETE).after(3).inject(Fault.CRASH_BEFORE);
    assertThatThrownBy(() -> Vacuum.of(writer).retain(Duration.ZERO).force().maxThreads(1).clock(() -> later).execute())
        .isInstanceOf(SimulatedCrash.class);
    assertThat(ids(reader())).containsExactly(rows);
    assertThat(reader().history(1).get(0).operation()).isEqualTo("VACUUM START"); // no END: it died

    VacuumResult r = Vacuum.of(reader()).retain(Duration.ZERO).force().clock(() -> later).execute();
    assertThat(r.numDeletedFiles()).isEqualTo(replaced.size() - 3);
    assertThat(TestData.dataFiles(backend.store(), location)).doesNotContainAnyElementsOf(replaced);
    assertThat(ids(reader())).containsExactly(rows);
    assertThat(reader().history(1).get(0).operation()).isEqualTo("VACUUM END");
  }

  private static Set<String> tombstoned(Table t) {
    Set<String> out = new TreeSet<>();
    t.snapshot().tombstones().forEach(r -> out.add(io.tidelake.table.internal.DataPaths.percentDecode(r.path())));
    return out;
  }
}
