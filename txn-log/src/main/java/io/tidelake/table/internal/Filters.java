package io.tidelake.table.internal;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.dv.CorruptDeletionVectorException;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.dv.DeletionVectors;
import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.parquet.CorruptDataFileException;
import io.tidelake.format.parquet.DataFileReader;
import io.tidelake.format.parquet.PositionedRowIterator;
import io.tidelake.format.partition.PartitionValues;
import io.tidelake.format.predicate.BoundEvaluator;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.predicate.TriState;
import io.tidelake.format.stats.FileStats;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.MissingDataFileException;
import io.tidelake.table.ScanFile;
import io.tidelake.table.Snapshot;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DeletionVectorDescriptor;
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

  /**
   * The one file-pruning routine, shared by scans, overwrites, DELETE, UPDATE and conflict checks: how
   * {@code p} relates to the rows of {@code add}, judged by its partition values first, then (when those
   * leave it open) by its min/max/null-count stats. ALL: every row matches (by partition values alone);
   * NONE: the file can be skipped; SOME: it must be read.
   *
   * @param schema the table schema as files name columns ({@code ColumnMapping.resolutionSchema})
   * @param dataSchema the same without partition columns
   */
  public static Match prune(Predicate p, AddFile add, StructType schema, StructType dataSchema,
      List<String> partitionColumns) {
    Match m = partitionResult(p, add, schema, partitionColumns);
    return m == Match.SOME && !statsMightMatch(p, add, dataSchema) ? Match.NONE : m;
  }

  /** False only when the file's min/max/null-count stats prove that no row matches. */
  public static boolean statsMightMatch(Predicate p, AddFile add, StructType dataSchema) {
    if (add.stats() == null) {
      return true;
    }
    FileStats stats = FileStats.parse(add.stats(), dataSchema);
    return stats == null || p.mightMatch(stats);
  }

  /**
   * A file's partition values, typed by the schema (LocalDate, Long, ...), keyed by column name. Under
   * column mapping the add's map is keyed by physical names; pass the resolution schema
   * ({@link ColumnMapping#resolutionSchema}) so that mode none never looks physical names up.
   */
  public static Map<String, Object> typedPartitionValues(AddFile add, StructType schema, List<String> partitionColumns) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, String> values = add.partitionValues();
    for (String c : partitionColumns) {
      StructField f = schema.field(c);
      String physical = f.physicalName();
      String raw;
      if (values.containsKey(physical)) {
        raw = values.get(physical);
      } else {
        raw = values.get(c);
        if (raw == null && !values.containsKey(c)) {
          for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(c)) {
              raw = e.getValue();
            }
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

  /**
   * The rows of one file of {@code s} in {@code readSchema} layout: columns matched as the table's column
   * mapping mode says, partition values injected, and the rows of the file's deletion vector dropped.
   */
  public static CloseableIterator<Row> readFile(TableContext ctx, Snapshot s, ScanFile f, StructType readSchema) {
    return readFile(ctx, s, f, readSchema, null);
  }

  /**
   * As above, for a scan that filters the rows by {@code rowFilter} (bound to the snapshot's schema)
   * afterwards: pages the Parquet page index rules out are not decoded. Ignored for a file with a deletion
   * vector, whose row positions must all be counted.
   */
  public static CloseableIterator<Row> readFile(TableContext ctx, Snapshot s, ScanFile f, StructType readSchema,
      Predicate rowFilter) {
    return readFileIndexed(ctx, s, f, readSchema, rowFilter);
  }

  /**
   * The live rows of one file of {@code s} with their physical row indexes: the rows its deletion vector
   * deletes are skipped, and with {@code rowFilter} pages the page index rules out are not decoded (the
   * indexes stay exact either way, so the deletion vector is applied by index, after skipping).
   */
  public static PositionedRowIterator readFileIndexed(TableContext ctx, Snapshot s, ScanFile f, StructType readSchema,
      Predicate rowFilter) {
    ColumnMappingMode mode = s.columnMappingMode();
    StructType schema = ColumnMapping.resolutionSchema(s.schema(), mode);
    StructType projection = ColumnMapping.resolutionSchema(readSchema, mode);
    // the deletion vector first: a missing or damaged one must fail before any row is returned
    DeletedRows deleted = deletedRows(ctx, f.add());
    if (DataPaths.isInLog(ctx.root(), f.location())) {
      throw new CorruptDataFileException(f.location(), "it is not a data file but lies in the table's _delta_log"
          + " (add.path '" + f.add().path() + "'); an add action never names a checkpoint or commit file, so the"
          + " log is damaged or was written by a faulty writer. Remove the add with a commit that removes that path",
          null);
    }
    PositionedRowIterator rows;
    try {
      // the add's size is checked against the opened file: a truncated or replaced file is refused
      rows = DataFileReader.readTableFileIndexed(ctx.store(), f.location(), schema, s.partitionColumns(),
          f.add().partitionValues(), projection, mode, rowFilter, f.add().size());
    } catch (ObjectNotFoundException e) {
      throw new MissingDataFileException(ctx.root(), f.location(), e);
    }
    if (deleted.isEmpty() && projection == readSchema) {
      return rows;
    }
    return new LiveRows(rows, deleted, projection != readSchema ? readSchema : null);
  }

  /**
   * The live rows of one file at {@code positions} only (ascending physical indexes), with their indexes:
   * the second pass of an UPDATE by deletion vector.
   */
  public static PositionedRowIterator readFileRows(TableContext ctx, Snapshot s, ScanFile f, StructType readSchema,
      DeletedRows positions) {
    ColumnMappingMode mode = s.columnMappingMode();
    StructType schema = ColumnMapping.resolutionSchema(s.schema(), mode);
    StructType projection = ColumnMapping.resolutionSchema(readSchema, mode);
    DeletedRows deleted = deletedRows(ctx, f.add());
    PositionedRowIterator rows;
    try {
      rows = DataFileReader.readTableFileRows(ctx.store(), f.location(), schema, s.partitionColumns(),
          f.add().partitionValues(), projection, mode, f.add().size(), positions.iterator());
    } catch (ObjectNotFoundException e) {
      throw new MissingDataFileException(ctx.root(), f.location(), e);
    }
    PositionedRowIterator live = new LiveRows(rows, deleted, projection != readSchema ? readSchema : null);
    // exactly the wanted rows: the reader may return others where it could not skip
    return new LiveRows(live, positions, null, true);
  }

  /**
   * Skips rows by index and (optionally) relabels rows with the caller's schema. Row indexes arrive in
   * ascending order, so the deleted indexes are walked in step with them: no set lookup per row.
   */
  private static final class LiveRows implements PositionedRowIterator {
    private final PositionedRowIterator in;
    private final java.util.PrimitiveIterator.OfLong deletedIndexes;
    private final StructType relabel;
    /** Keep only the listed indexes instead of dropping them. */
    private final boolean keepListed;
    private long nextDeleted;
    private Row next;
    private long nextIndex = -1;
    private long index = -1;

    LiveRows(PositionedRowIterator in, DeletedRows deleted, StructType relabel) {
      this(in, deleted, relabel, false);
    }

    LiveRows(PositionedRowIterator in, DeletedRows deleted, StructType relabel, boolean keepListed) {
      this.keepListed = keepListed;
      this.in = in;
      this.deletedIndexes = deleted.iterator();
      this.nextDeleted = deletedIndexes.hasNext() ? deletedIndexes.nextLong() : Long.MAX_VALUE;
      this.relabel = relabel;
    }

    @Override
    public boolean hasNext() {
      while (next == null && in.hasNext()) {
        Row r = in.next();
        long i = in.rowIndex();
        while (nextDeleted < i) {
          nextDeleted = deletedIndexes.hasNext() ? deletedIndexes.nextLong() : Long.MAX_VALUE;
        }
        if ((i == nextDeleted) == keepListed) {
          next = relabel == null ? r : withSchema(r, relabel);
          nextIndex = i;
        }
      }
      return next != null;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      Row r = next;
      next = null;
      index = nextIndex;
      return r;
    }

    @Override
    public long rowIndex() {
      return index;
    }

    @Override
    public void close() {
      in.close();
    }
  }

  private static Row withSchema(Row r, StructType schema) {
    Object[] v = new Object[r.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    return GenericRow.trusted(schema, v);
  }

  /** The rows a file's deletion vector deletes (none when it has no vector). */
  public static DeletedRows deletedRows(TableContext ctx, AddFile add) {
    DeletionVectorDescriptor dv = add.deletionVector();
    if (dv == null) {
      return DeletedRows.none();
    }
    String dataFile = ctx.resolveDataPath(add.path());
    switch (dv.storageType()) {
      case "i":
        return DeletionVectors.readInline(dv.pathOrInlineDv(), dv.sizeInBytes(), dv.cardinality(), dataFile);
      case "u":
      case "p": {
        String location;
        try {
          location = dv.storageType().equals("u")
              ? ctx.store().resolve(ctx.root(), DeletionVectors.relativeFilePath(dv.pathOrInlineDv()))
              : ctx.resolveDataPath(dv.pathOrInlineDv());
        } catch (IllegalArgumentException e) {
          throw new CorruptDeletionVectorException(dataFile, "descriptor '" + dv.pathOrInlineDv() + "'",
              "it does not name a deletion vector file: " + e.getMessage(), e);
        }
        int offset = dv.offset() == null ? 1 : dv.offset(); // absent offset: the file's first vector
        return DeletionVectors.readFile(ctx.store(), location, offset, dv.sizeInBytes(), dv.cardinality(), dataFile);
      }
      default:
        throw new CorruptDeletionVectorException(dataFile, "storageType '" + dv.storageType() + "'",
            "the protocol defines the storage types i (inline), u (relative) and p (absolute) only", null);
    }
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
    return add -> prune(p, add, schema, dataSchema, parts) != Match.NONE;
  }
}
