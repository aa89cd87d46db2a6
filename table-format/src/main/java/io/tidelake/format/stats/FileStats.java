package io.tidelake.format.stats;

import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-file statistics of Delta's {@code add.stats}: numRecords, minValues, maxValues, nullCount and
 * tightBounds (see {@link StatsJson} for the JSON encoding).
 *
 * <p>The three maps follow the physical column tree: keys are Parquet (physical) names, a struct column is
 * a nested map, a leaf holds a typed value (the Java types a Row holds: Long, Integer, BigDecimal,
 * String, LocalDate, Instant...) or, in nullCount, a Long. Lookups by column name resolve the logical name
 * through the data schema (column mapping), so callers never deal with physical names.
 */
public final class FileStats implements StatsView {
  private static final String PHYSICAL_NAME_KEY = "delta.columnMapping.physicalName";

  private final Long numRecords;
  private final Map<String, Object> minValues;
  private final Map<String, Object> maxValues;
  private final Map<String, Object> nullCount;
  private final Boolean tightBounds;
  private final StructType dataSchema;

  /**
   * @param minValues physical-name keyed bounds, or null when the file has no indexed columns (likewise the others)
   * @param dataSchema the file's data schema (no partition columns), for name resolution; may be null
   */
  public FileStats(Long numRecords, Map<String, Object> minValues, Map<String, Object> maxValues,
      Map<String, Object> nullCount, StructType dataSchema) {
    this(numRecords, minValues, maxValues, nullCount, null, dataSchema);
  }

  FileStats(Long numRecords, Map<String, Object> minValues, Map<String, Object> maxValues,
      Map<String, Object> nullCount, Boolean tightBounds, StructType dataSchema) {
    this.numRecords = numRecords;
    this.minValues = frozen(minValues);
    this.maxValues = frozen(maxValues);
    this.nullCount = frozen(nullCount);
    this.tightBounds = tightBounds;
    this.dataSchema = dataSchema;
  }

  /**
   * Parses an {@code add.stats} string, typing each bound by its column in {@code dataSchema} (the table
   * schema without partition columns). Returns null, never throws, when the text is not a JSON object:
   * stats are optional, and a reader then simply keeps the file. Bounds that do not fit their column type
   * are dropped (unknown), not guessed.
   */
  public static FileStats parse(String json, StructType dataSchema) {
    return StatsJson.parse(json, dataSchema);
  }

  /** The {@code add.stats} JSON string. */
  public String toJson() {
    return StatsJson.write(this);
  }

  @Override
  public Long numRecords() {
    return numRecords;
  }

  @Override
  public Object min(String column) {
    return leaf(minValues, List.of(column));
  }

  @Override
  public Object max(String column) {
    return leaf(maxValues, List.of(column));
  }

  @Override
  public Long nullCount(String column) {
    return leaf(nullCount, List.of(column)) instanceof Long l ? l : null;
  }

  /** The lower bound of a nested field, by logical names from the top ({@code ["s", "x"]}), or null. */
  public Object min(List<String> path) {
    return leaf(minValues, path);
  }

  public Object max(List<String> path) {
    return leaf(maxValues, path);
  }

  public Long nullCount(List<String> path) {
    return leaf(nullCount, path) instanceof Long l ? l : null;
  }

  @Override
  public boolean tightBounds() {
    return tightBounds == null || tightBounds;
  }

  /** tightBounds as written: null when absent (which means true). */
  public Boolean tightBoundsValue() {
    return tightBounds;
  }

  /** The raw physical-name keyed maps (unmodifiable), or null when absent. */
  public Map<String, Object> minValues() {
    return minValues;
  }

  public Map<String, Object> maxValues() {
    return maxValues;
  }

  public Map<String, Object> nullCounts() {
    return nullCount;
  }

  public StructType dataSchema() {
    return dataSchema;
  }

  /** Resolves logical names step by step through the schema, falling back to the raw key. */
  private Object leaf(Map<String, Object> root, List<String> path) {
    Object node = root;
    StructType struct = dataSchema;
    for (String name : path) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      String key = name;
      StructField f = struct == null ? null : struct.field(name);
      if (f != null) {
        key = physicalName(f);
        struct = f.type() instanceof StructType s ? s : null;
      } else {
        struct = null;
      }
      node = m.get(key);
    }
    return node instanceof Map<?, ?> ? null : node; // a struct has no scalar bound
  }

  static String physicalName(StructField f) {
    Object p = f.metadata().get(PHYSICAL_NAME_KEY);
    return p instanceof String s && !s.isEmpty() ? s : f.name();
  }

  private static Map<String, Object> frozen(Map<String, Object> m) {
    if (m == null) {
      return null;
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Map<String, Object> n = (Map<String, Object>) nested;
        v = frozen(n);
      }
      copy.put(e.getKey(), v);
    }
    return Collections.unmodifiableMap(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileStats f && Objects.equals(numRecords, f.numRecords)
        && Objects.equals(minValues, f.minValues) && Objects.equals(maxValues, f.maxValues)
        && Objects.equals(nullCount, f.nullCount) && tightBounds() == f.tightBounds();
  }

  @Override
  public int hashCode() {
    return Objects.hash(numRecords, minValues, maxValues, nullCount, tightBounds());
  }

  @Override
  public String toString() {
    return toJson();
  }
}
