package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** describe: table size summed without overflow; --orphans finds files no version references. */
class DescribeSizesAndOrphansTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() throws IOException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, day date", "--partition-by", "day");
    Path in = dir.resolve("a.csv");
    Files.writeString(in, "id,day\n1,2025-01-01\n2,2025-01-02\n");
    Tide.ok("write", table, "--input", in.toString());
  }

  @Test
  void absurdFileSizesDoNotSumToANegativeNumber() throws Exception {
    // a log (corrupt, or from a faulty engine) whose two files claim Long.MAX_VALUE bytes each
    String add = "{\"add\":{\"path\":\"day=2025-01-03/x%d.parquet\",\"partitionValues\":{\"day\":\"2025-01-03\"},"
        + "\"size\":9223372036854775807,\"modificationTime\":1,\"dataChange\":true}}\n";
    Files.writeString(Path.of(table, "_delta_log", "00000000000000000002.json"),
        String.format(add, 1) + String.format(add, 2));
    Tide.Result r = Tide.ok("describe", table);
    assertThat(r.out()).contains("files:          4 (18,446,744,073,709,55").contains("impossible file sizes");
    JsonNode j = JsonValues.MAPPER.readTree(Tide.ok("describe", table, "--json").out());
    assertThat(j.get("sizeInBytes").bigIntegerValue().signum()).isPositive();
    assertThat(j.get("sizeInBytes").bigIntegerValue()).isGreaterThan(java.math.BigInteger.valueOf(Long.MAX_VALUE));
    assertThat(j.get("sizeWarning").asText()).contains("impossible");
  }

  @Test
  void orphansListsUnreferencedDataAndLogTempFiles() throws Exception {
    Tide.Result clean = Tide.ok("describe", table, "--orphans");
    assertThat(clean.out()).contains("orphans:        none");

    // what a killed write leaves: a partial data file in a new partition, a complete one, a commit's temp file
    Path part = Path.of(table, "day=2025-01-09");
    Files.createDirectories(part);
    Files.write(part.resolve("part-00000-dead.snappy.parquet"), new byte[123]);
    Files.write(Path.of(table, "day=2025-01-01", "part-00001-dead.snappy.parquet"), new byte[7]);
    Files.write(Path.of(table, "_delta_log", ".00000000000000000002.json.abc.tmp"), new byte[10]);

    Tide.Result r = Tide.ok("describe", table, "--orphans");
    assertThat(r.out()).contains("3 unreferenced files (140 B)").contains("part-00000-dead.snappy.parquet")
        .contains("part-00001-dead.snappy.parquet").contains(".00000000000000000002.json.abc.tmp");
    // the live data files and the log itself are not orphans
    assertThat(r.out().lines().filter(l -> l.contains(".parquet") || l.contains(".json")).count()).isEqualTo(3);

    JsonNode j = JsonValues.MAPPER.readTree(Tide.ok("describe", table, "--orphans", "--json").out());
    assertThat(j.get("orphans").get("count").asInt()).isEqualTo(3);
    assertThat(j.get("orphans").get("bytes").asLong()).isEqualTo(140);
    assertThat(j.get("orphans").get("files")).hasSize(3);
    // without --orphans, no listing and no key
    assertThat(JsonValues.MAPPER.readTree(Tide.ok("describe", table, "--json").out()).has("orphans")).isFalse();
  }

  @Test
  void filesRemovedByAnOverwriteAreKeptForTimeTravelNotOrphans() throws Exception {
    Path in = dir.resolve("b.csv");
    Files.writeString(in, "id,day\n3,2025-01-01\n");
    Tide.ok("write", table, "--input", in.toString(), "--replace-where", "day = '2025-01-01'");
    assertThat(Tide.ok("describe", table, "--orphans").out()).contains("orphans:        none");
  }
}
