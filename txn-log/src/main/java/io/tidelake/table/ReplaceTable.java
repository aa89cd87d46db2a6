package io.tidelake.table;

import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.PlainJson;
import io.tidelake.table.internal.commit.ReadSet;
import io.tidelake.table.internal.replay.ProtocolSupport;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pending atomic replace (delta-spark's {@code REPLACE TABLE [AS SELECT]}): one commit that gives the
 * table a new schema, partitioning and properties, removes every live file and adds the new rows. History
 * is kept (time travel reaches the old table), and readers see the old table or the new one, never a mix.
 *
 * <p>As in delta-spark, the table keeps its id (a reader following the table by id still finds it), the
 * old properties are dropped except in-commit timestamps (which cannot be switched off by a replace), and
 * the protocol is only ever upgraded: features the new definition needs are added, none is taken away. The
 * replace read the whole table, so it conflicts with any concurrent commit that changes data or metadata.
 */
public final class ReplaceTable extends PendingUpdate<ReplaceTable> {
  private static final List<String> KEPT_PROPERTIES = List.of("delta.enableInCommitTimestamps",
      "delta.inCommitTimestampEnablementVersion", "delta.inCommitTimestampEnablementTimestamp");

  private StructType schema;
  private List<String> partitionColumns = List.of();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private String description;
  private Protocol protocol;
  private Metadata metadata;
  private RowWriteSession session;

  ReplaceTable(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  public ReplaceTable schema(StructType schema) {
    checkDefinable();
    this.schema = schema;
    return this;
  }

  public ReplaceTable partitionBy(String... columns) {
    return partitionBy(List.of(columns));
  }

  public ReplaceTable partitionBy(List<String> columns) {
    checkDefinable();
    this.partitionColumns = List.copyOf(columns);
    return this;
  }

  public ReplaceTable property(String key, String value) {
    checkDefinable();
    properties.put(key, value);
    return this;
  }

  public ReplaceTable description(String description) {
    checkDefinable();
    this.description = description;
    return this;
  }

  public ReplaceTable addRow(Row row) {
    checkOpen();
    if (!alreadyCommitted()) {
      session().write(row);
    }
    return this;
  }

  public ReplaceTable addRows(Iterable<? extends Row> rows) {
    return addRows(rows.iterator());
  }

  public ReplaceTable addRows(Iterator<? extends Row> rows) {
    checkOpen();
    if (!alreadyCommitted()) {
      session().writeAll(rows, this::abort);
    }
    return this;
  }

  private void checkDefinable() {
    checkOpen();
    if (metadata != null) {
      throw new IllegalStateException("Define the schema, partitioning and properties before adding rows.");
    }
  }

  /** The new protocol and metadata (validated as a new table's), computed once. */
  private void define() {
    if (metadata != null) {
      return;
    }
    if (schema == null) {
      throw new io.tidelake.format.types.InvalidSchemaException("A replace needs the new schema: call schema(..) on "
          + "the replace of " + ctx.root() + " before adding rows or committing.");
    }
    Map<String, String> props = new LinkedHashMap<>(properties);
    for (String k : KEPT_PROPERTIES) {
      String v = base.metadata().configuration().get(k);
      if (v != null && !props.containsKey(k)) {
        props.put(k, v);
      }
    }
    CreateTable definition = new CreateTable(ctx, false).schema(schema).partitionBy(partitionColumns)
        .properties(props).description(description).name(base.metadata().name());
    List<Action> created = definition.apply();
    Metadata fresh = (Metadata) created.get(1);
    Metadata old = base.metadata();
    this.metadata = new Metadata(old.id(), fresh.name(), fresh.description(), fresh.format(), fresh.schemaString(),
        fresh.partitionColumns(), fresh.configuration(), old.createdTime());
    this.protocol = upgraded(base.protocol(), (Protocol) created.get(0));
  }

  /** {@code current} with whatever {@code needed} has that it lacks; never a downgrade. */
  private Protocol upgraded(Protocol current, Protocol needed) {
    Map<String, String> requests = new LinkedHashMap<>();
    Set<String> wanted = new HashSet<>();
    if (needed.writerFeatures() != null) {
      wanted.addAll(needed.writerFeatures());
    }
    for (String f : wanted) {
      if (!current.supportsWriterFeature(f)) {
        requests.put(ProtocolSupport.FEATURE_PREFIX + f, "supported");
      }
    }
    return requests.isEmpty() ? current : ProtocolSupport.upgradeFor(current, requests, ctx.root());
  }

  private RowWriteSession session() {
    if (session == null) {
      define();
      StructType s = io.tidelake.format.types.SchemaJson.parse(metadata.schemaString());
      session = new RowWriteSession(ctx, s, metadata.partitionColumns(), metadata.configuration(), "WRITE", progress);
    }
    return session;
  }

  /** Commits the replace: new metadata (and protocol, when upgraded), a remove per live file, the new files. */
  public CommitResult commit() {
    checkOpen();
    if (alreadyCommitted()) {
      abort();
      return new CommitResult(base.version(), false, 0, Map.of());
    }
    List<AddFile> added;
    long rows;
    try {
      define();
      if (session == null) {
        added = List.of();
        rows = 0;
      } else {
        rows = session.rowsWritten();
        added = session.finish();
      }
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    if (!protocol.equals(base.protocol())) {
      actions.add(protocol);
    }
    actions.add(metadata);
    List<AddFile> live = base.filesInOrder();
    Set<String> readPaths = new HashSet<>();
    long removedBytes = 0;
    for (AddFile f : live) {
      actions.add(f.toRemove(now, true));
      readPaths.add(f.path());
      removedBytes += f.size();
    }
    actions.addAll(added);
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numFiles", String.valueOf(added.size()));
    metrics.put("numOutputRows", String.valueOf(rows));
    metrics.put("numOutputBytes", String.valueOf(MatchingFiles.bytes(added)));
    metrics.put("numRemovedFiles", String.valueOf(live.size()));
    metrics.put("numRemovedBytes", String.valueOf(removedBytes));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("isManaged", "false");
    params.put("description", description == null ? null : description);
    params.put("partitionBy", PlainJson.toJsonText(metadata.partitionColumns()));
    params.put("properties", PlainJson.toJsonText(metadata.configuration()));
    if (description == null) {
      params.remove("description");
    }
    String operation = session == null ? "REPLACE TABLE" : "REPLACE TABLE AS SELECT";
    // it read the whole table: any concurrent add or remove, and any metadata change, is a conflict
    ReadSet reads = new ReadSet(base.version(), true, null, readPaths, Set.of());
    return commit(operation, params, metrics, actions, reads, false, locations(added));
  }

  /** Whole files are dropped and added: an enabled change data feed needs no cdc files for that. */
  @Override
  Set<String> honouredWriterFeatures() {
    return WriterFeatures.with(WriterFeatures.CHANGE_DATA_FEED);
  }

  /** Deletes the files written so far; nothing is committed. */
  public void abort() {
    if (session != null) {
      session.abort();
    }
    markDone();
  }
}
