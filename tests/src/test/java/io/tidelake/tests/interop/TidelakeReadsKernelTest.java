package io.tidelake.tests.interop;

import static io.tidelake.tests.interop.Interop.assertKernelAgrees;
import static io.tidelake.tests.interop.Interop.assertKernelAgreesAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables Delta Kernel 4.4.0 writes (create + blind appends, its checkpoints, its txn entries, its
 * partition directories, which are URL-encoded once more than Spark's), read by Tidelake: the rows must be
 * the rows that were written, and what Kernel itself reads back.
 */
class TidelakeReadsKernelTest {
  @TempDir
  Path dir;

  private static final StructType SCHEMA = SchemaDdl.parse("id long not null, part string, day date, n int, "
      + "ts timestamp, flag boolean, price decimal(9,3), amount double, label string, event_time timestamp");
  private static final List<String> PARTITIONS = List.of("part", "day", "n", "ts", "flag", "price");
  private static final String[] PARTS = {"plain", "x y=z%/w", "50%", "a:b", "ü€", "null", null};

  private static List<Row> batch(int commit) {
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      long id = commit * 100L + j;
      String part = PARTS[(commit + j) % PARTS.length];
      boolean nulls = part == null;
      rows.add(Row.of(SCHEMA, id, part,
          nulls ? null : LocalDate.of(2024, 1, 1).plusDays(commit),
          nulls ? null : commit - 5,
          nulls ? null : Instant.parse("2024-01-01T10:00:00.000001Z").plusSeconds(commit),
          nulls ? null : j % 2 == 0,
          nulls ? null : new BigDecimal("1.250").multiply(BigDecimal.valueOf(commit)),
          id / 4.0,
          j == 1 ? null : "row " + id + " \"quoted\"",
          Instant.parse("2023-11-14T22:13:20.123456Z").plusMillis(id)));
    }
    return rows;
  }

  @Test
  void kernelAppendsWithCheckpointAndTxnReadAsWritten() {
    Path root = dir.resolve("kernel-table");
    String path = root.toString();
    assertThat(Kernel.create(path, SCHEMA, PARTITIONS, Map.of())).isZero();
    List<Row> written = new ArrayList<>();
    for (int c = 1; c <= 12; c++) { // Kernel's post-commit hook checkpoints version 10
      List<Row> rows = batch(c);
      written.addAll(rows);
      Kernel.append(path, rows, c % 4 == 0 ? "kernel-job" : null, c);
    }
    assertThat(root.resolve("_delta_log/00000000000000000010.checkpoint.parquet")).exists();

    Table t = Table.open(path);
    Snapshot s = t.snapshot();
    assertThat(s.version()).isEqualTo(12);
    assertThat(s.schema()).isEqualTo(SCHEMA);
    assertThat(s.partitionColumns()).isEqualTo(PARTITIONS);
    assertThat(Kernel.canonical(s.newScan().rows())).containsExactlyElementsOf(Interop.canonical(written));
    assertThat(s.transactionVersion("kernel-job")).hasValue(12);
    assertKernelAgrees(t);
    // Kernel names the directory of "x y=z%/w" with its already URL-encoded form; only add.path finds it
    assertThat(s.files()).extracting(AddFile::path).anySatisfy(p -> assertThat(p).startsWith("part=x%2520y"));
    for (long v = 0; v <= 12; v++) {
      assertKernelAgreesAt(t, v);
    }

    // the state at and after Kernel's checkpoint, with the commits before it cleaned up
    Path trimmed = Interop.copy(root, dir.resolve("kernel-trimmed"));
    Interop.deleteCommitsBefore(trimmed, 10);
    Table fromCheckpoint = Table.open(trimmed.toString());
    assertThat(Kernel.canonical(fromCheckpoint.snapshot().newScan().rows()))
        .containsExactlyElementsOf(Interop.canonical(written));
    assertThat(fromCheckpoint.snapshot().transactionVersion("kernel-job")).hasValue(12);
    assertThat(fromCheckpoint.snapshotAt(10).transactionVersion("kernel-job")).hasValue(8);

    // and a filtered Tidelake scan prunes Kernel's partition values and stats correctly
    assertThat(Kernel.canonical(t.newScan().where("part = 'x y=z%/w' AND amount >= 100").rows()))
        .containsExactlyElementsOf(Interop.canonical(written.stream()
            .filter(r -> "x y=z%/w".equals(r.get("part")) && (Double) r.get("amount") >= 100).toList()));
  }

  @Test
  void bothEnginesAppendingToOneTableSeeTheSameRows() {
    String path = dir.resolve("mixed").toString();
    Kernel.create(path, SCHEMA, PARTITIONS, Map.of());
    Kernel.append(path, batch(1), null, 0);
    Table t = Table.open(path);
    t.newAppend().addRows(batch(2)).commit();
    Kernel.append(path, batch(3), null, 0);
    t.newAppend().addRows(batch(4)).txn("tidelake-job", 4).commit();
    t.newDelete().where("part = 'plain'").commit();

    Kernel.Read k = assertKernelAgrees(t);
    List<Row> expected = new ArrayList<>();
    for (int c = 1; c <= 4; c++) {
      batch(c).stream().filter(r -> !"plain".equals(r.get("part"))).forEach(expected::add);
    }
    assertThat(k.lines()).containsExactlyElementsOf(Interop.canonical(expected));
    assertThat(Kernel.txnVersion(path, "tidelake-job")).contains(4L);
  }
}
