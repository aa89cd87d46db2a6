package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shared fixtures: a small partitioned events schema and deterministic rows. */
final class TestTables {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, date date, country string, amount double");

  private TestTables() {}

  static Table create(Path dir) {
    return Table.create(dir.toString()).schema(SCHEMA).partitionBy("date").create();
  }

  /** {@code n} rows with ids from {@code firstId}, dates 2025-01-01..03 by id % 3, DE/FR by id % 2. */
  static List<Row> rows(long firstId, int n) {
    List<Row> out = new ArrayList<>(n);
    for (long id = firstId; id < firstId + n; id++) {
      out.add(Row.of(SCHEMA, id, LocalDate.of(2025, 1, 1 + (int) (id % 3)), id % 2 == 0 ? "DE" : "FR", id * 1.0));
    }
    return out;
  }

  static List<Row> rowsOnDate(long firstId, int n, LocalDate date) {
    List<Row> out = new ArrayList<>(n);
    for (long id = firstId; id < firstId + n; id++) {
      out.add(Row.of(SCHEMA, id, date, "DE", id * 1.0));
    }
    return out;
  }

  /** Every regular file under the table root except the log, as relative paths. */
  static List<String> dataFiles(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .filter(p -> !p.startsWith("_delta_log"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Relative paths of every file the log references at the newest version: live adds and tombstones. */
  static List<String> referencedFiles(Table t) {
    Snapshot s = t.snapshot();
    List<String> out = new ArrayList<>();
    s.files().forEach(k -> out.add(io.tidelake.table.internal.DataPaths.percentDecode(k.path())));
    s.tombstones().forEach(k -> out.add(io.tidelake.table.internal.DataPaths.percentDecode(k.path())));
    return out;
  }

  static long[] ids(Table t) {
    return t.newScan().toList().stream().mapToLong(r -> r.getLong("id")).sorted().toArray();
  }
}
