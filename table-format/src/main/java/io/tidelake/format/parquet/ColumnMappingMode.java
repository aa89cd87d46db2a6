package io.tidelake.format.parquet;

/**
 * How the columns of a table schema are found in its Parquet files (PROTOCOL.md "Column Mapping"). The
 * table layer decides the mode from the protocol and {@code delta.columnMapping.mode}; this only says how
 * to match.
 */
public enum ColumnMappingMode {
  /** By display name (the schema's field names), ignoring case. */
  NONE,
  /**
   * By {@code delta.columnMapping.physicalName}, falling back to the display name for fields without
   * one, which is also right for tables without column mapping; the default of the plain read methods.
   */
  NAME,
  /** By Parquet field id = {@code delta.columnMapping.id}; a file without field ids is refused. */
  ID
}
