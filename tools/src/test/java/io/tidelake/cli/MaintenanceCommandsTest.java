package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tide optimize, vacuum, checkpoint, cleanup-log and maintain: results, --json documents and user errors. */
class MaintenanceCommandsTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() throws IOException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, date date, country string", "--partition-by", "date");
    for (int w = 0; w < 3; w++) {
      Path in = dir.resolve("rows" + w + ".csv");
      StringBuilder sb = new StringBuilder("id,date,country\n");
      for (int i = w * 10; i < w * 10 + 10; i++) {
        sb.append(i).append(",2025-01-0").append(1 + i % 2).append(',').append(i % 3 == 0 ? "DE" : "FR").append('\n');
      }
      Files.writeString(in, sb.toString());
      Tide.ok("write", table, "--input", in.toString());
    }
  }

  @Test
  void optimizeThenVacuum() throws Exception {
    List<String> before = Tide.ok("cat", table, "--format", "jsonl").outLines().stream().sorted().toList();
    Tide.Result opt = Tide.ok("optimize", table, "--target-size", "1MB", "--max-threads", "2", "--json");
    JsonNode o = JsonValues.MAPPER.readTree(opt.out());
    assertThat(o.get("operation").asText()).isEqualTo("OPTIMIZE");
    assertThat(o.get("committed").asBoolean()).isTrue();
    assertThat(o.at("/operationMetrics/numRemovedFiles").asLong()).isEqualTo(6);
    assertThat(o.at("/operationMetrics/numAddedFiles").asLong()).isEqualTo(2);
    assertThat(Tide.ok("cat", table, "--format", "jsonl").outLines().stream().sorted().toList()).isEqualTo(before);
    Tide.Result again = Tide.ok("optimize", table);
    assertThat(again.out()).startsWith("Nothing to optimize");

    Thread.sleep(2); // with 0h retention a file must be strictly older than vacuum's "now"
    Tide.Result dry = Tide.ok("vacuum", table, "--retain", "0h", "--force", "--dry-run", "--json");
    JsonNode d = JsonValues.MAPPER.readTree(dry.out());
    assertThat(d.at("/operationMetrics/numFilesToDelete").asLong()).isEqualTo(6);
    assertThat(d.get("files")).hasSize(6);
    assertThat(d.get("files").get(0).get("size").asLong()).isPositive();

    Tide.Result vac = Tide.ok("vacuum", table, "--retain", "0h", "--force");
    assertThat(vac.out()).startsWith("Deleted 6 files");
    assertThat(Tide.ok("cat", table, "--format", "jsonl").outLines().stream().sorted().toList()).isEqualTo(before);
    assertThat(Table.open(table).history(2)).extracting(h -> h.operation()).containsExactly("VACUUM END",
        "VACUUM START");
  }

  @Test
  void catExplainShowsTheFilesOptimizeSaves() throws Exception {
    JsonNode before = JsonValues.MAPPER.readTree(Tide.ok("cat", table, "--where", "date = '2025-01-01' AND id = 4",
        "--explain", "--json").out());
    assertThat(before.get("filesInTable").asLong()).isEqualTo(6);
    assertThat(before.get("filesAfterPartitionPruning").asLong()).isEqualTo(3);
    assertThat(before.get("filesAfterStatsSkipping").asLong()).isEqualTo(1); // ids 0-9 are in the first write only
    assertThat(before.get("rowsToRead").asLong()).isEqualTo(5);
    Tide.ok("optimize", table);
    Tide.Result after = Tide.ok("cat", table, "--where", "date = '2025-01-01'", "--explain");
    assertThat(after.out()).contains("files in the table:          2").contains("after partition pruning:     1")
        .contains("rows to read:                15");
    Tide.Result bad = Tide.run("cat", table, "--json");
    assertThat(bad.exit()).isEqualTo(1);
  }

  @Test
  void checkpointCleanupAndMaintain() throws Exception {
    assertThat(Tide.ok("checkpoint", table).out()).isEqualTo("Wrote the checkpoint of version 3\n");
    assertThat(dir.resolve("t/_delta_log/00000000000000000003.checkpoint.parquet")).exists();
    assertThat(Tide.ok("checkpoint", table, "--json").out()).isEqualTo("{\n  \"version\" : 3\n}\n");
    try (Stream<Path> s = Files.list(dir.resolve("t/_delta_log"))) {
      s.forEach(p -> p.toFile().setLastModified(System.currentTimeMillis() - 40L * 86_400_000L));
    }
    Tide.Result c = Tide.ok("cleanup-log", table, "--json");
    JsonNode j = JsonValues.MAPPER.readTree(c.out());
    assertThat(j.get("numDeletedLogFiles").asInt()).isEqualTo(3);
    assertThat(j.get("earliestVersion").asLong()).isEqualTo(3);
    assertThat(Tide.ok("cat", table, "--format", "jsonl").outLines()).hasSize(30);

    Tide.Result m = Tide.ok("maintain", table, "--json");
    JsonNode mj = JsonValues.MAPPER.readTree(m.out());
    assertThat(mj.at("/optimize/operationMetrics/numRemovedFiles").asLong()).isEqualTo(6);
    assertThat(mj.at("/vacuum/numDeletedFiles").asLong()).isZero(); // the replaced files are within 7 days
    assertThat(mj.has("cleanupLog")).isTrue();
    assertThat(Tide.ok("cat", table, "--format", "jsonl").outLines()).hasSize(30);
  }

  @Test
  void userErrorsAreOneLineTypedAndChangeNothing() {
    long version = Table.open(table).snapshot().version();
    // a retention vacuum and log cleanup could not read later is refused when it is set
    Tide.Result badInterval = Tide.run("alter", table, "--set-property", "delta.logRetentionDuration=interval 1 fortnight");
    assertThat(badInterval.exit()).isEqualTo(1);
    assertThat(badInterval.errLines()).hasSize(1);
    assertThat(badInterval.err()).contains("must be an interval such as 'interval 7 days'");
    Tide.Result noForce = Tide.run("vacuum", table, "--retain", "0h");
    assertThat(noForce.exit()).isEqualTo(1);
    assertThat(noForce.errLines()).hasSize(1);
    assertThat(noForce.err()).contains("--force").contains("7 days");
    Tide.Result bad = Tide.run("vacuum", table, "--retain", "seven days", "--json");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("\"MaintenanceArgumentException\"").contains("168h");
    Tide.Result negative = Tide.run("vacuum", table, "--retain", "-1h");
    assertThat(negative.exit()).isEqualTo(1);
    Tide.Result nonPartition = Tide.run("optimize", table, "--where", "id > 3");
    assertThat(nonPartition.exit()).isEqualTo(1);
    assertThat(nonPartition.errLines()).hasSize(1);
    assertThat(nonPartition.err()).contains("partition columns only");
    Tide.Result unquotedDate = Tide.run("optimize", table, "--where", "date = 2025-01-01");
    assertThat(unquotedDate.exit()).isEqualTo(1);
    assertThat(unquotedDate.err()).startsWith("tide: --where: ").contains("did you mean '2025-01-01'");
    Tide.Result zPart = Tide.run("optimize", table, "--zorder-by", "date");
    assertThat(zPart.exit()).isEqualTo(1);
    assertThat(zPart.err()).contains("partition column");
    Tide.Result size = Tide.run("optimize", table, "--target-size", "big");
    assertThat(size.exit()).isEqualTo(1);
    assertThat(size.err()).contains("128MB");
    Tide.Result notTable = Tide.run("vacuum", dir.resolve("nothing").toString(), "--json");
    assertThat(notTable.exit()).isEqualTo(1);
    assertThat(notTable.out()).contains("\"error\"");
    assertThat(Table.open(table).snapshot().version()).isEqualTo(version);
  }
}
