package io.tidelake.table;

import io.tidelake.format.types.DataType;
import io.tidelake.format.types.InvalidSchemaException;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.Action;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.commit.ReadSet;
import io.tidelake.table.internal.ColumnMapping;
import io.tidelake.table.internal.replay.ProtocolSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pending schema change: new nullable top-level columns appended to the schema, committed as a new
 * {@code metaData} action (Spark's ALTER TABLE ADD COLUMNS). Existing files simply lack the columns,
 * which every Delta reader returns as null, so no data is rewritten. The metadata change conflicts with
 * any concurrent metadata change, and later writers that read the old schema conflict with it.
 */
public final class UpdateSchema extends PendingUpdate<UpdateSchema> {
  /** Characters Spark refuses in column names of tables without column mapping (they break Parquet). */
  private static final String INVALID_NAME_CHARS = " ,;{}()\n\t=";

  private final List<StructField> added = new ArrayList<>();

  UpdateSchema(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  /** A metadata-only commit changes no rows, so an enabled change data feed has nothing to record. */
  @Override
  java.util.Set<String> honouredWriterFeatures() {
    return io.tidelake.table.internal.replay.WriterFeatures.with(
        io.tidelake.table.internal.replay.WriterFeatures.CHANGE_DATA_FEED);
  }

  /** Adds a nullable column at the end of the schema. */
  public UpdateSchema addColumn(String name, DataType type) {
    return addColumn(new StructField(name, type, true));
  }

  /** Adds a column (it must be nullable: the rows already in the table have no value for it). */
  public UpdateSchema addColumn(StructField field) {
    checkOpen();
    if (!field.nullable()) {
      throw new InvalidSchemaException("Cannot add column '" + field.name() + "' as NOT NULL: the rows already in "
          + "table " + ctx.root() + " have no value for it. Add it as a nullable column.");
    }
    for (int i = 0; i < field.name().length(); i++) {
      if (INVALID_NAME_CHARS.indexOf(field.name().charAt(i)) >= 0 || field.name().isBlank()) {
        throw new InvalidSchemaException("Column name '" + field.name() + "' contains a character Parquet column "
            + "names cannot hold (one of space , ; { } ( ) newline tab =). Choose another name.");
      }
    }
    added.add(field);
    return this;
  }

  /** The schema the commit would write. */
  public StructType apply() {
    StructType schema = base.schema();
    StructType extra = ColumnMapping.resolutionSchema(new StructType(added), base.columnMappingMode());
    ProtocolSupport.checkColumnsWritable(extra, ctx.root());
    for (StructField f : extra.fields()) {
      schema = schema.add(f); // a duplicate name (case-insensitively) is an InvalidSchemaException
    }
    if (ProtocolSupport.containsNtz(schema) && !base.protocol().supportsWriterFeature("timestampNtz")) {
      throw new UnsupportedFeatureException("timestampNtz", "Adding a timestamp_ntz column to table " + ctx.root()
          + " needs the 'timestampNtz' table feature, which its protocol (" + base.protocol().minReaderVersion()
          + "," + base.protocol().minWriterVersion() + ") lacks; Tidelake does not upgrade protocols. Use a "
          + "timestamp column, or create the table with the timestamp_ntz column.");
    }
    return schema;
  }

  public CommitResult commit() {
    checkOpen();
    if (added.isEmpty()) {
      markDone();
      return new CommitResult(base.version(), false, 0, Map.of());
    }
    StructType schema = apply();
    // operationParameters as Spark records ADD COLUMNS: [{"column":<field JSON>},...]
    StringBuilder columns = new StringBuilder("[");
    for (StructField f : added) {
      columns.append(columns.length() > 1 ? "," : "").append("{\"column\":")
          .append(SchemaJson.toNode(StructType.of(f)).get("fields").get(0)).append('}');
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("columns", columns.append(']').toString());
    List<Action> actions = List.of(base.metadata().withSchemaString(schema.toJson()));
    return commit("ADD COLUMNS", params, Map.of(), actions, ReadSet.blindAppend(base.version(), Set.of()), false,
        List.of());
  }
}
