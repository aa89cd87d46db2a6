package io.tidelake.table.actions;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code metaData} action: table identity, schema, partitioning and properties. A new one fully
 * replaces the previous one during log replay, so writers always write the complete state.
 *
 * <p>{@code schemaString} is kept as the raw JSON text (parsed by the schema layer, not here) and may be
 * null only in damaged logs; {@code configuration} keeps the order of the log for faithful rewrites.
 * Missing {@code format}, {@code partitionColumns} and {@code configuration} read as parquet / empty, the
 * same defaults delta-spark applies.
 */
public record Metadata(
    String id,
    String name,
    String description,
    Format format,
    String schemaString,
    List<String> partitionColumns,
    Map<String, String> configuration,
    Long createdTime)
    implements Action {

  public Metadata {
    Objects.requireNonNull(id, "id");
    format = format == null ? Format.parquet() : format;
    partitionColumns = Copies.listOrEmpty(partitionColumns, "partition column");
    configuration = Copies.mapOrEmpty(configuration);
  }

  public Metadata withSchemaString(String newSchemaString) {
    return new Metadata(
        id, name, description, format, newSchemaString, partitionColumns, configuration, createdTime);
  }

  public Metadata withConfiguration(Map<String, String> newConfiguration) {
    return new Metadata(
        id, name, description, format, schemaString, partitionColumns, newConfiguration, createdTime);
  }
}
