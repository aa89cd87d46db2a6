package io.tidelake.table;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.commit.ReadSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which live files a row predicate touches, for copy-on-write DELETE and replaceWhere: files whose
 * partition values make the predicate TRUE for every row are dropped whole; files it might partly match
 * (by partition and stats) are rewritten without the matching rows; the rest are untouched.
 */
final class MatchingFiles {
  final List<AddFile> dropWhole = new ArrayList<>();
  final List<AddFile> rewrite = new ArrayList<>();

  static MatchingFiles of(Snapshot s, Predicate predicate) {
    MatchingFiles m = new MatchingFiles();
    StructType schema = io.tidelake.table.internal.ColumnMapping.resolutionSchema(s.schema(), s.columnMappingMode());
    List<String> parts = s.partitionColumns();
    StructType dataSchema = schema.without(f -> parts.contains(f.name()));
    for (AddFile add : s.files()) {
      if (predicate == null) {
        m.dropWhole.add(add);
        continue;
      }
      Filters.Match pm = Filters.prune(predicate, add, schema, dataSchema, parts); // the scans' routine
      if (pm == Filters.Match.ALL) {
        m.dropWhole.add(add);
      } else if (pm == Filters.Match.SOME) {
        m.rewrite.add(add);
      }
    }
    return m;
  }

  /** Every file touched (dropped or rewritten). */
  List<AddFile> touched() {
    List<AddFile> all = new ArrayList<>(dropWhole);
    all.addAll(rewrite);
    return all;
  }

  /**
   * Copies the rows of the rewrite files that the predicate does NOT select (false or null) into
   * {@code session}; returns how many rows were dropped.
   */
  long copySurvivors(TableContext ctx, Snapshot s, Predicate predicate, RowWriteSession session) {
    StructType schema = s.schema();
    Filters.RowTest test = Filters.rowTest(predicate, schema);
    long dropped = 0;
    for (AddFile add : rewrite) {
      ScanFile f = new ScanFile(add, ctx.resolveDataPath(add.path()), Filters.typedPartitionValues(add, schema, s.partitionColumns()));
      try (CloseableIterator<Row> it = Filters.readFile(ctx, s, f, schema)) {
        while (it.hasNext()) {
          Row r = it.next();
          if (test.test(r)) {
            dropped++;
          } else {
            session.write(r);
          }
        }
      }
    }
    return dropped;
  }

  /** Rows in the dropped-whole files, from their stats (null if any file has no numRecords). */
  Long rowsInDroppedFiles() {
    long n = 0;
    for (AddFile a : dropWhole) {
      Long r = Filters.numRecords(a);
      if (r == null) {
        return null;
      }
      n += r;
    }
    return n;
  }

  /** Live rows in the dropped-whole files (stats' numRecords minus deletion vectors), or null if unknown. */
  Long liveRowsInDroppedFiles() {
    Long n = rowsInDroppedFiles();
    if (n == null) {
      return null;
    }
    for (AddFile a : dropWhole) {
      n -= a.deletionVector() == null ? 0 : a.deletionVector().cardinality();
    }
    return n;
  }

  /** Remove actions (dataChange=true) for every touched file. */
  List<Action> removes(long now) {
    List<Action> out = new ArrayList<>();
    for (AddFile old : touched()) {
      out.add(old.toRemove(now, true));
    }
    return out;
  }

  /**
   * What the operation read, for conflict checks: without a condition the whole table; with one, the
   * files the condition might match (so a concurrent add there conflicts), plus every touched file.
   */
  ReadSet readSet(Snapshot base, Predicate condition) {
    Set<String> paths = new HashSet<>();
    for (AddFile f : touched()) {
      paths.add(f.path());
    }
    return condition == null
        ? new ReadSet(base.version(), true, null, paths, Set.of())
        : new ReadSet(base.version(), false, Filters.addMatcher(condition, base), paths, Set.of());
  }

  static long bytes(List<AddFile> files) {
    long n = 0;
    for (AddFile f : files) {
      n += f.size();
    }
    return n;
  }
}
