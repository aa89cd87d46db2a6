package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent writes, replaceWhere and overwrite through {@code tide write}. */
class WriteSemanticsTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() throws IOException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, date date, v string", "--partition-by", "date",
        "--property", "delta.checkpointInterval=100");
    Tide.ok("write", table, "--input", file("days.jsonl",
        "{\"id\":1,\"date\":\"2025-01-01\",\"v\":\"a\"}",
        "{\"id\":2,\"date\":\"2025-01-02\",\"v\":\"b\"}",
        "{\"id\":3,\"date\":\"2025-01-02\",\"v\":\"c\"}"));
  }

  @Test
  void aRepeatedTxnIsSkipped() throws IOException {
    String batch = file("batch.csv", "id,date,v", "10,2025-01-03,x", "11,2025-01-03,y");
    Tide.Result first = Tide.ok("write", table, "--input", batch, "--txn-app", "loader", "--txn-version", "7");
    assertThat(first.out()).startsWith("Committed version 2 of").contains("2 rows");

    Tide.Result again = Tide.ok("write", table, "--input", batch, "--txn-app", "loader", "--txn-version", "7");
    assertThat(again.out()).startsWith("Skipped: txn loader/7 is already committed").contains("still at version 2");
    // an older batch number of the same app is skipped too
    assertThat(Tide.ok("write", table, "--input", batch, "--txn-app", "loader", "--txn-version", "3").out())
        .startsWith("Skipped");

    Table t = Table.open(table);
    assertThat(t.snapshot().version()).isEqualTo(2);
    assertThat(t.newScan().count()).isEqualTo(5);
    assertThat(t.snapshot().transactionVersion("loader")).hasValue(7);
  }

  @Test
  void replaceWhereReplacesOnlyTheMatchingPartition() throws IOException {
    String fix = file("fix.jsonl", "{\"id\":20,\"date\":\"2025-01-02\",\"v\":\"z\"}");
    Tide.Result r = Tide.ok("write", table, "--input", fix,
        "--replace-where", "date = '2025-01-02'");
    assertThat(r.out()).contains("replaceWhere date = '2025-01-02'").contains("1 row in 1 new file")
        .contains("1 file removed (2 rows replaced)");
    assertThat(Tide.ok("cat", table, "--format", "csv", "--columns", "id,date,v").outLines())
        .containsExactlyInAnyOrder("id,date,v", "1,2025-01-01,a", "20,2025-01-02,z");
  }

  @Test
  void aRowOutsideReplaceWhereFailsAndLeavesNothingBehind() throws IOException {
    String bad = file("bad.jsonl",
        "{\"id\":20,\"date\":\"2025-01-02\",\"v\":\"z\"}",
        "{\"id\":21,\"date\":\"2025-01-03\",\"v\":\"oops\"}");
    Tide.Result r = Tide.run("write", table, "--input", bad, "--replace-where", "date = '2025-01-02'");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("tide: " + bad + " line 2: ").contains("replaceWhere");

    Table t = Table.open(table);
    assertThat(t.snapshot().version()).isEqualTo(1);
    assertThat(t.newScan().count()).isEqualTo(3);
    assertThat(dataFiles()).hasSize(2); // the files written before the bad row were deleted
  }

  @Test
  void overwriteReplacesTheWholeTable() throws IOException {
    Tide.ok("write", table, "--input", file("all.csv", "id,date", "99,2025-02-01"), "--mode", "overwrite");
    assertThat(Tide.ok("cat", table, "--format", "jsonl").outLines())
        .containsExactly("{\"id\":99,\"date\":\"2025-02-01\",\"v\":null}");
  }

  @Test
  void aBadRowInTheMiddleOfAnAppendCommitsNothing() throws IOException {
    String bad = file("bad.jsonl", "{\"id\":30,\"date\":\"2025-01-05\"}", "{\"id\":null,\"date\":\"2025-01-05\"}");
    Tide.Result r = Tide.run("write", table, "--input", bad);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("tide: " + bad + " line 2: ").contains("'id'").contains("NOT NULL");
    assertThat(Table.open(table).snapshot().version()).isEqualTo(1);
    assertThat(dataFiles()).hasSize(2);
  }

  @Test
  void txnOptionsMustComeTogether() throws IOException {
    Tide.Result r = Tide.run("write", table, "--input", file("x.csv", "id", "1"), "--txn-app", "a");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("tide: --txn-app and --txn-version go together (see 'tide write --help')\n");
    Tide.Result mixed = Tide.run("write", table, "--input", file("y.csv", "id", "1"), "--mode", "append",
        "--replace-where", "id = 1");
    assertThat(mixed.exit()).isEqualTo(1);
    assertThat(mixed.err()).contains("--replace-where");
  }

  private List<Path> dataFiles() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of(table))) {
      return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).toList();
    }
  }

  private String file(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p.toString();
  }
}
