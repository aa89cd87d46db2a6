package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table Delta Kernel writes with in-commit timestamps, then copied (every commit file gets the copy's
 * modification time): Tidelake's time travel by timestamp must pick the versions Kernel picks.
 */
class InCommitTimestampInteropTest {
  @TempDir
  Path dir;

  private static final StructType SCHEMA = SchemaDdl.parse("id long, name string");

  @Test
  void timestampTravelAgreesWithKernelOnACopiedTable() throws Exception {
    String path = dir.resolve("ict").toString();
    Kernel.create(path, SCHEMA, List.of(), Map.of("delta.enableInCommitTimestamps", "true"));
    for (long v = 1; v <= 4; v++) {
      Thread.sleep(15); // distinct commit times
      Kernel.append(path, List.of(Row.of(SCHEMA, v, "r" + v)), null, 0);
    }
    Table before = Table.open(path);
    List<Long> ict = before.history().stream().sorted(java.util.Comparator.comparingLong(HistoryEntry::version))
        .map(HistoryEntry::timestamp).toList();
    assertThat(ict).hasSize(5).isSorted();

    // "copy" the table: every commit file now claims the same, later time
    FileTime copied = FileTime.from(Instant.ofEpochMilli(ict.get(4)).plusSeconds(3_600));
    try (Stream<Path> s = Files.list(Path.of(path, "_delta_log"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
        Files.setLastModifiedTime(f, copied);
      }
    }
    Table t = Table.open(path);
    io.delta.kernel.Table k = io.delta.kernel.Table.forPath(Kernel.engine(), path);
    for (int v = 0; v <= 4; v++) {
      // after the newest commit Kernel refuses (timestampAfterLatestCommit); Tidelake answers the newest version
      long[] probes = v < 4 ? new long[] {ict.get(v), ict.get(v) + 1} : new long[] {ict.get(v)};
      for (long probe : probes) {
        long ours = t.snapshotAsOf(Instant.ofEpochMilli(probe)).version();
        long kernel = k.getSnapshotAsOfTimestamp(Kernel.engine(), probe).getVersion();
        assertThat(ours).as("as of %d (commit %d)", probe, v).isEqualTo(kernel).isEqualTo(v);
      }
    }
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ict.get(2) - 1)).version()).isEqualTo(1);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ict.get(4) + 60_000)).version()).isEqualTo(4);
  }

  @Test
  void tidelakeAndKernelTakeTurnsWritingOneInCommitTimestampTable() throws Exception {
    String path = dir.resolve("turns").toString();
    Table ours = Table.create(path).schema(SCHEMA).property("delta.enableInCommitTimestamps", "true").create();
    ours.newAppend().addRows(List.of(Row.of(SCHEMA, 1L, "tidelake"))).commit(); // v1
    Kernel.append(path, List.of(Row.of(SCHEMA, 2L, "kernel")), null, 0); // v2: Kernel accepts our protocol and ICTs
    ours.newAppend().addRows(List.of(Row.of(SCHEMA, 3L, "tidelake"))).commit(); // v3
    Kernel.append(path, List.of(Row.of(SCHEMA, 4L, "kernel")), null, 0); // v4

    Table t = Table.open(path);
    List<HistoryEntry> h = t.history().stream().sorted(java.util.Comparator.comparingLong(HistoryEntry::version))
        .toList();
    assertThat(h).hasSize(5).extracting(HistoryEntry::timestamp).isSorted().doesNotHaveDuplicates();
    io.delta.kernel.Table k = io.delta.kernel.Table.forPath(Kernel.engine(), path);
    for (HistoryEntry e : h) {
      assertThat(k.getSnapshotAsOfTimestamp(Kernel.engine(), e.timestamp()).getVersion()).as("v%d", e.version())
          .isEqualTo(e.version());
      assertThat(t.snapshotAsOf(Instant.ofEpochMilli(e.timestamp())).version()).isEqualTo(e.version());
    }
    assertThat(Kernel.read(path).lines()).hasSize(4);
  }
}
