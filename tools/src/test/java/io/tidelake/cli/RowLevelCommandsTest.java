package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tide alter, update, delete and changes: commits, --json documents, change rows, and user errors. */
class RowLevelCommandsTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() throws IOException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, date date, country string, amount double",
        "--partition-by", "date");
    Path in = dir.resolve("rows.csv");
    StringBuilder sb = new StringBuilder("id,date,country,amount\n");
    for (int i = 0; i < 20; i++) {
      sb.append(i).append(",2025-01-0").append(1 + i % 2).append(',').append(i % 3 == 0 ? "DE" : "FR").append(',')
          .append(i).append(".5\n");
    }
    Files.writeString(in, sb.toString());
    Tide.ok("write", table, "--input", in.toString());
  }

  @Test
  void alterUpdateDeleteAndChanges() throws Exception {
    Tide.Result alter = Tide.ok("alter", table, "--set-property", "delta.enableDeletionVectors=true",
        "--set-property", "delta.enableChangeDataFeed=true", "--json");
    JsonNode a = JsonValues.MAPPER.readTree(alter.out());
    assertThat(a.get("version").asLong()).isEqualTo(2);
    assertThat(a.get("operation").asText()).isEqualTo("SET TBLPROPERTIES");
    Table t = Table.open(table);
    assertThat(t.snapshot().protocol().readerFeatures()).containsExactly("deletionVectors");

    Tide.Result upd = Tide.ok("update", table, "--set", "amount = amount * 2, country = lower(country)",
        "--where", "country = 'DE'", "--json");
    JsonNode u = JsonValues.MAPPER.readTree(upd.out());
    assertThat(u.get("operation").asText()).isEqualTo("UPDATE");
    assertThat(u.at("/operationMetrics/numUpdatedRows").asText()).isEqualTo("7");
    assertThat(u.at("/operationMetrics/numDeletionVectorsAdded").asText()).isEqualTo("2");

    Tide.Result del = Tide.ok("delete", table, "--where", "amount > 30");
    assertThat(del.out()).isEqualTo("Deleted 2 rows (version 4)\n"); // ids 15 and 18, doubled to 31 and 37
    assertThat(Table.open(table).newScan().count()).isEqualTo(18);

    Tide.Result ch = Tide.ok("changes", table, "--from", "3", "--to", "3", "--format", "jsonl");
    assertThat(ch.out().lines()).hasSize(14)
        .anySatisfy(l -> assertThat(l).contains("\"_change_type\":\"update_preimage\"").contains("\"DE\""))
        .anySatisfy(l -> assertThat(l).contains("\"_change_type\":\"update_postimage\"").contains("\"de\""));
    Tide.Result canon = Tide.ok("changes", table, "--from", "4", "--format", "canonical");
    assertThat(canon.out().lines()).allSatisfy(l -> assertThat(l).contains("\"_change_type\":\"delete\"")
        .contains("\"_commit_version\":4"));
  }

  @Test
  void userErrorsAreOneLineAndChangeNothing() {
    Tide.Result bad = Tide.run("update", table, "--set", "amount = 'x' + 1");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.errLines()).hasSize(1);
    Tide.Result unknown = Tide.run("update", table, "--set", "amout = 1");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("amout").contains("amount");
    Tide.Result typed = Tide.run("update", table, "--set", "id = 'x'", "--json");
    assertThat(typed.exit()).isEqualTo(1);
    assertThat(typed.out()).contains("\"error\"");
    Tide.Result feature = Tide.run("alter", table, "--set-property", "delta.enableRowTracking=true");
    assertThat(feature.exit()).isEqualTo(1);
    assertThat(feature.err()).contains("rowTracking");
    Tide.Result noCdf = Tide.run("changes", table, "--from", "0");
    assertThat(noCdf.exit()).isEqualTo(1);
    assertThat(noCdf.err()).contains("did not record change data");
    Tide.Result where = Tide.run("delete", table, "--where", "country = DE");
    assertThat(where.exit()).isEqualTo(1);
    assertThat(Table.open(table).snapshot().version()).isEqualTo(1);
  }
}
