package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A source table of numbered rows, one file per commit, and helpers to run queries over it. */
final class StreamFixtures {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, grp string, amount long");

  private StreamFixtures() {}

  static Table create(Path dir) {
    return Table.create(dir.toString()).schema(SCHEMA).create();
  }

  static List<Row> rows(long firstId, int n) {
    List<Row> out = new ArrayList<>(n);
    for (long id = firstId; id < firstId + n; id++) {
      out.add(Row.of(SCHEMA, id, "g" + (id % 3), id * 10));
    }
    return out;
  }

  /** Appends {@code commits} commits of {@code perCommit} rows (one file each), ids continuing from {@code firstId}. */
  static long append(Table t, long firstId, int commits, int perCommit) {
    long id = firstId;
    for (int i = 0; i < commits; i++) {
      t.newAppend().addRows(rows(id, perCommit)).commit();
      id += perCommit;
    }
    return id;
  }

  static List<Long> ids(Table t) {
    List<Long> out = new ArrayList<>();
    for (Row r : t.newScan().select("id").toList()) {
      out.add(r.getLong(0));
    }
    out.sort(null);
    return out;
  }

  static List<Long> range(long from, long toExclusive) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < toExclusive; i++) {
      out.add(i);
    }
    return out;
  }
}
