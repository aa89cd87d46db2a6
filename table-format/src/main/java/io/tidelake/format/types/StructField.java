package io.tidelake.format.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One named column. {@code metadata} holds the field's free-form metadata as plain Java values (String,
 * Long, Double, Boolean, List, Map) so that keys we do not understand (comments, column mapping ids,
 * invariants) survive every rewrite of the schema, as the protocol requires.
 */
public record StructField(String name, DataType type, boolean nullable, Map<String, Object> metadata) {
  public StructField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    metadata = metadata == null || metadata.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public StructField(String name, DataType type, boolean nullable) {
    this(name, type, nullable, Map.of());
  }

  public StructField(String name, DataType type) {
    this(name, type, true, Map.of());
  }

  /**
   * The name data files and partition values use for this column: its column-mapping physical name
   * ({@code delta.columnMapping.physicalName} metadata) when it has one, else its name.
   */
  public String physicalName() {
    Object p = metadata.get("delta.columnMapping.physicalName");
    return p instanceof String s && !s.isEmpty() ? s : name;
  }

  public StructField withType(DataType newType) {
    return new StructField(name, newType, nullable, metadata);
  }

  @Override
  public String toString() {
    return name + " " + type.simpleString() + (nullable ? "" : " not null");
  }
}
