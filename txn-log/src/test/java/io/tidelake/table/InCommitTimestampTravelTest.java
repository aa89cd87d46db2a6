package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time travel by timestamp on tables with in-commit timestamps: the commitInfo's {@code inCommitTimestamp}
 * is the commit time from the enablement version on, whatever the files' modification times say (here they
 * are scrambled, as a copy or a restore leaves them). Logs are written by hand, as another writer would.
 */
class InCommitTimestampTravelTest {
  @TempDir
  Path dir;

  private static final String SCHEMA = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\","
      + "\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";
  private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

  private static String protocol() {
    return "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"inCommitTimestamp\"]}}";
  }

  private static String metadata(String configuration) {
    return "{\"metaData\":{\"id\":\"ict-test\",\"format\":{\"provider\":\"parquet\",\"options\":{}},"
        + "\"schemaString\":\"" + SCHEMA + "\",\"partitionColumns\":[],\"configuration\":{" + configuration + "},"
        + "\"createdTime\":0}}";
  }

  private static String commitInfo(Long ict) {
    return "{\"commitInfo\":{" + (ict == null ? "" : "\"inCommitTimestamp\":" + ict + ",")
        + "\"operation\":\"WRITE\"}}";
  }

  private static String add(int v) {
    return "{\"add\":{\"path\":\"f" + v + ".parquet\",\"partitionValues\":{},\"size\":1,\"modificationTime\":0,"
        + "\"dataChange\":true}}";
  }

  /** Writes commit {@code v} and stamps the file with {@code mtime}. */
  private void commit(int v, Instant mtime, String... lines) throws IOException {
    Path log = dir.resolve("_delta_log");
    Files.createDirectories(log);
    Path f = log.resolve(String.format("%020d.json", v));
    Files.writeString(f, String.join("\n", lines) + "\n");
    Files.setLastModifiedTime(f, FileTime.from(mtime));
  }

  private static long ms(int minutes) {
    return T0.plusSeconds(60L * minutes).toEpochMilli();
  }

