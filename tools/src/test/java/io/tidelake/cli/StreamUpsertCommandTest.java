package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tide stream --output-mode update --key: each batch upserted into the sink through MERGE, against a map
 * model (last value per key in arrival order), across runs, with keys repeated within a batch.
 */
class StreamUpsertCommandTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, region string, amount long");

  @TempDir
  Path dir;

  @Test
  void upsertsEachBatchByKeyAndLastRowOfAKeyWins() {
    String src = dir.resolve("src").toString();
    String sink = dir.resolve("sink").toString();
    String cp = dir.resolve("cp").toString();
    Map<String, Long> model = new TreeMap<>();
    Random random = new Random(4);
    String[] cmd = {"stream", src, "--to", sink, "--checkpoint", cp, "--output-mode", "update", "--key",
        "id, region", "--max-files-per-trigger", "2", "--select", "id, region, amount * 10 AS amount"};
    try (Table t = Table.create(src).schema(SCHEMA).create()) {
      for (int run = 0; run < 3; run++) {
        for (int c = 0; c < 4; c++) {
          List<Row> rows = new ArrayList<>();
          for (int i = 0; i < 12; i++) {
            long id = random.nextInt(8);
            String region = "r" + random.nextInt(2);
            long amount = random.nextInt(1000);
            rows.add(Row.of(SCHEMA, id, region, amount));
            model.put(id + "|" + region, amount * 10);
          }
          t.newAppend().addRows(rows).commit();
        }
        Tide.ok(cmd);
        Map<String, Long> actual = new TreeMap<>();
        try (Table s = Table.open(sink)) {
          for (Row r : s.newScan().toList()) {
            assertThat(actual.put(r.getLong(0) + "|" + r.getString(1), r.getLong(2))).as("one row per key").isNull();
          }
          assertThat(s.history(1).get(0).operation()).isEqualTo("MERGE");
        }
        assertThat(actual).isEqualTo(model);
      }
    }
    Tide.Result noKey = Tide.run("stream", src, "--to", sink, "--checkpoint", cp, "--output-mode", "update");
    assertThat(noKey.exit()).isEqualTo(1);
    assertThat(noKey.err()).contains("--output-mode update and --key go together");
  }
}
