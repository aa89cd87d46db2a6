package io.tidelake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.table.ExpiredLogCleanup;
import io.tidelake.table.Table;
import io.tidelake.table.VersionNotFoundException;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCleanupTest {
  static final long DAY = 86_400_000L;
  @TempDir Path dir;

  TreeSet<String> logFiles() {
    return new TreeSet<>(Arrays.asList(dir.resolve("_delta_log").toFile().list()));
  }

  /** Sets each commit/checkpoint file's mtime to {@code daysAgo(version)}. */
  void age(long now, java.util.function.LongUnaryOperator daysAgo) {
    for (File f : dir.resolve("_delta_log").toFile().listFiles()) {
      String n = f.getName();
      if (n.matches("\\d{20}\\..*")) {
        long v = Long.parseLong(n.substring(0, 20));
        f.setLastModified(now - daysAgo.applyAsLong(v) * DAY);
      }
    }
  }

  @Test
  void deletesOnlyWhatPrecedesAnExpiredCheckpointAndTimeTravelNamesTheEarliestVersion() {
    Table t = Table.create(dir.toString()).schema(OptimizeTest.SCHEMA)
        .property("delta.checkpointInterval", "5").property("delta.enableExpiredLogCleanup", "false").create();
    for (int i = 0; i < 12; i++) {
      OptimizeTest.append(t, i * 3L, 3); // versions 1..12, checkpoints at 5 and 10
    }
    List<Row> current = t.newScan().toList();
    List<Row> v7 = t.snapshotAt(7).newScan().toList();
    long now = System.currentTimeMillis();
    age(now, v -> v <= 7 ? 40 : 1); // versions 0..7 older than 30 days

    // the newest expired commit is 7; the newest checkpoint at or before it is 5: 0..4 go, 5 stays with its JSON
    ExpiredLogCleanup.Result r = LogCleanup.of(t).clock(() -> now).execute();
    assertThat(r.checkpointVersion()).isEqualTo(5);
    assertThat(r.deleted()).hasSize(5);
    assertThat(logFiles()).contains(String.format("%020d.json", 5), String.format("%020d.checkpoint.parquet", 5))
        .doesNotContain(String.format("%020d.json", 4), String.format("%020d.json", 0));
    assertThat(t.newScan().toList()).isEqualTo(current);
    assertThat(t.snapshotAt(7).newScan().toList()).isEqualTo(v7);
    assertThat(t.snapshotAt(5).version()).isEqualTo(5);
    Table fresh = Table.open(dir.toString()); // (a process that had version 3 cached may still serve it)
    assertThatThrownBy(() -> fresh.snapshotAt(3)).isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("the log starts at version 5");

    // nothing older than the retention before checkpoint 10: a second run deletes nothing
    assertThat(LogCleanup.of(t).clock(() -> now).execute().deleted()).isEmpty();
    assertThatThrownBy(() -> LogCleanup.of(t).retain(Duration.ofDays(1)).execute())
        .isInstanceOf(MaintenanceArgumentException.class).hasMessageContaining("30 days");
  }

  @Test
  void runsAfterACheckpointWhenEnabled() {
    Table t = Table.create(dir.toString()).schema(OptimizeTest.SCHEMA).property("delta.checkpointInterval", "3")
        .create();
    for (int i = 0; i < 4; i++) {
      OptimizeTest.append(t, i * 3L, 3); // checkpoint at 3
    }
    long now = System.currentTimeMillis();
    age(now, v -> 40);
    assertThat(logFiles()).contains(String.format("%020d.json", 0));
    t.checkpoint(); // version 4: the cutoff commit is 4, so checkpoint 4 is kept and 0..3 go
    assertThat(logFiles()).doesNotContain(String.format("%020d.json", 0), String.format("%020d.json", 3))
        .contains(String.format("%020d.json", 4));
    assertThat(t.newScan().count()).isEqualTo(12);
  }

  /** A table with a writer feature Tidelake does not honour (checkpointProtection) keeps its log. */
  @Test
  void refusesATableItMayNotWrite() throws Exception {
    Table t = Table.create(dir.toString()).schema(OptimizeTest.SCHEMA)
        .property("delta.checkpointInterval", "2").property("delta.enableExpiredLogCleanup", "false").create();
    for (int i = 0; i < 5; i++) {
      OptimizeTest.append(t, i * 3L, 3); // checkpoints at 2 and 4
    }
    java.nio.file.Files.writeString(dir.resolve(String.format("_delta_log/%020d.json", 6)),
        "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,"
            + "\"writerFeatures\":[\"appendOnly\",\"invariants\",\"checkpointProtection\"]}}\n");
    long now = System.currentTimeMillis();
    age(now, v -> 40);
    TreeSet<String> before = logFiles();
    Table fresh = Table.open(dir.toString());
    assertThatThrownBy(() -> LogCleanup.of(fresh).clock(() -> now).execute())
        .isInstanceOf(io.tidelake.table.UnsupportedFeatureException.class).hasMessageContaining("checkpointProtection");
    assertThat(logFiles()).isEqualTo(before);
  }
}
