package io.tidelake.merge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.AddFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matched rows of a spilled MERGE leave memory batch by batch and come back in the file's row order,
 * however the batches interleaved their positions.
 */
class MatchRunsTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long, name string");

  @TempDir Path dir;

  @Test
  void rowsGoToDiskPerBatchAndComeBackInRowOrder() {
    AddFile file = AddFile.of("part-0.parquet", Map.of(), 1, 0, true, null);
    MatchRuns runs = new MatchRuns(dir, SCHEMA);
    FileChanges all = null;
    for (int batch = 0; batch < 3; batch++) { // batch b holds the rows at positions = b (mod 3)
      FileChanges fc = new FileChanges(file);
      for (long pos = batch; pos < 30; pos += 3) {
        boolean delete = pos % 4 == 0; // a DELETE keeps no source row
        fc.add(pos, delete ? 1 : 0, delete ? null : new Object[] {pos, "row " + pos});
      }
      runs.spill(fc, batch);
      for (int i = 0; i < fc.n; i++) {
        assertThat(fc.sourceRow[i]).as("no source row stays in memory").isNull();
      }
      if (all == null) {
        all = fc;
      } else {
        all.addAll(fc);
      }
    }
    all.sort();
    assertThat(runs.bytes()).isPositive();
    List<Object> read = new ArrayList<>();
    try (MatchRuns.Reader reader = runs.open(all)) {
      for (int i = 0; i < all.n; i++) {
        assertThat(all.positions[i]).isEqualTo(i);
        Object[] row = reader.row(i);
        if (i % 4 == 0) {
          assertThat(row).isNull();
        } else {
          assertThat(row).containsExactly((long) i, "row " + i);
        }
        read.add(row == null ? null : row[0]);
      }
    }
    assertThat(read).hasSize(30);
  }
}
