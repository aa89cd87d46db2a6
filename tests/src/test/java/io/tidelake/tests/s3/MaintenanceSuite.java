package io.tidelake.tests.s3;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.ids;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.compaction.Optimize;
import io.tidelake.compaction.OptimizeMetrics;
import io.tidelake.compaction.Vacuum;
import io.tidelake.compaction.VacuumResult;
import io.tidelake.table.Table;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * OPTIMIZE and vacuum on every backend: compaction keeps the rows, and vacuum (batched deletes:
 * DeleteObjects on S3) removes exactly the replaced files, leaving every referenced file in place.
 */
public abstract class MaintenanceSuite extends BackendSuite {
  @Test
  void optimizeThenVacuumRemovesExactlyTheReplacedFiles() {
    String location = backend.newLocation();
    Table t = backend.create(location, SCHEMA).partitionBy("date").create();
    for (int i = 0; i < 4; i++) {
      t.newAppend().addRows(rows(i * 20L, 20)).commit();
    }
    long[] before = ids(t);
    Set<String> filesBefore = TestData.dataFiles(backend.store(), location);
    OptimizeMetrics m = Optimize.of(t).maxThreads(2).execute();
    assertThat(m.numRemovedFiles()).isEqualTo(filesBefore.size());
    Set<String> live = TestData.referencedFiles(t);

    // nothing is old enough under the table's 7 days: a dry run finds nothing
    assertThat(Vacuum.of(t).dryRun().execute().files()).isEmpty();
    long later = System.currentTimeMillis() + 2_000; // every file is older than "now" with zero retention
    VacuumResult r = Vacuum.of(t).retain(Duration.ZERO).force().clock(() -> later).execute();
    assertThat(r.numDeletedFiles()).isEqualTo(filesBefore.size());
    Set<String> after = new TreeSet<>(TestData.dataFiles(backend.store(), location));
    assertThat(after).hasSize((int) m.numAddedFiles()).doesNotContainAnyElementsOf(filesBefore);
    assertThat(ids(backend.openIndependently(location))).containsExactly(before);
    assertThat(TestData.unreferencedFiles(backend.store(), t)).isEmpty();
    assertThat(live).isNotEmpty();
  }

  /**
   * A vacuum with nothing to delete costs the same requests whatever the table's size: one listing of the
   * root (paginated by the store) and the log reads and commits; never a request per data file.
   */
  @Test
  void vacuumWithNothingToDeleteMakesNoRequestPerFile() {
    String location = backend.newLocation();
    Table created = backend.create(location, SCHEMA).partitionBy("date").create();
    for (int i = 0; i < 12; i++) {
      created.newAppend().addRows(rows(i * 10L, 10)).commit(); // 12 commits, 36 data files
    }
    java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.tidelake.format.store.ObjectStore real = backend.store();
    io.tidelake.format.store.ObjectStore counting = (io.tidelake.format.store.ObjectStore)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {io.tidelake.format.store.ObjectStore.class}, (proxy, method, args) -> {
              if (args != null && args.length > 0 && args[0] instanceof String path && !path.contains("_delta_log")) {
                calls.add(method.getName() + " " + path);
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
    Table t = Table.open(counting, location);
    VacuumResult r = Vacuum.of(t).execute(); // the table's 7 days: every file is younger
    assertThat(r.numDeletedFiles()).isZero();
    assertThat(calls).as("requests outside the log").allSatisfy(c -> assertThat(c).startsWith("listRecursive "))
        .hasSizeLessThanOrEqualTo(1);
  }
}
