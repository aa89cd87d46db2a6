package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidelake.format.Row;
import io.tidelake.table.Table;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tide wap stage --mode delete / update, and tide write --quarantine: exactly once without --txn-app
 * (a txn derived from the input) across a crash between the quarantine commit and the target commit, and
 * the quarantined row count in text and --json output.
 */
class WapRowLevelCommandsTest {
  @TempDir
  Path dir;

  String table;
  Path rows;
  Path suite;

  @BeforeEach
  void setUp() throws IOException {
    // WapCommandsTest's table and rows.csv: ids 0..9, id 3 from US, amount = id * 10
    WapCommandsTest fixture = new WapCommandsTest();
    fixture.dir = dir;
    fixture.setUp();
    table = fixture.table;
    rows = fixture.rows;
    suite = dir.resolve("q-suite.json");
    Files.writeString(suite, """
        {"name": "q", "expectations": [{"type": "expect_column_values_to_be_between",
          "kwargs": {"column": "amount", "min_value": 0, "max_value": 60}, "meta": {"on_failure": "quarantine"}}]}
        """);
  }

  @AfterEach
  void noCrash() throws Exception {
    crashAfterQuarantineCommit(false);
  }

  /** The library's test hook between the quarantine commit and the target commit (package-private). */
  private static void crashAfterQuarantineCommit(boolean crash) throws Exception {
    Field hook = Class.forName("io.tidelake.table.WriteAuditPublish").getDeclaredField("afterQuarantineCommit");
    hook.setAccessible(true);
    hook.set(null, crash ? (Runnable) () -> {
      throw new IllegalStateException("injected crash");
    } : (Runnable) () -> {});
  }

  private Map<Long, Double> amounts() {
    Map<Long, Double> out = new TreeMap<>();
    for (Row r : Table.open(table).newScan().toList()) {
      out.put(r.getLong("id"), r.getDouble("amount"));
    }
    return out;
  }

  @Test
  void stageDeleteAndUpdateThenPublish() throws Exception {
    Tide.ok("write", table, "--input", rows.toString());
    Tide.Result d = Tide.ok("wap", "stage", table, "--id", "del", "--mode", "delete", "--where", "country = 'US'");
    assertThat(d.out()).contains("DELETE of 1 rows");
    JsonNode u = JsonValues.MAPPER.readTree(Tide.ok("wap", "stage", table, "--id", "upd", "--mode", "update",
        "--set", "amount = -1", "--where", "id < 3", "--json").out());
    assertThat(u.get("operation").asText()).isEqualTo("UPDATE");
    assertThat(amounts()).hasSize(10).containsEntry(0L, 0.0);
    assertThat(Tide.ok("wap", "list", table).out()).contains("del").contains("upd").contains("UPDATE of 3 rows");

    Tide.ok("wap", "publish", table, "del");
    // the DELETE rewrote the file the UPDATE read: its publish conflicts, nothing committed
    Tide.Result conflict = Tide.run("wap", "publish", table, "upd");
    assertThat(conflict.exit()).isEqualTo(1);
    assertThat(conflict.err()).contains("conflict");
    Tide.ok("wap", "discard", table, "upd");
    Tide.ok("wap", "stage", table, "--id", "upd", "--mode", "update", "--set", "amount = -1", "--where", "id < 3");
    assertThat(Tide.ok("wap", "publish", table, "upd").out()).contains("UPDATE of 3 rows");
    Map<Long, Double> now = amounts();
    assertThat(now).hasSize(9).doesNotContainKey(3L).containsEntry(0L, -1.0).containsEntry(2L, -1.0)
        .containsEntry(4L, 40.0);
    assertThat(Table.open(table).history(2)).extracting(h -> h.operation()).containsExactly("UPDATE", "DELETE");
  }

  @Test
  void rowLevelStagingRejectsOptionsThatDoNotFit() {
    Tide.Result noWhere = Tide.run("wap", "stage", table, "--id", "x", "--mode", "delete");
    assertThat(noWhere.exit()).isEqualTo(1);
    assertThat(noWhere.err()).contains("--where");
    Tide.Result input = Tide.run("wap", "stage", table, "--id", "x", "--mode", "update", "--set", "amount = 1",
        "--input", rows.toString());
    assertThat(input.exit()).isEqualTo(1);
    Tide.Result noInput = Tide.run("wap", "stage", table, "--id", "x");
    assertThat(noInput.exit()).isEqualTo(1);
    assertThat(noInput.err()).contains("--input");
    Tide.Result badColumn = Tide.run("wap", "stage", table, "--id", "x", "--mode", "delete", "--where", "amout > 1");
    assertThat(badColumn.exit()).isEqualTo(1);
    assertThat(Table.open(table).stagedCommits()).isEmpty();
  }

  @Test
  void writeWithQuarantineIsExactlyOnceAcrossACrashWithoutATxnApp() throws Exception {
    String q = dir.resolve("q").toString();
    crashAfterQuarantineCommit(true);
    Tide.Result crashed = Tide.run("write", table, "--input", rows.toString(), "--expect", suite.toString(),
        "--quarantine", q);
    assertThat(crashed.exit()).isEqualTo(2);
    assertThat(Table.open(q).newScan().count()).isEqualTo(3); // amounts 70, 80, 90
    assertThat(Table.open(table).snapshot().version()).isZero();

    crashAfterQuarantineCommit(false);
    JsonNode rerun = JsonValues.MAPPER.readTree(Tide.ok("write", table, "--input", rows.toString(), "--expect",
        suite.toString(), "--quarantine", q, "--json").out());
    assertThat(rerun.get("committed").asBoolean()).isTrue();
    assertThat(rerun.get("quarantinedRows").asLong()).isEqualTo(3);
    assertThat(rerun.get("txnApp").asText()).startsWith("tide-write.");
    assertThat(Table.open(q).newScan().count()).as("not quarantined twice").isEqualTo(3);
    assertThat(amounts().keySet()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);

    Tide.Result third = Tide.ok("write", table, "--input", rows.toString(), "--expect", suite.toString(),
        "--quarantine", q);
    assertThat(third.out()).startsWith("Skipped").contains("--txn-app");
    assertThat(amounts()).hasSize(7);
    assertThat(Table.open(q).newScan().count()).isEqualTo(3);
  }

  @Test
  void writeReportsTheQuarantinedRowCountInText() throws Exception {
    String q = dir.resolve("q").toString();
    Tide.Result r = Tide.ok("write", table, "--input", rows.toString(), "--expect", suite.toString(), "--quarantine",
        q, "--txn-app", "job", "--txn-version", "1");
    assertThat(r.out()).contains("7 rows").contains("3 rows quarantined to " + q);
    Files.writeString(rows, "id,country,amount\n100,DE,1\n");
    assertThat(Tide.ok("write", table, "--input", rows.toString(), "--expect", suite.toString(), "--quarantine",
        q).out()).contains("no row quarantined");
  }

  @Test
  void quarantineFromStdinNeedsAnExplicitTxn() {
    Tide.Result r = Tide.run("write", table, "--input", "-", "--format", "csv", "--expect", suite.toString(),
        "--quarantine", dir.resolve("q").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--txn-app");
  }
}
