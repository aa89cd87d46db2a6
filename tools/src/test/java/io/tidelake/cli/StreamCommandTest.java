package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tide stream and tide stream-status: runs, re-runs, status, and errors as the exit-code contract says. */
class StreamCommandTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, amount long");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static void append(Table t, long first, int n) {
    List<Row> rows = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      rows.add(Row.of(SCHEMA, id, id * 5));
    }
    t.newAppend().addRows(rows).commit();
  }

  /** "stream" then the parts, String[] parts spliced in. */
  private static String[] args(Object... parts) {
    List<String> all = new ArrayList<>(List.of("stream"));
    for (Object p : parts) {
      if (p instanceof String[] many) {
        all.addAll(List.of(many));
      } else {
        all.add((String) p);
      }
    }
    return all.toArray(String[]::new);
  }

  @Test
  void streamsInBatchesThenOnlyNewCommitsAndReportsStatus() throws Exception {
    String src = dir.resolve("src").toString();
    String sink = dir.resolve("sink").toString();
    String cp = dir.resolve("cp").toString();
    try (Table t = Table.create(src).schema(SCHEMA).create()) {
      for (int i = 0; i < 3; i++) {
        append(t, i * 10L, 10);
      }
      String[] query = {"--where", "amount >= 20", "--select", "id, amount * 2 AS doubled"};
      Tide.Result r = Tide.ok(args(src, "--to", sink, "--checkpoint", cp, "--max-files-per-trigger", "2", "--json",
          query));
      JsonNode n = JSON.readTree(r.out());
      assertThat(r.outLines()).hasSize(1);
      assertThat(n.get("batches").asInt()).isEqualTo(2);
      assertThat(n.get("numInputRows").asLong()).isEqualTo(26);
      assertThat(n.at("/endOffset/reservoirVersion").asLong()).isEqualTo(4);
      assertThat(r.err()).contains("batch 0: ").contains("batch 1: ");
      assertThat(Tide.ok(args(src, "--to", sink, "--checkpoint", cp, query)).out()).startsWith("No new data");
      append(t, 30, 4);
      assertThat(Tide.ok(args(src, "--to", sink, "--checkpoint", cp, query)).out())
          .startsWith("Streamed 4 rows (4 written) in 1 batch into");
      Tide.Result wrongColumns = Tide.run("stream", src, "--to", sink, "--checkpoint", cp);
      assertThat(wrongColumns.exit()).isEqualTo(1);
      assertThat(wrongColumns.err()).contains("output column 'amount' is not in the sink table");
      try (Table out = Table.open(sink)) {
        assertThat(out.snapshot().schema().fieldNames()).containsExactly("id", "doubled");
        assertThat(out.newScan().where("doubled = id * 10").count()).isEqualTo(30);
        assertThat(out.newScan().count()).isEqualTo(30);
      }
      JsonNode s = JSON.readTree(Tide.ok("stream-status", cp, "--json").out());
      assertThat(s.get("latestBatchId").asLong()).isEqualTo(2);
      assertThat(s.get("pendingBatch").asBoolean()).isFalse();
      assertThat(s.get("sourceLocation").asText()).isEqualTo(src);
      assertThat(s.get("sinkLocation").asText()).isEqualTo(sink);
      try (Table out = Table.open(sink)) {
        assertThat(s.get("sinkTableId").asText()).isEqualTo(out.snapshot().metadata().id());
      }
      assertThat(s.at("/endOffset/reservoirVersion").asLong()).isEqualTo(5);
      assertThat(Tide.ok("stream-status", cp).out()).contains("last batch      2 (committed)")
          .contains("source offset   version 5, index -1");
    }
  }

  @Test
  void windowedQueryWritesWindowsAndLateRows() throws Exception {
    StructType events = SchemaDdl.parse("id long not null, user string, amount long, ts timestamp");
    String src = dir.resolve("events").toString();
    try (Table t = Table.create(src).schema(events).create()) {
      long min = 60_000;
      t.newAppend().addRows(List.of(Row.of(events, 1L, "a", 10L, java.time.Instant.ofEpochMilli(5 * min)),
          Row.of(events, 2L, "a", 20L, java.time.Instant.ofEpochMilli(125 * min)))).commit();
      t.newAppend().addRows(List.of(Row.of(events, 3L, "b", 30L, java.time.Instant.ofEpochMilli(7 * min)),
          Row.of(events, 4L, "a", 40L, java.time.Instant.ofEpochMilli(130 * min)))).commit();
      Tide.Result r = Tide.ok("stream", src, "--to", dir.resolve("hourly").toString(), "--checkpoint",
          dir.resolve("cph").toString(), "--starting-version", "1", "--max-files-per-trigger", "1",
          "--window", "tumbling(ts, 1 hour)", "--group-by", "user", "--agg", "count(*) AS n, sum(amount) AS total",
          "--watermark", "10 minutes", "--late-table", dir.resolve("late").toString(), "--json");
      // batch 0 under watermark 0; batch 1 under 115 min (125 − 10): id 3 (7 min) is late, [0, 60) closes
      assertThat(JSON.readTree(r.out()).get("batches").asInt()).isEqualTo(2);
      try (Table hourly = Table.open(dir.resolve("hourly").toString());
          Table late = Table.open(dir.resolve("late").toString())) {
        assertThat(hourly.snapshot().schema().fieldNames())
            .containsExactly("window_start", "window_end", "user", "n", "total");
        List<String> windows = hourly.newScan().toList().stream()
            .map(x -> x.getTimestamp(0).toEpochMilli() / min + ":" + x.getString(2) + ":" + x.getLong(3) + ":"
                + x.getLong(4)).sorted().toList();
        assertThat(windows).containsExactly("0:a:1:10"); // [120, 180) stays open: the watermark is at 120
        assertThat(late.newScan().toList()).extracting(x -> x.getLong("id") + ":" + x.getLong("_late_by_ms"))
            .containsExactly("3:" + (108 * min));
      }
    }
  }

  @Test
  void windowedQueryInUpdateModeUpsertsChangedWindowsIncludingOpenOnes() throws Exception {
    StructType events = SchemaDdl.parse("id long not null, user string, amount long, ts timestamp");
    String src = dir.resolve("events").toString();
    String sink = dir.resolve("live").toString();
    long min = 60_000;
    try (Table t = Table.create(src).schema(events).create()) {
      t.newAppend().addRows(List.of(Row.of(events, 1L, "a", 10L, java.time.Instant.ofEpochMilli(5 * min)),
          Row.of(events, 2L, "a", 20L, java.time.Instant.ofEpochMilli(125 * min)))).commit();
      String[] cmd = {"stream", src, "--to", sink, "--checkpoint", dir.resolve("cpu").toString(), "--starting-version",
          "1", "--window", "tumbling(ts, 1 hour)", "--group-by", "user", "--agg", "count(*) AS n, sum(amount) AS total",
          "--watermark", "10 minutes", "--late-table", dir.resolve("late").toString(), "--output-mode", "update"};
      Tide.ok(cmd);
      // both windows are in the sink at once, the open [120, 180) too; a later batch updates it in place
      t.newAppend().addRows(List.of(Row.of(events, 3L, "a", 30L, java.time.Instant.ofEpochMilli(130 * min)),
          Row.of(events, 4L, "a", 40L, java.time.Instant.ofEpochMilli(8 * min)))).commit();
      Tide.ok(cmd);
      try (Table live = Table.open(sink); Table late = Table.open(dir.resolve("late").toString())) {
        List<String> windows = live.newScan().toList().stream()
            .map(x -> x.getTimestamp(0).toEpochMilli() / min + ":" + x.getString(2) + ":" + x.getLong(3) + ":"
                + x.getLong(4)).sorted().toList();
        assertThat(windows).containsExactly("0:a:1:10", "120:a:2:50");
        assertThat(late.newScan().toList()).extracting(x -> x.getLong("id")).containsExactly(4L);
        assertThat(live.history(1).get(0).operationParameters()).containsEntry("outputMode", "Update");
        assertThat(live.history(1).get(0).operationMetrics()).containsEntry("numUpdatedRows", "1");
      }
      Tide.Result withKey = Tide.run("stream", src, "--to", sink, "--checkpoint", dir.resolve("cpk").toString(),
          "--window", "tumbling(ts, 1 hour)", "--output-mode", "update", "--key", "user");
      assertThat(withKey.exit()).isEqualTo(1);
      assertThat(withKey.err()).contains("--key is implied");
    }
  }

  @Test
  void errorsAreOneLineWithExitCodeOneAndJsonUnderJson() throws Exception {
    String src = dir.resolve("src").toString();
    String cp = dir.resolve("cp").toString();
    try (Table t = Table.create(src).schema(SCHEMA).create()) {
      append(t, 0, 5);
      Tide.ok("stream", src, "--to", dir.resolve("sink").toString(), "--checkpoint", cp);
      t.newDelete().where("id < 100").commit();
      Tide.Result r = Tide.run("stream", src, "--to", dir.resolve("sink").toString(), "--checkpoint", cp);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("version 2").contains("ignoreDeletes");
      Tide.Result j = Tide.run("stream", src, "--to", dir.resolve("sink").toString(), "--checkpoint", cp, "--json");
      assertThat(JSON.readTree(j.out()).at("/error/type").asText()).isEqualTo("SourceDataRemovedException");
      assertThat(Tide.ok("stream", src, "--to", dir.resolve("sink").toString(), "--checkpoint", cp,
          "--ignore-deletes").out()).startsWith("Streamed 0 rows");

      Tide.Result w = Tide.run("stream", src, "--to", dir.resolve("w").toString(), "--checkpoint",
          dir.resolve("cpw").toString(), "--window", "tumbling(amount, 1 hour)");
      assertThat(w.exit()).isEqualTo(1);
      assertThat(w.err()).contains("must be a timestamp");
      Tide.Result noWindow = Tide.run("stream", src, "--to", dir.resolve("w").toString(), "--checkpoint",
          dir.resolve("cpw").toString(), "--group-by", "id");
      assertThat(noWindow.exit()).isEqualTo(1);
      assertThat(noWindow.err()).contains("--window");
      Tide.Result bad = Tide.run("stream", src, "--to", dir.resolve("b").toString(), "--checkpoint",
          dir.resolve("cpb").toString(), "--trigger", "sometimes");
      assertThat(bad.exit()).isEqualTo(1);
      assertThat(bad.err()).contains("available-now");
      Tide.Result none = Tide.run("stream-status", dir.resolve("nothing").toString());
      assertThat(none.exit()).isEqualTo(1);
      assertThat(none.err()).contains("No streaming checkpoint");
      // a directory that exists but holds no checkpoint (here: a table), in text and JSON
      Tide.Result notCp = Tide.run("stream-status", src);
      assertThat(notCp.exit()).isEqualTo(1);
      assertThat(notCp.errLines()).hasSize(1);
      assertThat(notCp.err()).contains("No streaming checkpoint in " + src).doesNotContain("Exception");
      Tide.Result notCpJson = Tide.run("stream-status", src, "--json");
      assertThat(notCpJson.exit()).isEqualTo(1);
      assertThat(JSON.readTree(notCpJson.out()).at("/error/type").asText()).isNotEqualTo("CheckpointConflictException");
      assertThat(JSON.readTree(notCpJson.out()).at("/error/message").asText()).contains("No streaming checkpoint");
    }
  }
}
