package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An empty input: an overwrite is refused unless --allow-empty; an append commits nothing and says so. */
class EmptyWriteTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() throws IOException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, date date", "--partition-by", "date");
    Tide.ok("write", table, "--input", file("a.csv", "id,date\n1,2025-01-01\n2,2025-01-02\n"));
  }

  @Test
  void emptyOverwriteIsRefusedAndKeepsEveryRow() throws IOException {
    for (String empty : new String[] {file("zero.csv", ""), file("header.csv", "id,date\n"), file("e.jsonl", "\n")}) {
      Tide.Result r = Tide.run("write", table, "--input", empty, "--mode", "overwrite");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("has no rows").contains("delete every row of the table").contains("--allow-empty");
      Tide.Result rw = Tide.run("write", table, "--input", empty, "--replace-where", "date = '2025-01-01'");
      assertThat(rw.exit()).isEqualTo(1);
      assertThat(rw.err()).contains("matching --replace-where");
    }
    assertThat(version()).isEqualTo(1);
    assertThat(Table.open(table).newScan().count()).isEqualTo(2);
  }

  @Test
  void allowEmptyOverwriteDeletes() throws IOException {
    Tide.ok("write", table, "--input", file("zero.csv", ""), "--mode", "overwrite", "--allow-empty");
    assertThat(version()).isEqualTo(2);
    assertThat(Table.open(table).newScan().count()).isZero();
  }

  @Test
  void emptyAppendCommitsNothingAndSaysSo() throws IOException {
    Tide.Result r = Tide.ok("write", table, "--input", file("zero.csv", ""));
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("has no rows; nothing to append, no commit made").contains("stays at version 1");
    assertThat(version()).isEqualTo(1);
  }

  private long version() {
    return Table.open(table).snapshot().version();
  }

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }
}
