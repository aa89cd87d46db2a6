package io.tidelake.table.internal;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.parquet.DataFileReader;
import io.tidelake.format.partition.PartitionValues;
import io.tidelake.format.predicate.BoundEvaluator;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.predicate.TriState;
import io.tidelake.format.stats.FileStats;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ScanFile;
import io.tidelake.table.Snapshot;
import io.tidelake.table.actions.AddFile;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the table layer meets predicates, partition values, stats and data files: which files a filter
 * can skip (partition pruning, then min/max stats), and how a file's rows are read and tested.
 */
public final class Filters {
  private Filters() {}

  /** How a predicate relates to all rows of one file, judged from its partition values alone. */
  public enum Match {
    /** The predicate is TRUE for every row of the file. */
    ALL,
    /** The predicate selects no row of the file. */
    NONE,
    /** It depends on the data columns. */
    SOME
  }

  /** A compiled per-row test: TRUE selects; FALSE and NULL do not. */
  @FunctionalInterface
  public interface RowTest {
    boolean test(Row row);
  }

  public static Predicate parse(String text, StructType schema) {
    return Predicates.parse(text, schema);
  }

  public static Predicate bind(Predicate p, StructType schema) {
    return p.isBound() ? p : p.bind(schema);
  }

  public static String toSql(Predicate p) {
    return p.toSql();
  }

  public static Set<String> referencedColumns(Predicate p) {
    return p.referencedColumns();
  }

  public static Match partitionResult(Predicate p, AddFile add, StructType schema, List<String> partitionColumns) {
    if (partitionColumns.isEmpty()) {
      return Match.SOME;
    }
    Map<String, Object> values = typedPartitionValues(add, schema, partitionColumns);
    TriState t = p.evaluate(values::get, new HashSet<>(partitionColumns));
    return t == TriState.TRUE ? Match.ALL : t == TriState.FALSE ? Match.NONE : Match.SOME;
  }

  /** False only when the file's min/max/null-count stats prove that no row matches. */
  public static boolean statsMightMatch(Predicate p, AddFile add, StructType dataSchema) {
    if (add.stats() == null) {
      return true;
    }
    FileStats stats = FileStats.parse(add.stats(), dataSchema);
    return stats == null || p.mightMatch(stats);
  }

  /** A file's partition values, typed by the schema (LocalDate, Long, ...), keyed by column name. */
  public static Map<String, Object> typedPartitionValues(AddFile add, StructType schema, List<String> partitionColumns) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String c : partitionColumns) {
      StructField f = schema.field(c);
      String raw = add.partitionValues().get(c);
      if (raw == null && !add.partitionValues().containsKey(c)) {
        for (Map.Entry<String, String> e : add.partitionValues().entrySet()) {
          if (e.getKey().equalsIgnoreCase(c)) {
            raw = e.getValue();
          }
        }
      }
      out.put(c, PartitionValues.deserialize(f.type(), raw, c));
    }
    return out;
  }

  public static RowTest rowTest(Predicate p, StructType rowSchema) {
    BoundEvaluator e = p.evaluator(rowSchema);
    return e::test;
  }

  /** The rows of one file in {@code readSchema} layout, partition values injected. */
  public static CloseableIterator<Row> readFile(ObjectStore store, ScanFile f, StructType tableSchema,
      List<String> partitionColumns, StructType readSchema) {
    return DataFileReader.readTableFile(store, f.location(), tableSchema, partitionColumns, f.add().partitionValues(),
        readSchema);
  }

  /** numRecords from the file's stats, or null when it has none. */
  public static Long numRecords(AddFile add) {
    if (add.stats() == null) {
      return null;
    }
    FileStats s = FileStats.parse(add.stats(), null);
    return s == null ? null : s.numRecords();
  }

  /** For conflict checks: could a concurrently added file hold rows the predicate selects? */
  public static java.util.function.Predicate<AddFile> addMatcher(Predicate p, Snapshot s) {
    StructType schema = s.schema();
    StructType dataSchema = s.dataSchema();
    List<String> parts = s.partitionColumns();
    return add -> partitionResult(p, add, schema, parts) != Match.NONE && statsMightMatch(p, add, dataSchema);
  }
}
