package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.CorruptCheckpointException;
import io.tidelake.table.InvalidTableException;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged logs as Delta Kernel 4.4.0 and Tidelake see them. A checkpoint without its commit file at the
 * newest version (newer than the last commit, or a log trimmed to it) is refused by both ("Missing delta
 * file for version N" in Kernel). A damaged checkpoint whose JSON commits still exist: Kernel 4.4 fails
 * on it; Tidelake replays the commits instead and returns the rows Kernel returns for the intact table.
 */
class KernelLogIntegrityTest {
  @TempDir Path dir;
  private static final StructType S = SchemaDdl.parse("id long");

  /** Commits 0..3 (one row each in 1..3), a checkpoint at 3. */
  private Path table(String name) {
    Path p = dir.resolve(name);
    Table t = Table.create(p.toString()).schema(S).create();
    for (int i = 1; i < 4; i++) {
      t.newAppend().addRows(List.of(Row.of(S, (long) i))).commit();
    }
    t.checkpoint();
    return p;
  }

  private static Path log(Path table, String name) {
    return table.resolve("_delta_log").resolve(name);
  }

  @Test
  void aCheckpointWithoutItsCommitAtTheNewestVersionIsRefusedByBoth() throws IOException {
    Path a = table("a");
    Files.delete(log(a, "00000000000000000003.json"));
    Path b = table("b");
    Files.copy(log(b, "00000000000000000003.checkpoint.parquet"), log(b, "00000000000000000005.checkpoint.parquet"));
    for (Path p : List.of(a, b)) {
      assertThatThrownBy(() -> Kernel.read(p.toString())).hasMessageContaining("Missing delta file");
      assertThatThrownBy(() -> Table.open(p.toString())).isInstanceOf(InvalidTableException.class)
          .hasMessageContaining("no commit file");
    }
  }

  @Test
  void aDamagedCheckpointIsReplayedAroundWhereKernelFails() throws IOException {
    Path intact = table("intact");
    Kernel.Read expected = Kernel.read(intact.toString());
    Path c = Interop.copy(intact, dir.resolve("damaged"));
    Path cp = log(c, "00000000000000000003.checkpoint.parquet");
    byte[] bytes = Files.readAllBytes(cp);
    Files.write(cp, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> Kernel.read(c.toString())).isNotNull(); // Kernel 4.4 has no fallback
    Table t = Table.open(c.toString());
    assertThat(t.snapshot().version()).isEqualTo(expected.version());
    assertThat(Kernel.canonical(t.newScan().rows())).containsExactlyElementsOf(expected.lines());
    // without the commits the checkpoint covers, no complete path remains: a typed error naming it
    for (int v = 0; v < 3; v++) {
      Files.delete(log(c, String.format("%020d.json", v)));
    }
    assertThatThrownBy(() -> Table.open(c.toString())).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("00000000000000000003.checkpoint.parquet").hasMessageNotContaining("data file");
  }
}
