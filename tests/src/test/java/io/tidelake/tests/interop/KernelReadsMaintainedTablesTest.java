package io.tidelake.tests.interop;

import static io.tidelake.tests.interop.Interop.assertKernelAgrees;
import static io.tidelake.tests.interop.Interop.assertKernelAgreesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.compaction.LogCleanup;
import io.tidelake.compaction.Optimize;
import io.tidelake.compaction.Vacuum;
import io.tidelake.table.Table;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables after OPTIMIZE (bin-packing with a deletion-vector purge, then Z-order), vacuum and log cleanup,
 * read by Delta Kernel 4.4.0 with the rows Tidelake reads: the same rows before and after each step.
 */
class KernelReadsMaintainedTablesTest {
  @TempDir Path dir;

  @Test
  void rowsAreTheSameForKernelBeforeAndAfterEveryMaintenanceStep() {
    Table t = Table.create(dir.toString()).schema(KernelReadsRowLevelTest.SCHEMA).partitionBy("day")
        .property("delta.enableDeletionVectors", "true").property("delta.checkpointInterval", "4").create();
    for (int i = 0; i < 6; i++) {
      t.newAppend().addRows(KernelReadsRowLevelTest.rows(i * 50L, 50)).commit();
    }
    t.newDelete().where("id % 3 = 0").commit(); // deletion vectors
    String start = assertKernelAgrees(t).sha256();

    Optimize.of(t).execute();
    assertThat(t.snapshot().files()).allSatisfy(f -> assertThat(f.deletionVector()).isNull());
    assertThat(assertKernelAgrees(t).sha256()).isEqualTo(start);
    long afterCompaction = t.snapshot().version();

    Optimize.of(t).zOrderBy("id", "amount").targetFileSize(2048).execute();
    assertThat(assertKernelAgrees(t).sha256()).isEqualTo(start);

    Vacuum.of(t).retain(Duration.ZERO).force().execute(); // everything replaced goes
    assertThat(assertKernelAgrees(t).sha256()).isEqualTo(start);

    t.checkpoint();
    long checkpoint = t.snapshot().version();
    for (File f : dir.resolve("_delta_log").toFile().listFiles()) {
      f.setLastModified(System.currentTimeMillis() - 40L * 86_400_000L);
    }
    assertThat(LogCleanup.of(t).execute().checkpointVersion()).isEqualTo(checkpoint);
    assertThat(assertKernelAgrees(t).sha256()).isEqualTo(start);
    assertKernelAgreesAt(t, checkpoint);
    assertThat(afterCompaction).isLessThan(checkpoint);
  }
}
