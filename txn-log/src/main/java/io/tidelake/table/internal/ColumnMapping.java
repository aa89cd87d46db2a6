package io.tidelake.table.internal;

import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.UnsupportedFeatureException;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which column mapping mode a table is read with (PROTOCOL.md "Reader Requirements for Column Mapping"):
 * {@code delta.columnMapping.mode} counts only when the protocol supports the columnMapping feature
 * (reader version 2, or 3 with the feature listed). In mode {@code none} data files, partition values and
 * stats are keyed by display names, even if the schema still carries column mapping metadata.
 */
public final class ColumnMapping {
  public static final String MODE_PROPERTY = "delta.columnMapping.mode";
  private static final String METADATA_PREFIX = "delta.columnMapping.";

  private ColumnMapping() {}

  public static ColumnMappingMode mode(Protocol protocol, Metadata metadata, String location) {
    if (!protocol.supportsReaderFeature("columnMapping")) {
      return ColumnMappingMode.NONE;
    }
    String value = metadata.configuration().get(MODE_PROPERTY);
    if (value == null) {
      return ColumnMappingMode.NONE;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "none":
        return ColumnMappingMode.NONE;
      case "name":
        return ColumnMappingMode.NAME;
      case "id":
        return ColumnMappingMode.ID;
      default:
        throw new UnsupportedFeatureException("columnMapping", "Table " + location + " sets " + MODE_PROPERTY
            + "='" + value + "'; Tidelake knows the modes none, name and id. Reading with a guessed mode could "
            + "return the wrong columns. Fix the property with the engine that wrote it.");
    }
  }

  /**
   * The schema to resolve data columns, partition values and stats with: as is under name/id mode,
   * without any column mapping metadata under mode none (so physical names are not used by accident).
   */
  public static StructType resolutionSchema(StructType schema, ColumnMappingMode mode) {
    return mode == ColumnMappingMode.NONE && hasMappingMetadata(schema) ? (StructType) strip(schema) : schema;
  }

  private static boolean hasMappingMetadata(DataType t) {
    if (t instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (f.metadata().keySet().stream().anyMatch(k -> k.startsWith(METADATA_PREFIX)) || hasMappingMetadata(f.type())) {
          return true;
        }
      }
      return false;
    }
    if (t instanceof ArrayType a) {
      return hasMappingMetadata(a.elementType());
    }
    if (t instanceof MapType m) {
      return hasMappingMetadata(m.keyType()) || hasMappingMetadata(m.valueType());
    }
    return false;
  }

  private static DataType strip(DataType t) {
    if (t instanceof StructType s) {
      List<StructField> out = new ArrayList<>(s.size());
      for (StructField f : s.fields()) {
        Map<String, Object> md = new LinkedHashMap<>(f.metadata());
        md.keySet().removeIf(k -> k.startsWith(METADATA_PREFIX));
        out.add(new StructField(f.name(), strip(f.type()), f.nullable(), md));
      }
      return new StructType(out);
    }
    if (t instanceof ArrayType a) {
      return new ArrayType(strip(a.elementType()), a.containsNull());
    }
    if (t instanceof MapType m) {
      return new MapType(strip(m.keyType()), strip(m.valueType()), m.valueContainsNull());
    }
    return t;
  }
}
