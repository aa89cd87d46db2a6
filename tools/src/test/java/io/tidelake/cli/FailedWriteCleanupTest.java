package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails on a bad row leaves neither data files nor the partition directories it created. */
class FailedWriteCleanupTest {
  @TempDir
  Path dir;

  @Test
  void aFailedWriteLeavesNoEmptyPartitionDirectories() throws Exception {
    String table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, date date", "--partition-by", "date");
    Path ok = dir.resolve("ok.csv");
    Files.writeString(ok, "id,date\n1,2025-01-01\n");
    Tide.ok("write", table, "--input", ok.toString());

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "id,date\n2,2025-02-01\n3,2025-02-02\n4,2025-01-01\n,2025-02-03\n");
    Tide.Result r = Tide.run("write", table, "--input", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("line 5");
    assertThat(Path.of(table, "date=2025-02-01")).doesNotExist();
    assertThat(Path.of(table, "date=2025-02-02")).doesNotExist();
    assertThat(Path.of(table, "date=2025-01-01")).isDirectory();
    assertThat(Tide.ok("describe", table, "--orphans").out()).contains("orphans:        none");
  }
}
