package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidelake.format.Row;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tide merge: file and table sources, SQL clauses, the --json document, txn idempotence, and user errors. */
class MergeCommandTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() throws IOException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, date date, amount double", "--partition-by", "date");
    Path in = dir.resolve("rows.csv");
    StringBuilder sb = new StringBuilder("id,date,amount\n");
    for (int i = 0; i < 10; i++) {
      sb.append(i).append(",2025-01-0").append(1 + i % 2).append(',').append(i).append(".0\n");
    }
    Files.writeString(in, sb.toString());
    Tide.ok("write", table, "--input", in.toString());
  }

  Map<Long, Double> rows() {
    Map<Long, Double> out = new TreeMap<>();
    for (Row r : Table.open(table).newScan().toList()) {
      out.put(r.getLong("id"), r.getDouble(r.ordinal("amount")));
    }
    return out;
  }

  @Test
  void upsertFromJsonLinesWithJsonOutput() throws Exception {
    Path src = dir.resolve("changes.jsonl");
    Files.writeString(src, """
        {"id": 1, "date": "2025-01-02", "amount": 100.0, "op": "U"}
        {"id": 2, "date": "2025-01-01", "amount": 0, "op": "D"}
        {"id": 42, "date": "2025-01-01", "amount": 4.2, "op": "U"}
        """);
    Tide.Result r = Tide.ok("merge", table, "--source", src.toString(), "--source-schema",
        "id long, date date, amount double, op string", "--on", "t.id = s.id",
        "--when", "MATCHED AND s.op = 'D' THEN DELETE", "--when", "MATCHED THEN UPDATE SET *",
        "--when", "NOT MATCHED THEN INSERT *", "--json");
    JsonNode j = JsonValues.MAPPER.readTree(r.out());
    assertThat(j.get("version").asLong()).isEqualTo(2);
    assertThat(j.get("operation").asText()).isEqualTo("MERGE");
    assertThat(j.at("/operationMetrics/numTargetRowsInserted").asText()).isEqualTo("1");
    assertThat(j.at("/operationMetrics/numTargetRowsUpdated").asText()).isEqualTo("1");
    assertThat(j.at("/operationMetrics/numTargetRowsDeleted").asText()).isEqualTo("1");
    assertThat(rows()).containsEntry(1L, 100.0).containsEntry(42L, 4.2).doesNotContainKey(2L).hasSize(10);
    assertThat(Table.open(table).history(1).get(0).operationParameters().get("matchedPredicates"))
        .isEqualTo("[{\"predicate\":\"s.op = 'D'\",\"actionType\":\"delete\"},{\"actionType\":\"update\"}]");
  }

  @Test
  void aTableAtAVersionAsTheSourceAndTxnIdempotence() {
    String src = dir.resolve("src").toString();
    Tide.ok("create", src, "--schema", "id long not null, date date, amount double");
    Path in = dir.resolve("src.csv");
    try {
      Files.writeString(in, "id,date,amount\n3,2025-01-02,33.0\n");
      Tide.ok("write", src, "--input", in.toString());
      Files.writeString(in, "id,date,amount\n4,2025-01-01,44.0\n");
      Tide.ok("write", src, "--input", in.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String[] args = {"merge", table, "--source", src, "--source-version", "1", "--on", "t.id = s.id",
        "--when", "MATCHED THEN UPDATE SET amount = s.amount", "--txn-app", "nightly", "--txn-version", "7"};
    Tide.Result first = Tide.ok(args);
    assertThat(first.out()).startsWith("Merged 1 source rows: 0 inserted, 1 updated, 0 deleted (version 2)");
    Tide.Result again = Tide.ok(args);
    assertThat(again.out()).contains("nothing to commit");
    assertThat(rows()).containsEntry(3L, 33.0).containsEntry(4L, 4.0);
    // a Parquet file (here: a data file of the source table) as the source, by its extension
    String parquet;
    try (java.util.stream.Stream<Path> files = Files.walk(Path.of(src))) {
      parquet = files.map(Path::toString).filter(p -> p.endsWith(".parquet") && !p.contains("_delta_log"))
          .filter(p -> readsId(p, 4)).findFirst().orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Tide.ok("merge", table, "--source", parquet, "--on", "t.id = s.id", "--when", "MATCHED THEN UPDATE SET *");
    assertThat(rows()).containsEntry(4L, 44.0);
  }

  private static boolean readsId(String parquetFile, long id) {
    try (var it = io.tidelake.format.parquet.DataFileReader.read(
        io.tidelake.format.store.ObjectStores.forLocation(parquetFile), parquetFile,
        io.tidelake.format.types.SchemaDdl.parse("id long"))) {
      return it.hasNext() && it.next().getLong(0) == id;
    }
  }

  @Test
  void userErrorsAreOneLineOrOneJsonDocument() throws Exception {
    Path src = dir.resolve("dup.csv");
    Files.writeString(src, "id,date,amount\n1,2025-01-02,1.0\n1,2025-01-02,2.0\n");
    Tide.Result r = Tide.run("merge", table, "--source", src.toString(), "--on", "t.id = s.id",
        "--when", "MATCHED THEN UPDATE SET *");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines()).singleElement().satisfies(l -> assertThat(l).contains("source rows 0 and 1"));
    Tide.Result bad = Tide.run("merge", table, "--source", src.toString(), "--on", "t.id = s.idd",
        "--when", "MATCHED THEN DELETE", "--json");
    assertThat(bad.exit()).isEqualTo(1);
    JsonNode j = JsonValues.MAPPER.readTree(bad.out());
    assertThat(j.toString()).contains("idd");
    Tide.Result clause = Tide.run("merge", table, "--source", src.toString(), "--on", "t.id = s.id",
        "--when", "MATCHED THEN INSERT *");
    assertThat(clause.exit()).isEqualTo(1);
    assertThat(clause.errLines()).singleElement().satisfies(l -> assertThat(l).contains("MATCHED cannot INSERT"));
    assertThat(rows()).hasSize(10).containsEntry(1L, 1.0);
  }
}
