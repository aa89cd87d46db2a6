package io.tidelake.table;

import io.tidelake.format.types.DataType;
import io.tidelake.format.types.InvalidSchemaException;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.Format;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.table.internal.ColumnMapping;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.PlainJson;
import io.tidelake.table.internal.commit.Committer;
import io.tidelake.table.internal.commit.ConflictChecker;
import io.tidelake.table.internal.commit.ReadSet;
import io.tidelake.table.internal.replay.ProtocolSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A pending table creation: version 0 with protocol, metadata and commitInfo. */
public final class CreateTable {
  private final TableContext ctx;
  private final boolean ownsStore;
  private StructType schema;
  private List<String> partitionColumns = List.of();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private String name;
  private String description;

  CreateTable(TableContext ctx, boolean ownsStore) {
    this.ctx = ctx;
    this.ownsStore = ownsStore;
  }

  public CreateTable schema(StructType schema) {
    this.schema = schema;
    return this;
  }

  public CreateTable partitionBy(String... columns) {
    return partitionBy(List.of(columns));
  }

  public CreateTable partitionBy(List<String> columns) {
    this.partitionColumns = List.copyOf(columns);
    return this;
  }

  public CreateTable property(String key, String value) {
    properties.put(key, value);
    return this;
  }

  public CreateTable properties(Map<String, String> props) {
    properties.putAll(props);
    return this;
  }

  public CreateTable name(String name) {
    this.name = name;
    return this;
  }

  public CreateTable description(String description) {
    this.description = description;
    return this;
  }

  /** The actions version 0 would contain, without writing anything (preview). */
  public List<Action> apply() {
    if (schema == null || schema.size() == 0) {
      throw new InvalidSchemaException("A table needs a schema with at least one column.");
    }
    List<String> canonicalParts = new ArrayList<>();
    for (String p : partitionColumns) {
      StructField f = schema.field(p);
      if (f == null) {
        throw new InvalidSchemaException("Partition column '" + p + "' is not in the schema " + schema.fieldNames() + ".");
      }
      if (!isPartitionable(f.type())) {
        throw new InvalidSchemaException("Partition column '" + p + "' has type " + f.type().simpleString()
            + "; partition columns must be of a primitive type (not struct, array, map or binary).");
      }
      if (canonicalParts.contains(f.name())) {
        throw new InvalidSchemaException("Partition column '" + p + "' is listed twice.");
      }
      canonicalParts.add(f.name());
    }
    if (canonicalParts.size() == schema.size()) {
      throw new InvalidSchemaException("Every column is a partition column; a Delta table needs at least one data column.");
    }
    Map<String, String> normalized = TableProperties.normalize(properties);
    properties.clear();
    properties.putAll(normalized);
    TableProperties.validate(properties);
    CommitSettings.validate(properties);
    ProtocolSupport.checkNewTableProperties(properties, ctx.root());
    // A new table has no column mapping: physical-name/id metadata copied from a mapped table's schema
    // would make writers use physical names that readers never look for. Spark drops it too.
    schema = ColumnMapping.resolutionSchema(schema, ColumnMappingMode.NONE);
    ProtocolSupport.checkColumnsWritable(schema, ctx.root());
    Protocol protocol = ProtocolSupport.forNewTable(schema, properties);
    // feature requests become protocol features, not configuration (as in Spark); booleans are stored
    // in the one spelling every engine parses
    Map<String, String> configuration = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().startsWith(ProtocolSupport.FEATURE_PREFIX)) {
        continue;
      }
      boolean bool = e.getValue() != null && (e.getValue().trim().equalsIgnoreCase("true")
          || e.getValue().trim().equalsIgnoreCase("false"));
      configuration.put(e.getKey(), bool && e.getKey().startsWith("delta.")
          ? e.getValue().trim().toLowerCase(java.util.Locale.ROOT) : e.getValue());
    }
    Metadata md = new Metadata(UUID.randomUUID().toString(), name, description, new Format("parquet", Map.of()),
        schema.toJson(), canonicalParts, configuration, System.currentTimeMillis());
    return List.of(protocol, md);
  }

  private static boolean isPartitionable(DataType t) {
    return t instanceof DecimalType || (t instanceof PrimitiveType p && p != PrimitiveType.BINARY);
  }

  /** Creates the table; fails with {@link TableAlreadyExistsException} when the location has one. */
  public Table create() {
    try {
      return doCreate();
    } catch (RuntimeException e) {
      if (ownsStore) {
        ctx.store().close();
      }
      throw e;
    }
  }

  private Table doCreate() {
    List<Action> actions = apply();
    if (Table.exists(ctx.store(), ctx.root())) {
      throw new TableAlreadyExistsException(ctx.root());
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("partitionBy", PlainJson.toJsonText(partitionColumns));
    params.put("properties", PlainJson.toJsonText(properties));
    ReadSet reads = ReadSet.blindAppend(-1, Set.of());
    try {
      Protocol protocol = (Protocol) actions.get(0);
      Metadata metadata = (Metadata) actions.get(1);
      // a few attempts: a refused put of version 0 that then does not exist is retried (a rival creator
      // that did create the table makes the retry a protocol conflict: TableAlreadyExists, as at once)
      new Committer(ctx.store(), ctx.root(), 3).commit(reads, actions, (v, ict) -> CommitInfo.builder()
          .timestamp(ict != null ? ict : System.currentTimeMillis())
          .inCommitTimestamp(ict)
          .operation("CREATE TABLE")
          .operationParameters(params)
          .operationMetrics(Map.of())
          .engineInfo(TableContext.ENGINE_INFO)
          .isBlindAppend(true)
          .txnId(UUID.randomUUID().toString())
          .build(), ConflictChecker.Isolation.SERIALIZABLE,
          // version 0 has no previous commit time: its in-commit timestamp is simply now
          ProtocolSupport.inCommitTimestampsEnabled(protocol, metadata) ? Long.valueOf(Long.MIN_VALUE) : null);
    } catch (ConflictException e) {
      throw new TableAlreadyExistsException(ctx.root());
    } catch (CommitFailedException e) {
      if (Table.exists(ctx.store(), ctx.root())) {
        throw new TableAlreadyExistsException(ctx.root());
      }
      throw e; // the store refused without anyone having created the table
    }
    return Table.wrap(ctx, ownsStore);
  }
}
