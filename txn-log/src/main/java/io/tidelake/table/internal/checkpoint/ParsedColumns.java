package io.tidelake.table.internal.checkpoint;

import static io.tidelake.format.types.PrimitiveType.BOOLEAN;
import static io.tidelake.format.types.PrimitiveType.LONG;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.stats.FileStats;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.internal.ColumnMapping;
import io.tidelake.table.internal.Filters;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The typed checkpoint columns {@code add.partitionValues_parsed} and {@code add.stats_parsed}, written
 * when the table sets {@code delta.checkpoint.writeStatsAsStruct=true} (PROTOCOL.md "Checkpoint Schema").
 * Both are keyed by physical column names. {@code partitionValues_parsed} holds each partition column at
 * its type; {@code stats_parsed} holds {@code numRecords}, {@code minValues}/{@code maxValues} (columns
 * that have bounds: numbers, decimals, strings, dates, timestamps), {@code nullCount} (every column) and
 * {@code tightBounds}, with the values of the file's JSON stats.
 */
final class ParsedColumns {
  static final String WRITE_STATS_AS_STRUCT = "delta.checkpoint.writeStatsAsStruct";
  static final String WRITE_STATS_AS_JSON = "delta.checkpoint.writeStatsAsJson";

  private final StructType schema; // resolution schema: physical names under column mapping
  private final List<String> partitionColumns;
  private final StructType dataSchema;
  private final StructType partitionValuesType;
  private final StructType statsType;

  private ParsedColumns(StructType schema, List<String> partitionColumns) {
    this.schema = schema;
    this.partitionColumns = partitionColumns;
    this.dataSchema = schema.without(f -> partitionColumns.contains(f.name()));
    List<StructField> parts = new ArrayList<>();
    for (String c : partitionColumns) {
      StructField f = schema.field(c);
      parts.add(new StructField(f.physicalName(), f.type(), true));
    }
    this.partitionValuesType = parts.isEmpty() ? null : new StructType(parts);
    List<StructField> stats = new ArrayList<>();
    stats.add(new StructField("numRecords", LONG, true));
    StructType bounds = bounds(dataSchema);
    if (bounds != null) {
      stats.add(new StructField("minValues", bounds, true));
      stats.add(new StructField("maxValues", bounds, true));
    }
    StructType nulls = nullCounts(dataSchema);
    if (nulls != null) {
      stats.add(new StructField("nullCount", nulls, true));
    }
    stats.add(new StructField("tightBounds", BOOLEAN, true));
    this.statsType = new StructType(stats);
  }

  /** The typed columns to write for this table, or null when it does not ask for them. */
  static ParsedColumns forTable(Protocol protocol, Metadata metadata) {
    if (!"true".equalsIgnoreCase(metadata.configuration().get(WRITE_STATS_AS_STRUCT))) {
      return null;
    }
    ColumnMappingMode mode = ColumnMapping.mode(protocol, metadata, "(checkpoint)");
    StructType schema = ColumnMapping.resolutionSchema(SchemaJson.parse(metadata.schemaString()), mode);
    return new ParsedColumns(schema, metadata.partitionColumns());
  }

  /** Whether the JSON {@code add.stats} is written too (the default; false keeps only the struct). */
  static boolean writeStatsAsJson(Metadata metadata) {
    return !"false".equalsIgnoreCase(metadata.configuration().get(WRITE_STATS_AS_JSON));
  }

  /** The {@code partitionValues_parsed} type, or null for an unpartitioned table (no such column). */
  StructType partitionValuesType() {
    return partitionValuesType;
  }

  StructType statsType() {
    return statsType;
  }

  Row partitionValues(AddFile add) {
    Map<String, Object> typed = Filters.typedPartitionValues(add, schema, partitionColumns);
    Object[] v = new Object[partitionColumns.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = typed.get(partitionColumns.get(i));
    }
    return GenericRow.trusted(partitionValuesType, v);
  }

  /** The file's JSON stats as a {@code stats_parsed} row, or null when it has none. */
  Row stats(AddFile add) {
    FileStats s = add.stats() == null ? null : FileStats.parse(add.stats(), dataSchema);
    if (s == null) {
      return null;
    }
    Object[] v = new Object[statsType.size()];
    for (int i = 0; i < v.length; i++) {
      StructField f = statsType.field(i);
      v[i] = switch (f.name()) {
        case "numRecords" -> s.numRecords();
        case "minValues" -> row(s.minValues(), (StructType) f.type());
        case "maxValues" -> row(s.maxValues(), (StructType) f.type());
        case "nullCount" -> row(s.nullCounts(), (StructType) f.type());
        default -> s.tightBoundsValue();
      };
    }
    return GenericRow.trusted(statsType, v);
  }

  /** A physical-name keyed stats map as a row of {@code type}; values that do not fit the type are left out. */
  private static Row row(Map<String, Object> values, StructType type) {
    if (values == null) {
      return null;
    }
    Object[] v = new Object[type.size()];
    for (int i = 0; i < v.length; i++) {
      StructField f = type.field(i);
      Object value = values.get(f.name());
      if (f.type() instanceof StructType nested) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
        v[i] = row(m, nested);
      } else {
        v[i] = fits(f.type(), value) ? value : null;
      }
    }
    return GenericRow.trusted(type, v);
  }

  private static boolean fits(DataType type, Object value) {
    if (value instanceof BigDecimal d) {
      return type instanceof DecimalType t && d.scale() == t.scale() && d.precision() - d.scale() <= t.precision() - t.scale();
    }
    return value != null; // FileStats already typed the value by this column's type
  }

  /** Columns with min/max bounds, by physical name; null when there are none (an empty group is not Parquet). */
  private static StructType bounds(StructType s) {
    List<StructField> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      DataType t = f.type();
      DataType bound = t instanceof StructType nested ? bounds(nested) : hasBounds(t) ? t : null;
      if (bound != null) {
        out.add(new StructField(f.physicalName(), bound, true));
      }
    }
    return out.isEmpty() ? null : new StructType(out);
  }

  private static boolean hasBounds(DataType t) {
    return t instanceof DecimalType || (t instanceof PrimitiveType p && p != PrimitiveType.BOOLEAN
        && p != PrimitiveType.BINARY);
  }

  /** A null count per column (arrays and maps count as one leaf), structs nested. */
  private static StructType nullCounts(StructType s) {
    List<StructField> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      DataType t = f.type() instanceof StructType nested ? nullCounts(nested) : LONG;
      if (t != null) {
        out.add(new StructField(f.physicalName(), t, true));
      }
    }
    return out.isEmpty() ? null : new StructType(out);
  }
}
