package io.tidelake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.store.FileInfo;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import io.tidelake.table.actions.RemoveFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VacuumTest {
  static final long DAY = 86_400_000L;

  @TempDir Path tmp;
  Path dir;
  Table t;
  long now;

  @BeforeEach
  void setUp() throws IOException {
    dir = tmp.resolve("t");
    t = OptimizeTest.create(dir, false);
    OptimizeTest.append(t, 0, 10);
    OptimizeTest.append(t, 10, 10);
    t.newOverwrite().addRows(List.of(Row.of(OptimizeTest.SCHEMA, 100L, "a", "x"))).commit(); // removes 4 files
    now = System.currentTimeMillis();
    Files.createDirectories(dir.resolve("part=a"));
    Files.writeString(dir.resolve("part=a/orphan.parquet"), "abandoned write");
    Files.createDirectories(dir.resolve("_change_data"));
    Files.writeString(dir.resolve("_change_data/cdc-old.parquet"), "old change data");
    Files.createDirectories(dir.resolve("_tmp_side"));
    Files.writeString(dir.resolve("_tmp_side/keep.bin"), "hidden dir");
    Files.writeString(dir.resolve(".hidden"), "hidden file");
    ageEverything(30);
    Files.writeString(dir.resolve("part=a/young-orphan.parquet"), "in-flight write");
  }

  void ageEverything(int days) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        p.toFile().setLastModified(now - days * DAY);
      }
    }
  }

  Set<String> relativeFiles() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  Set<String> removedFiles() {
    Set<String> out = new TreeSet<>();
    for (RemoveFile r : t.snapshot().tombstones()) {
      out.add(Path.of(t.resolvePath(r.path())).toString().substring(dir.toString().length() + 1));
    }
    return out;
  }

  @Test
  void keepsExactlyTheFilesTimeTravelWithinTheRetentionNeeds() throws IOException {
    Set<String> before = relativeFiles();
    Set<String> removed = removedFiles();
    assertThat(removed).hasSize(4);
    List<Row> v1 = t.snapshotAt(1).newScan().toList();
    List<Row> current = t.newScan().toList();

    // within the retention: removed files stay (time travel to v1, v2 reads them); old orphans go
    VacuumResult r = Vacuum.of(t).clock(() -> now).execute();
    Set<String> gone = new TreeSet<>(before);
    gone.removeAll(relativeFiles());
    assertThat(gone).containsExactlyInAnyOrder("part=a/orphan.parquet", "_change_data/cdc-old.parquet");
    assertThat(r.numDeletedFiles()).isEqualTo(2);
    assertThat(t.snapshotAt(1).newScan().toList()).isEqualTo(v1);

    // eight days later the tombstones have expired: exactly the removed files go (and the orphan that was
    // young eight days before), the current version reads the same
    Set<String> before2 = relativeFiles();
    removed.add("part=a/young-orphan.parquet");
    VacuumResult r2 = Vacuum.of(t).clock(() -> now + 8 * DAY).execute();
    Set<String> gone2 = new TreeSet<>(before2);
    gone2.removeAll(relativeFiles());
    assertThat(gone2).isEqualTo(removed);
    assertThat(r2.sizeOfDataToDelete()).isPositive();
    assertThat(t.newScan().toList()).isEqualTo(current);
    assertThat(relativeFiles()).contains("_tmp_side/keep.bin", ".hidden")
        .anyMatch(f -> f.startsWith("_delta_log/"));

    HistoryEntry end = t.history(1).get(0);
    assertThat(end.operation()).isEqualTo("VACUUM END");
    assertThat(end.operationParameters()).containsEntry("status", "COMPLETED");
    assertThat(end.operationMetrics()).containsEntry("numDeletedFiles", "5");
    HistoryEntry start = t.history(2).get(1);
    assertThat(start.operation()).isEqualTo("VACUUM START");
    assertThat(start.operationMetrics()).containsEntry("numFilesToDelete", "5")
        .containsEntry("sizeOfDataToDelete", String.valueOf(r2.sizeOfDataToDelete()));
    assertThat(start.operationParameters()).containsEntry("retentionCheckEnabled", "true")
        .containsEntry("defaultRetentionMillis", String.valueOf(7 * DAY));
  }

  @Test
  void dryRunListsWithSizesAndDeletesNothing() throws IOException {
    Set<String> before = relativeFiles();
    long version = t.snapshot().version();
    VacuumResult r = Vacuum.of(t).clock(() -> now + 8 * DAY).dryRun().execute();
    assertThat(r.dryRun()).isTrue();
    assertThat(r.files()).hasSize(7); // 4 removed, 2 old orphans, and the orphan that is 8 days old by then
    assertThat(r.sizeOfDataToDelete()).isEqualTo(r.files().stream().mapToLong(FileInfo::size).sum()).isPositive();
    assertThat(relativeFiles()).isEqualTo(before);
    assertThat(t.snapshot().version()).isEqualTo(version);
  }

  @Test
  void aRetentionBelowTheTablesIsRefusedUnlessForced() throws IOException {
    Set<String> before = relativeFiles();
    assertThatThrownBy(() -> Vacuum.of(t).retain(Duration.ZERO).execute())
        .isInstanceOf(MaintenanceArgumentException.class).hasMessageContaining("shorter than the table's")
        .hasMessageContaining("7 days").hasMessageContaining("--force");
    assertThat(relativeFiles()).isEqualTo(before);
    assertThatThrownBy(() -> Retention.parse("-3h")).isInstanceOf(MaintenanceArgumentException.class);
    assertThatThrownBy(() -> Retention.parse("7 parsecs")).isInstanceOf(MaintenanceArgumentException.class)
        .hasMessageContaining("168h");
    assertThat(Retention.parse("168h")).isEqualTo(Duration.ofDays(7));
    assertThat(Retention.parse("interval 2 weeks")).isEqualTo(Duration.ofDays(14));

    // a second ahead: with zero retention a file must be strictly older than "now", and the young orphan
    // was written moments ago (within the same millisecond on a fast machine)
    VacuumResult r = Vacuum.of(t).retain(Duration.ZERO).force().clock(() -> System.currentTimeMillis() + 1_000)
        .execute();
    assertThat(r.numDeletedFiles()).isEqualTo(7); // the 4 removed, 2 old orphans, and the young orphan
    assertThat(t.history(2).get(1).operationParameters()).containsEntry("retentionCheckEnabled", "false")
        .containsEntry("specifiedRetentionMillis", "0");
  }

  @Test
  void neverFollowsSymbolicLinksOutOfTheRoot() throws IOException {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Path victim = outside.resolve("precious.parquet");
    Files.writeString(victim, "not the table's");
    victim.toFile().setLastModified(now - 30 * DAY);
    Files.createSymbolicLink(dir.resolve("part=linked"), outside);
    Files.createSymbolicLink(dir.resolve("link.parquet"), victim);
    Vacuum.of(t).retain(Duration.ZERO).force().execute();
    assertThat(victim).exists();
    assertThat(dir.resolve("link.parquet")).exists();
  }

  @Test
  void aProtectedFilesProviderKeepsStagedFiles() throws IOException {
    List<String> asked = new ArrayList<>();
    Vacuum.of(t).retain(Duration.ZERO).force().protect((table, path) -> {
      asked.add(path);
      return path.endsWith("orphan.parquet");
    }).execute();
    assertThat(relativeFiles()).contains("part=a/orphan.parquet", "part=a/young-orphan.parquet");
    assertThat(asked).isNotEmpty();
  }

  @Test
  void keepsTheFilesOfALiveStagedCommitAndPublishStillWorks() throws IOException {
    io.tidelake.table.StagedCommit staged = t.newAppend()
        .addRows(List.of(Row.of(OptimizeTest.SCHEMA, 500L, "a", "staged"))).stage("load-1");
    ageEverything(30); // older than any retention: only the staged commit keeps them
    Vacuum.of(t).retain(Duration.ZERO).force().execute();
    for (String f : staged.dataFiles()) {
      assertThat(Path.of(f.replace("file:", ""))).exists();
    }
    staged.publish();
    assertThat(t.newScan().toList().stream().map(r -> r.getLong("id"))).contains(500L);
  }
}
