package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeTravelDescribeHistoryTest {
  @TempDir
  Path dir;

  String table;

  /** v0 create, v1 two rows, v2 one more row, v3 overwrite of day 2025-01-01. */
  @BeforeEach
  void buildHistory() throws IOException, InterruptedException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, day date", "--partition-by", "day",
        "--property", "delta.appendOnly=false");
    Tide.ok("write", table, "--input", file("a.csv", "id,day\n1,2025-01-01\n2,2025-01-02\n"));
    Thread.sleep(5); // distinct commit times, so "as of version 2's time" cannot mean version 3
    Tide.ok("write", table, "--input", file("b.csv", "id,day\n3,2025-01-02\n"));
    Thread.sleep(5);
    Tide.ok("write", table, "--input", file("c.csv", "id,day\n4,2025-01-01\n"), "--replace-where",
        "day = '2025-01-01'");
  }

  @Test
  void catByVersionAndTimestamp() {
    assertThat(Tide.ok("cat", table, "--version", "1", "--format", "canonical").outLines())
        .containsExactly("{\"id\":1,\"day\":\"2025-01-01\"}", "{\"id\":2,\"day\":\"2025-01-02\"}");
    assertThat(Tide.ok("cat", table, "--version", "0", "--format", "jsonl").out()).isEmpty();
    assertThat(Tide.ok("cat", table, "--format", "canonical").outLines())
        .containsExactly("{\"id\":2,\"day\":\"2025-01-02\"}", "{\"id\":3,\"day\":\"2025-01-02\"}",
            "{\"id\":4,\"day\":\"2025-01-01\"}");

    // as of the commit time of version 2 (epoch ms and ISO forms): version 2's rows
    long v2 = Table.open(table).snapshotAt(2).timestamp();
    List<String> atV2 = Tide.ok("cat", table, "--version", "2", "--format", "canonical").outLines();
    assertThat(atV2).hasSize(3);
    assertThat(Tide.ok("cat", table, "--timestamp", String.valueOf(v2), "--format", "canonical").outLines())
        .isEqualTo(atV2);
    assertThat(Tide.ok("cat", table, "--timestamp", Instant.ofEpochMilli(v2).toString(), "--format", "canonical")
        .outLines()).isEqualTo(atV2);

    Tide.Result both = Tide.run("cat", table, "--version", "1", "--timestamp", "2025-01-01");
    assertThat(both.exit()).isEqualTo(1);
    assertThat(Tide.run("cat", table, "--timestamp", "2000-01-01").exit()).isEqualTo(1); // before the table
  }

  @Test
  void catLimitAndWhere() {
    assertThat(Tide.ok("cat", table, "--format", "canonical", "--limit", "1").outLines())
        .containsExactly("{\"id\":2,\"day\":\"2025-01-02\"}");
    assertThat(Tide.ok("cat", table, "--where", "day = '2025-01-02' AND id > 2", "--columns", "id", "--format", "csv")
        .outLines()).containsExactly("id", "3");
    Tide.Result t = Tide.ok("cat", table, "--limit", "2");
    assertThat(t.outLines()).hasSize(5); // header, rule, 2 rows, footer
    assertThat(t.outLines().get(4)).startsWith("(first 2 rows");
  }

  @Test
  void describeJsonParses() throws IOException {
    JsonNode d = new ObjectMapper().readTree(Tide.ok("describe", table, "--json").out());
    assertThat(d.get("version").asLong()).isEqualTo(3);
    assertThat(d.get("location").asText()).isEqualTo(Path.of(table).toAbsolutePath().toString());
    assertThat(d.get("schema").get("type").asText()).isEqualTo("struct");
    assertThat(d.get("schema").get("fields").get(0).get("name").asText()).isEqualTo("id");
    assertThat(d.get("schema").get("fields").get(0).get("nullable").asBoolean()).isFalse();
    assertThat(d.get("partitionColumns").get(0).asText()).isEqualTo("day");
    assertThat(d.get("properties").get("delta.appendOnly").asText()).isEqualTo("false");
    assertThat(d.get("protocol").get("minReaderVersion").asInt()).isEqualTo(1);
    assertThat(d.get("numFiles").asInt()).isEqualTo(Table.open(table).snapshot().numFiles());
    assertThat(d.get("sizeInBytes").asLong()).isPositive();

    Tide.Result text = Tide.ok("describe", table);
    assertThat(text.out()).contains("version:        3").contains("    id   long not null\n")
        .contains("    day  date  (partition)\n").contains("protocol:       reader 1, writer 2");
  }

  @Test
  void historyNewestFirst() throws IOException {
    Tide.Result text = Tide.ok("history", table);
    List<String> ops = new ArrayList<>();
    for (String line : text.outLines().subList(2, text.outLines().size())) {
      ops.add(line.trim().split("\\s+")[0] + " " + line.trim().split("\\s+")[2]);
    }
    assertThat(ops).containsExactly("3 WRITE", "2 WRITE", "1 WRITE", "0 CREATE");
    assertThat(text.outLines().get(2)).contains("predicate=").contains("numRemovedFiles=1");

    JsonNode arr = new ObjectMapper().readTree(Tide.ok("history", table, "--json").out());
    assertThat(arr.size()).isEqualTo(4);
    List<HistoryEntry> expected = Table.open(table).history();
    for (int i = 0; i < 4; i++) {
      assertThat(arr.get(i).get("version").asLong()).isEqualTo(3 - i);
      assertThat(arr.get(i).get("operation").asText()).isEqualTo(expected.get(i).operation());
      assertThat(Instant.parse(arr.get(i).get("timestamp").asText()).toEpochMilli())
          .isEqualTo(expected.get(i).timestamp());
    }
    assertThat(arr.get(0).get("operationParameters").get("mode").asText()).isEqualTo("Overwrite");
    assertThat(arr.get(1).get("operationMetrics").get("numOutputRows").asText()).isEqualTo("1");

    assertThat(new ObjectMapper().readTree(Tide.ok("history", table, "--json", "--limit", "2").out()).size())
        .isEqualTo(2);
  }

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }
}
