package io.tidelake.tests.s3;

import io.tidelake.format.Row;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.internal.DataPaths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The events schema, deterministic rows, and what a table holds and references, read back independently. */
public final class TestData {
  public static final StructType SCHEMA = SchemaDdl.parse("id long not null, date date, country string, amount double");

  private TestData() {}

  /** {@code n} rows with ids from {@code firstId}: dates 2025-01-01..03 by id % 3, DE/FR by id % 2. */
  public static List<Row> rows(long firstId, int n) {
    List<Row> out = new ArrayList<>(n);
    for (long id = firstId; id < firstId + n; id++) {
      out.add(Row.of(SCHEMA, id, LocalDate.of(2025, 1, 1 + (int) (id % 3)), id % 2 == 0 ? "DE" : "FR", id * 1.5));
    }
    return out;
  }

  public static List<Row> rowsOnDate(long firstId, int n, LocalDate date) {
    List<Row> out = new ArrayList<>(n);
    for (long id = firstId; id < firstId + n; id++) {
      out.add(Row.of(SCHEMA, id, date, "DE", id * 1.5));
    }
    return out;
  }

  /** Every id the newest snapshot returns, sorted (duplicates kept, so they can be counted). */
  public static long[] ids(Table t) {
    return ids(t.snapshot());
  }

  public static long[] ids(Snapshot s) {
    return s.newScan().select("id").toList().stream().mapToLong(r -> r.getLong("id")).sorted().toArray();
  }

  /** Data files under the table root, relative to it (the log excluded). */
  public static Set<String> dataFiles(ObjectStore store, String root) {
    Set<String> out = new TreeSet<>();
    for (FileInfo f : store.listRecursive(root)) {
      String rel = f.path().substring(root.length() + 1);
      if (!rel.startsWith("_delta_log/") && !f.name().startsWith(".")) {
        out.add(rel);
      }
    }
    return out;
  }

  /** Files the newest version refers to: live adds and tombstones, relative to the root. */
  public static Set<String> referencedFiles(Table t) {
    Snapshot s = t.snapshot();
    Set<String> out = new TreeSet<>();
    s.files().forEach(k -> out.add(DataPaths.percentDecode(k.path())));
    s.tombstones().forEach(k -> out.add(DataPaths.percentDecode(k.path())));
    return out;
  }

  /** Data files no version refers to: what a crashed writer left behind, for vacuum to remove. */
  public static Set<String> unreferencedFiles(ObjectStore store, Table t) {
    Set<String> out = dataFiles(store, t.location());
    out.removeAll(referencedFiles(t));
    return out;
  }
}
