package io.tidelake.format.parquet.internal;

import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.parquet.internal.NestedWriters.StructWriter;
import io.tidelake.format.parquet.internal.ValueWriters.ValueWriter;
import io.tidelake.format.stats.FileStats;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link Row}s into one Parquet file of {@code fileSchema}, collecting Delta statistics on the way.
 *
 * <p>The row may be wider than the file (a table row whose partition columns are not stored): {@code
 * rowOrdinals[i]} is the row position of file column i. Everything is resolved once here; per row the work
 * is a loop over precomputed writers. One instance per file; not thread-safe.
 */
public final class RowWriteSupport extends WriteSupport<Row> {
  private final StructType fileSchema;
  private final MessageType messageType;
  private final int[] rowOrdinals;
  private final String[] names;
  private final boolean[] nullable;
  private final ValueWriter[] writers;
  private final List<StatsNode> statsRoots = new ArrayList<>();
  private RecordConsumer rc;

  /**
   * @param numIndexedCols how many leading leaf columns get statistics (-1: all), as
   *     {@code delta.dataSkippingNumIndexedCols}
   */
  public RowWriteSupport(StructType fileSchema, int[] rowOrdinals, int numIndexedCols) {
    if (rowOrdinals.length != fileSchema.size()) {
      throw new IllegalArgumentException("rowOrdinals must have one entry per file column");
    }
    this.fileSchema = fileSchema;
    this.messageType = ParquetSchemas.toMessageType(fileSchema);
    this.rowOrdinals = rowOrdinals.clone();
    int n = fileSchema.size();
    this.names = new String[n];
    this.nullable = new boolean[n];
    this.writers = new ValueWriter[n];
    int[] budget = {numIndexedCols < 0 ? Integer.MAX_VALUE : numIndexedCols};
    for (int i = 0; i < n; i++) {
      StructField f = fileSchema.field(i);
      names[i] = ParquetSchemas.physicalName(f);
      nullable[i] = f.nullable();
      writers[i] = build(f, f.name(), budget, statsRoots);
    }
  }

  /** Writer for a field; indexed leaves get a collector registered under {@code statsOut}. */
  private static ValueWriter build(StructField f, String path, int[] budget, List<StatsNode> statsOut) {
    DataType type = f.type();
    if (type instanceof StructType s) {
      List<StatsNode> childStats = new ArrayList<>();
      ValueWriter[] children = new ValueWriter[s.size()];
      for (int i = 0; i < s.size(); i++) {
        StructField c = s.field(i);
        children[i] = build(c, path + "." + c.name(), budget, childStats);
      }
      if (!childStats.isEmpty()) {
        statsOut.add(new StatsNode(ParquetSchemas.physicalName(f), null, childStats));
      }
      return new StructWriter(s, path, children, !childStats.isEmpty());
    }
    ColumnStats stats = null;
    if (budget[0] > 0) {
      budget[0]--; // every non-struct field is one leaf for Delta, arrays and maps included
      stats = ColumnStats.forType(type);
      statsOut.add(new StatsNode(ParquetSchemas.physicalName(f), stats, null));
    }
    return ValueWriters.forType(type, path, stats);
  }

  public MessageType messageType() {
    return messageType;
  }

  public StructType fileSchema() {
    return fileSchema;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(messageType, Map.of());
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    // Overridden so parquet-mr never converts the configuration into a Hadoop one.
    return new WriteContext(messageType, Map.of());
  }

  @Override
  public String getName() {
    return "tidelake";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.rc = recordConsumer;
  }

  @Override
  public void write(Row row) {
    RecordConsumer rc = this.rc;
    rc.startMessage();
    for (int i = 0; i < writers.length; i++) {
      Object v = row.get(rowOrdinals[i]);
      if (v == null) {
        if (!nullable[i]) {
          throw ValueWriters.nullInRequired(fileSchema.field(i).name());
        }
        writers[i].onNull();
      } else {
        rc.startField(names[i], i);
        try {
          writers[i].write(rc, v);
        } catch (ClassCastException e) {
          throw new SchemaViolationException(fileSchema.field(i).name(), -1, "value of Java type "
              + v.getClass().getSimpleName() + " does not match the column type "
              + fileSchema.field(i).type().simpleString() + " (" + e.getMessage() + "). Build rows with Row.builder "
              + "or pass them through RowConformer.");
        }
        rc.endField(names[i], i);
      }
    }
    rc.endMessage();
  }

  /** The statistics of everything written so far, for a file of {@code numRecords} rows. */
  public FileStats stats(long numRecords) {
    Map<String, Object> min = new LinkedHashMap<>();
    Map<String, Object> max = new LinkedHashMap<>();
    Map<String, Object> nulls = new LinkedHashMap<>();
    fill(statsRoots, min, max, nulls);
    boolean any = !statsRoots.isEmpty();
    return new FileStats(numRecords, any ? min : null, any ? max : null, any ? nulls : null, fileSchema);
  }

  private static void fill(List<StatsNode> nodes, Map<String, Object> min, Map<String, Object> max,
      Map<String, Object> nulls) {
    for (StatsNode n : nodes) {
      if (n.leaf != null) {
        Object lo = n.leaf.min();
        Object hi = n.leaf.max();
        if (lo != null) {
          min.put(n.name, lo);
        }
        if (hi != null) {
          max.put(n.name, hi);
        }
        nulls.put(n.name, n.leaf.nullCount);
      } else {
        // Like Spark, a struct with indexed fields appears as an object even if all its bounds are null.
        Map<String, Object> cmin = new LinkedHashMap<>();
        Map<String, Object> cmax = new LinkedHashMap<>();
        Map<String, Object> cnulls = new LinkedHashMap<>();
        fill(n.children, cmin, cmax, cnulls);
        min.put(n.name, cmin);
        max.put(n.name, cmax);
        nulls.put(n.name, cnulls);
      }
    }
  }

  private record StatsNode(String name, ColumnStats leaf, List<StatsNode> children) {}
}
