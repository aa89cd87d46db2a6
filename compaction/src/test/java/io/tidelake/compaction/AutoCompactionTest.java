package io.tidelake.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoCompactionTest {
  @TempDir Path dir;

  @Test
  void compactsAPartitionOnceItHasMinNumFilesSmallFiles() {
    Table t = Table.create(dir.toString()).schema(OptimizeTest.SCHEMA).partitionBy("part")
        .property("delta.autoOptimize.autoCompact", "true").property("tidelake.autoCompact.minNumFiles", "4")
        .create();
    for (int i = 0; i < 3; i++) {
      OptimizeTest.append(t, i * 10L, 10); // 3 small files per partition: below the threshold
    }
    assertThat(t.snapshot().numFiles()).isEqualTo(6);
    OptimizeTest.append(t, 30, 10); // the 4th: both partitions it wrote are compacted after the commit
    assertThat(t.snapshot().numFiles()).isEqualTo(2);
    assertThat(t.newScan().count()).isEqualTo(40);
    HistoryEntry h = t.history(1).get(0);
    assertThat(h.operation()).isEqualTo("OPTIMIZE");
    assertThat(h.operationParameters()).containsEntry("auto", "true");
    List<HistoryEntry> all = t.history();
    assertThat(all).filteredOn(e -> "OPTIMIZE".equals(e.operation())).hasSize(1); // no recursion
  }

  @Test
  void offByDefault() {
    Table t = OptimizeTest.create(dir, false);
    for (int i = 0; i < 5; i++) {
      OptimizeTest.append(t, i * 10L, 10);
    }
    assertThat(t.snapshot().numFiles()).isEqualTo(10);
  }
}
