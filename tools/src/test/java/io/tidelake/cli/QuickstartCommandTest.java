package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.Table;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {
  @TempDir
  Path dir;

  @Test
  void runsTwiceInTheSameDirectoryAndTheSecondRunIngestsNothing() {
    Path demo = dir.resolve("demo"); // does not exist yet: quickstart creates it
    String events = demo.resolve("events").toString();

    Tide.Result first = Tide.ok("quickstart", demo.toString());
    assertThat(first.out())
        .contains("created version 0")
        .contains("2025-01-01  committed version 1: 3,000 rows")
        .contains("2025-01-03  committed version 3: 3,000 rows")
        .contains("skipped: already committed (txn quickstart-ingest/1")
        .contains("committed version 4: removed 1 file with 3,000 rows, wrote 2,000 rows")
        .containsPattern("version 1 \\(snapshotAt\\(1\\), first day only\\): +3,000 rows")
        .containsPattern("version 4 \\(latest\\): +8,000 rows")
        .contains("files: 3 in the table, 2 after partition pruning")
        .contains("./tide cat " + events)
        .contains("./tide history " + events);
    Table t = Table.open(events);
    assertThat(t.snapshot().version()).isEqualTo(4);
    assertThat(t.newScan().count()).isEqualTo(8000);
    long matching = t.newScan().where(QuickstartCommand.FILTER).count();
    assertThat(first.out()).contains("matching rows: " + Fmt.count(matching));

    Tide.Result second = Tide.ok("quickstart", demo.toString());
    assertThat(second.out()).contains("reusing the quickstart table from an earlier run (version 4)");
    // every ingest day, the deliberate re-run and the replaceWhere are skipped: the second run commits nothing
    assertThat(second.outLines()).filteredOn(l -> l.contains("skipped: already")).hasSize(5);
    assertThat(second.out()).doesNotContain("committed version 5");
    assertThat(Table.open(events).snapshot().version()).isEqualTo(4);
    assertThat(t.history().get(0).version()).isEqualTo(4);
    assertThat(t.snapshot().transactionVersion(QuickstartCommand.TXN_APP)).hasValue(2);
    assertThat(t.snapshot().transactionVersion(QuickstartCommand.FIX_TXN_APP)).hasValue(1);
    assertThat(t.newScan().count()).isEqualTo(8000);
    assertThat(t.newScan().where("date = '2025-01-02'").count()).isEqualTo(2000);
    // and nothing is left behind by the skipped writes
    assertThat(Tide.ok("describe", events, "--orphans").out()).contains("orphans:        none");
  }

  @Test
  void refusesADirectoryHoldingAnotherTable() {
    String events = dir.resolve("events").toString();
    Tide.ok("create", events, "--schema", "id long");
    Tide.Result r = Tide.run("quickstart", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("tide: ").contains("not the quickstart's");
  }
}
