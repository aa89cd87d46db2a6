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
}
