package io.tidelake.table;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;

import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.internal.ColumnMapping;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A read of one snapshot: a projection, a filter, then either the plan (which files, after partition
 * pruning and stats skipping) or the rows themselves (filtered exactly, row by row).
 */
public final class Scan {
  private final TableContext ctx;
  private final Snapshot snapshot;
  private List<String> columns;
  private Predicate filter;
  private java.util.Collection<AddFile> files;

  Scan(TableContext ctx, Snapshot snapshot) {
    this.ctx = ctx;
    this.snapshot = snapshot;
  }

  /** Only these columns, in this order (default: all). */
  public Scan select(String... cols) {
    return select(List.of(cols));
  }

  public Scan select(List<String> cols) {
    if (cols != null && !cols.isEmpty()) {
      snapshot.schema().select(cols); // validates names now, with a helpful message
      this.columns = List.copyOf(cols);
    }
    return this;
  }

  /** A filter in Tidelake's predicate language, e.g. {@code date >= '2025-01-01' AND country IN ('DE','FR')}. */
  public Scan where(String predicate) {
    return where(predicate == null || predicate.isBlank() ? null : Filters.parse(predicate, snapshot.schema()));
  }

  public Scan where(Predicate predicate) {
    this.filter = predicate == null ? null : Filters.bind(predicate, snapshot.schema());
    return this;
  }

  /**
   * Reads just these files (in this order) instead of the snapshot's live files, with the snapshot's
   * schema: how an incremental reader reads the adds of a range of commits (which need not be live any
   * more). Pruning, the filter and the projection apply as to live files.
   */
  public Scan files(java.util.Collection<AddFile> only) {
    this.files = List.copyOf(only);
    return this;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /** The schema of the rows {@link #rows()} returns. */
  public StructType outputSchema() {
    return columns == null ? snapshot.schema() : snapshot.schema().select(columns);
  }

  /** The files to read, pruned by partition values and min/max stats. */
  public ScanPlan plan() {
    // partition values and stats are keyed as the column mapping mode says (physical names under name/id)
    StructType schema = ColumnMapping.resolutionSchema(snapshot.schema(), snapshot.columnMappingMode());
    List<String> parts = snapshot.partitionColumns();
    StructType dataSchema = schema.without(f -> parts.contains(f.name()));
    List<ScanFile> out = new ArrayList<>();
    long total = 0;
    long afterPartitions = 0;
    for (AddFile add : files != null ? files : snapshot.files()) {
      total++;
      Filters.Match m = filter == null ? Filters.Match.ALL : Filters.prune(filter, add, schema, dataSchema, parts);
      if (m == Filters.Match.NONE) {
        if (Filters.partitionResult(filter, add, schema, parts) != Filters.Match.NONE) {
          afterPartitions++; // pruned by stats, not by partition values (for the plan's counts)
        }
        continue;
      }
      afterPartitions++;
      out.add(new ScanFile(add, ctx.resolveDataPath(add.path()), Filters.typedPartitionValues(add, schema, parts)));
    }
    return new ScanPlan(out, total, afterPartitions, out.size());
  }

  public List<ScanFile> planFiles() {
    return plan().files();
  }

  /** The matching rows, lazily, one file after another. Close the iterator when done. */
  public CloseableIterator<Row> rows() {
    StructType out = outputSchema();
    StructType schema = snapshot.schema();
    // read the output columns plus what the filter needs, then filter, then drop the extra columns
    Set<String> needed = new LinkedHashSet<>(out.fieldNames());
    if (filter != null) {
      for (String c : Filters.referencedColumns(filter)) {
        needed.add(schema.field(c).name());
      }
    }
    StructType readSchema = schema.select(new ArrayList<>(needed));
    Filters.RowTest test = filter == null ? null : Filters.rowTest(filter, readSchema);
    boolean project = readSchema.size() != out.size();
    List<ScanFile> files = planFiles();
    List<Supplier<CloseableIterator<Row>>> parts = new ArrayList<>(files.size());
    for (ScanFile f : files) {
      parts.add(() -> {
        CloseableIterator<Row> it = Filters.readFile(ctx, snapshot, f, readSchema, filter);
        if (test != null) {
          it = it.filter(test::test);
        }
        return project ? it.map(r -> projectRow(r, out)) : it;
      });
    }
    return CloseableIterator.concat(parts.iterator());
  }

  private static Row projectRow(Row r, StructType out) {
    Object[] values = new Object[out.size()];
    int i = 0;
    for (StructField f : out.fields()) {
      values[i++] = r.get(f.name());
    }
    return GenericRow.trusted(out, values);
  }

  /** Reads all matching rows into memory (tests and small tables). */
  public List<Row> toList() {
    return rows().toList();
  }

  /** Counts matching rows. */
  public long count() {
    long n = 0;
    try (CloseableIterator<Row> it = rows()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

}