  @Test
  void enabledAtCreationUsesInCommitTimestampsNotModificationTimes() throws IOException {
    // commits at minutes 0, 10, 20, 30 by ICT; modification times all equal (a copied table), later than all
    Instant copied = T0.plusSeconds(86_400);
    commit(0, copied, commitInfo(ms(0)), protocol(), metadata("\"delta.enableInCommitTimestamps\":\"true\""));
    for (int v = 1; v <= 3; v++) {
      commit(v, copied, commitInfo(ms(10 * v)), add(v));
    }
    Table t = Table.open(dir.toString());
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(0))).version()).isEqualTo(0);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(15))).version()).isEqualTo(1);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(20))).version()).isEqualTo(2);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(20) - 1)).version()).isEqualTo(1);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(999))).version()).isEqualTo(3);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(25))).files()).hasSize(2);
    assertThatThrownBy(() -> t.snapshotAsOf(Instant.ofEpochMilli(ms(0) - 1)))
        .isInstanceOf(VersionNotFoundException.class).hasMessageContaining(T0.toString());
  }

  @Test
  void enabledLaterUsesModificationTimesBeforeTheEnablementVersion() throws IOException {
    // v0-v2 without ICT at mtime minutes 0, 10, 20; v3 enables ICT at minute 30 (its own ICT); v4-v5 by ICT
    // at 40 and 50, while their files claim minute 5 (a clock-skewed or copied file)
    commit(0, T0, commitInfo(null), protocol(), metadata(""));
    commit(1, T0.plusSeconds(600), commitInfo(null), add(1));
    commit(2, T0.plusSeconds(1200), commitInfo(null), add(2));
    commit(3, T0.plusSeconds(1800), commitInfo(ms(30)), metadata("\"delta.enableInCommitTimestamps\":\"true\","
        + "\"delta.inCommitTimestampEnablementVersion\":\"3\","
        + "\"delta.inCommitTimestampEnablementTimestamp\":\"" + ms(30) + "\""));
    commit(4, T0.plusSeconds(300), commitInfo(ms(40)), add(4));
    commit(5, T0.plusSeconds(300), commitInfo(ms(50)), add(5));
    Table t = Table.open(dir.toString());
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(5))).version()).isEqualTo(0);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(25))).version()).isEqualTo(2);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(30))).version()).isEqualTo(3);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(45))).version()).isEqualTo(4);
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(50))).version()).isEqualTo(5);
    // history reports the same commit times
    assertThat(t.history()).filteredOn(h -> h.version() == 4).extracting(h -> h.timestamp())
        .containsExactly(ms(40));
  }

  @Test
  void aCommitWithoutItsInCommitTimestampIsACorruptLogNamingTheVersion() throws IOException {
    commit(0, T0, commitInfo(ms(0)), protocol(), metadata("\"delta.enableInCommitTimestamps\":\"true\""));
    commit(1, T0, commitInfo(null), add(1)); // written by a writer that ignored the feature
    commit(2, T0, commitInfo(ms(20)), add(2));
    commit(3, T0, commitInfo(ms(30)), add(3));
    Table t = Table.open(dir.toString());
    assertThatThrownBy(() -> t.snapshotAsOf(Instant.ofEpochMilli(ms(15))))
        .isInstanceOf(CorruptLogException.class).hasMessageContaining("Commit 1 ")
        .hasMessageContaining("inCommitTimestamp");
    assertThat(t.snapshotAt(1).version()).isEqualTo(1); // by version it still works
  }

  @Test
  void tidelakeWritesInCommitTimestampsThatIncreaseAndSurviveACheckpointAndACopy() throws IOException {
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA)
        .property("delta.enableInCommitTimestamps", "true").property("delta.checkpointInterval", "3").create();
    for (int i = 0; i < 3; i++) {
      t.newAppend().addRows(TestTables.rows(i * 10, 2)).commit();
    }
    assertThat(t.snapshot().protocol().writerFeatures()).contains("inCommitTimestamp");
    assertThat(t.snapshot().protocol().minReaderVersion()).isEqualTo(1);
    java.util.List<HistoryEntry> h = t.history().stream()
        .sorted(java.util.Comparator.comparingLong(HistoryEntry::version)).toList();
    assertThat(h).extracting(HistoryEntry::timestamp).isSorted().doesNotHaveDuplicates();
    assertThat(Files.exists(dir.resolve("_delta_log/00000000000000000003.checkpoint.parquet"))).isTrue();
    // every commit file "copied" a day later: only the in-commit timestamps tell the commit times
    for (int v = 0; v <= 3; v++) {
      Files.setLastModifiedTime(dir.resolve(String.format("_delta_log/%020d.json", v)),
          FileTime.from(Instant.now().plusSeconds(86_400)));
    }
    Table fresh = Table.open(dir.toString()); // loads version 3 from its checkpoint
    for (HistoryEntry e : h) {
      assertThat(fresh.snapshotAsOf(Instant.ofEpochMilli(e.timestamp())).version()).as("v%d", e.version())
          .isEqualTo(e.version());
    }
    assertThat(fresh.snapshot().version()).isEqualTo(3);
  }

  @Test
  void aCommitAfterAWinnerFromTheFutureStillIncreasesTheInCommitTimestamp() throws IOException {
    Table writer = Table.create(dir.toString()).schema(TestTables.SCHEMA)
        .property("delta.enableInCommitTimestamps", "true").create();
    Table stale = Table.open(dir.toString()); // read version 0
    PendingAppend pending = new PendingAppend(stale);
    // another writer wins version 1 with a commit time an hour ahead (a skewed clock)
    long future = Instant.now().plusSeconds(3_600).toEpochMilli();
    commit(1, Instant.now(), commitInfo(future), add(1));
    long v = pending.commit();
    assertThat(v).isEqualTo(2);
    assertThat(writer.history()).filteredOn(e -> e.version() == 2).extracting(HistoryEntry::timestamp)
        .containsExactly(future + 1);
  }

  /** An append prepared on a table before another writer commits. */
  private static final class PendingAppend {
    private final AppendFiles append;

    PendingAppend(Table t) {
      append = t.newAppend().addRows(TestTables.rows(100, 1));
    }

    long commit() {
      return append.commit().version();
    }
  }

  @Test
  void aLogTrimmedToItsCheckpointIsRefusedAsKernelRefusesIt() throws IOException {
    // the newest version's commit time (and its commit) would be unknown: Delta Kernel 4.4 refuses such a
    // log ("Missing delta file for version 2"), and so does Tidelake (CheckpointRecoveryTest)
    Table t = Table.create(dir.toString()).schema(TestTables.SCHEMA)
        .property("delta.enableInCommitTimestamps", "true").property("delta.checkpointInterval", "2").create();
    t.newAppend().addRows(TestTables.rows(0, 2)).commit();
    t.newAppend().addRows(TestTables.rows(10, 2)).commit(); // v2 + checkpoint
    for (int v = 0; v <= 2; v++) {
      Files.delete(dir.resolve(String.format("_delta_log/%020d.json", v))); // a log trimmed to its checkpoint
    }
    assertThatThrownBy(() -> Table.open(dir.toString())).isInstanceOf(InvalidTableException.class)
        .hasMessageContaining("checkpoint of version 2");
  }

  @Test
  void thePropertyWithoutTheProtocolFeatureIsNotInCommitTimestamps() throws IOException {
    // a (1,2) table whose configuration claims in-commit timestamps (set by some tool): not in force
    commit(0, T0, commitInfo(null), "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}",
        metadata("\"delta.enableInCommitTimestamps\":\"true\""));
    commit(1, T0.plusSeconds(600), commitInfo(null), add(1));
    Table t = Table.open(dir.toString());
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(5))).version()).isEqualTo(0); // file times, no error
    assertThat(t.snapshotAsOf(Instant.ofEpochMilli(ms(10))).version()).isEqualTo(1);
    io.tidelake.format.types.StructType idOnly = io.tidelake.format.types.SchemaDdl.parse("id long");
    t.newAppend().addRows(java.util.List.of(io.tidelake.format.Row.of(idOnly, 5L))).commit(); // no ICT needed
    assertThat(t.history()).filteredOn(h -> h.version() == 2).hasSize(1);
  }
}
