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

/** tide wap stage/list/show/publish/discard and tide write --expect/--quarantine: output, JSON, exit codes. */
class WapCommandsTest {
  @TempDir
  Path dir;

  String table;
  Path rows;
  Path suite;

  @BeforeEach
  void setUp() throws IOException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, country string, amount double");
    rows = dir.resolve("rows.csv");
    StringBuilder sb = new StringBuilder("id,country,amount\n");
    for (int i = 0; i < 10; i++) {
      sb.append(i).append(',').append(i == 3 ? "US" : "DE").append(',').append(i * 10).append('\n');
    }
    Files.writeString(rows, sb.toString());
    suite = dir.resolve("suite.json");
    Files.writeString(suite, """
        {"expectation_suite_name": "s", "expectations": [
          {"expectation_type": "expect_column_values_to_be_in_set",
           "kwargs": {"column": "country", "value_set": ["DE", "FR"]}, "meta": {}},
          {"expectation_type": "expect_column_values_to_be_between",
           "kwargs": {"column": "amount", "min_value": 0, "max_value": 60}, "meta": {"on_failure": "quarantine"}}
        ], "meta": {}}
        """);
  }

  @Test
  void stageShowPublishAndList() throws Exception {
    Tide.Result staged = Tide.ok("wap", "stage", table, "--id", "load-1", "--input", rows.toString(), "--json");
    JsonNode s = JsonValues.MAPPER.readTree(staged.out());
    assertThat(s.get("id").asText()).isEqualTo("load-1");
    assertThat(s.get("blocked").asBoolean()).isFalse(); // not audited: nothing blocks
    assertThat(Table.open(table).newScan().count()).isZero();

    Tide.Result list = Tide.ok("wap", "list", table, "--json");
    assertThat(JsonValues.MAPPER.readTree(list.out()).get(0).get("id").asText()).isEqualTo("load-1");
    Tide.Result pub = Tide.ok("wap", "publish", table, "load-1", "--json");
    JsonNode p = JsonValues.MAPPER.readTree(pub.out());
    assertThat(p.get("committed").asBoolean()).isTrue();
    assertThat(p.at("/operationMetrics/numOutputRows").asText()).isEqualTo("10");
    assertThat(Table.open(table).newScan().count()).isEqualTo(10);
    Tide.Result again = Tide.ok("wap", "publish", table, "load-1");
    assertThat(again.out()).contains("already published");
    assertThat(Tide.ok("wap", "list", table).out()).contains("No staged commits");
  }

  @Test
  void blockedPublishExitsThreeUnlessForced() throws Exception {
    // staging cannot quarantine (a staged commit is published as written): refused, nothing staged
    Tide.Result refused = Tide.run("wap", "stage", table, "--id", "q", "--input", rows.toString(), "--expect",
        suite.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("with a quarantine");
    Path failOnly = dir.resolve("fail-only.json");
    Files.writeString(failOnly, """
        {"expectation_suite_name": "s", "expectations": [
          {"expectation_type": "expect_column_values_to_be_in_set",
           "kwargs": {"column": "country", "value_set": ["DE", "FR"]}, "meta": {}}
        ], "meta": {}}
        """);
    Tide.ok("wap", "stage", table, "--id", "audited", "--input", rows.toString(), "--expect", failOnly.toString());
    Tide.Result show = Tide.ok("wap", "show", table, "audited", "--json");
    JsonNode sh = JsonValues.MAPPER.readTree(show.out());
    assertThat(sh.get("blocked").asBoolean()).isTrue();
    assertThat(sh.at("/expectations/results/0/result/unexpected_count").asLong()).isEqualTo(1);
    assertThat(Tide.ok("wap", "show", table, "audited").out()).contains("FAIL #0 expect_column_values_to_be_in_set");

    Tide.Result blocked = Tide.run("wap", "publish", table, "audited", "--json");
    assertThat(blocked.exit()).isEqualTo(3);
    JsonNode err = JsonValues.MAPPER.readTree(blocked.out());
    assertThat(err.at("/error/type").asText()).isEqualTo("ExpectationFailedException");
    assertThat(err.at("/error/expectations/success").asBoolean()).isFalse();
    assertThat(blocked.errLines()).hasSize(1);
    assertThat(Table.open(table).snapshot().version()).isZero();
    Tide.ok("wap", "publish", table, "audited", "--force");
    assertThat(Table.open(table).newScan().count()).isEqualTo(10);
  }

  @Test
  void discardDeletesAndUnknownIdsAreUserErrors() throws Exception {
    Tide.ok("wap", "stage", table, "--id", "x", "--input", rows.toString());
    Tide.Result d = Tide.ok("wap", "discard", table, "x", "--json");
    assertThat(JsonValues.MAPPER.readTree(d.out()).get("discarded").asBoolean()).isTrue();
    Tide.Result missing = Tide.run("wap", "publish", table, "x");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("has no staged commit 'x'");
  }

  @Test
  void writeWithExpectBlocksWithExitThreeOrQuarantines() throws Exception {
    Tide.Result blocked = Tide.run("write", table, "--input", rows.toString(), "--expect", suite.toString(),
        "--quarantine", dir.resolve("q").toString());
    assertThat(blocked.exit()).isEqualTo(3); // the US row fails an on_failure fail expectation
    assertThat(blocked.err()).contains("expect_column_values_to_be_in_set");
    assertThat(Table.open(table).snapshot().version()).isZero();

    Path quarantineOnly = dir.resolve("q-suite.json");
    Files.writeString(quarantineOnly, """
        {"name": "q", "expectations": [{"type": "expect_column_values_to_be_between",
          "kwargs": {"column": "amount", "min_value": 0, "max_value": 60}, "meta": {"on_failure": "quarantine"}}]}
        """);
    Tide.ok("write", table, "--input", rows.toString(), "--expect", quarantineOnly.toString(),
        "--quarantine", dir.resolve("q").toString());
    assertThat(Table.open(table).newScan().count()).isEqualTo(7); // amounts 0..60
    assertThat(Table.open(dir.resolve("q").toString()).newScan().count()).isEqualTo(3);
  }
}
