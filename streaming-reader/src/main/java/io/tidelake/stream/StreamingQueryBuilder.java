package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds a {@link StreamingQuery}: source → transformations → sink, a checkpoint location and a trigger.
 *
 * <pre>{@code
 * StreamingQuery q = StreamingQuery.from(TableSource.of(events).maxFilesPerTrigger(50))
 *     .filter("amount > 0")
 *     .select("id, amount * 100 AS cents")
 *     .toTable("/data/cents")
 *     .checkpointLocation("/data/cents/_checkpoint")
 *     .trigger(Trigger.availableNow())
 *     .start();
 * q.awaitTermination();
 * }</pre>
 */
public final class StreamingQueryBuilder {
  final TableSource source;
  final List<Transform> transforms = new ArrayList<>();
  final List<StreamingQueryListener> listeners = new ArrayList<>();
  OutputMode outputMode = OutputMode.APPEND;
  Trigger trigger = Trigger.processingTime(Duration.ZERO);
  String name;
  private StoreLocation sink;
  private List<String> partitionBy = List.of();
  private io.tidelake.quality.ExpectationSuite expectations;
  private boolean stageBatches;
  private UpsertFunction upsert;
  private BatchFunction foreachBatch;
  WindowSpec window;
  StoreLocation checkpoint;
  /** Test hook: called at named points of each batch ("afterOffsets", "afterSink") to inject crashes. */
  Consumer<String> faults = point -> {};

  StreamingQueryBuilder(TableSource source) {
    this.source = source;
  }

  /** Keeps rows for which the condition (expression language) is true. */
  public StreamingQueryBuilder filter(String condition) {
    transforms.add(Transform.filter(condition));
    return this;
  }

  public StreamingQueryBuilder filter(Predicate<Row> keep) {
    transforms.add(Transform.filter(keep));
    return this;
  }

  /** Replaces the columns by a select list: {@code "a, b, amount * 2 AS doubled"}. */
  public StreamingQueryBuilder select(String selectList) {
    transforms.add(Transform.select(selectList));
    return this;
  }

  /** Adds or replaces a computed column. */
  public StreamingQueryBuilder withColumn(String name, String expression) {
    transforms.add(Transform.withColumn(name, expression));
    return this;
  }

  /** A Java function from each row to a row of {@code outputSchema}, or null to drop it. */
  public StreamingQueryBuilder map(StructType outputSchema, Function<Row, Row> fn) {
    transforms.add(Transform.map(outputSchema, fn));
    return this;
  }

  /**
   * Aggregates over event-time windows (after the other transformations), with a watermark and a late
   * table; output mode append (each window once, when closed), update (each batch upserts the windows it
   * changed into the table sink by window and group columns, no upsert function needed) or complete.
   */
  public StreamingQueryBuilder window(WindowSpec spec) {
    this.window = spec;
    return this;
  }

  /** Writes into the Delta table at {@code location}, created on the first batch when missing. */
  public StreamingQueryBuilder toTable(String location) {
    return toTable(location, Map.of());
  }

  public StreamingQueryBuilder toTable(String location, Map<String, String> storeOptions) {
    return sink(StoreLocation.of(location, storeOptions));
  }

  /** Writes into a Delta table in a store the caller manages. */
  public StreamingQueryBuilder toTable(ObjectStore store, String location) {
    return sink(StoreLocation.of(store, location));
  }

  private StreamingQueryBuilder sink(StoreLocation where) {
    this.sink = where;
    this.foreachBatch = null;
    return this;
  }

  /** Partition columns of a sink table the query creates. */
  public StreamingQueryBuilder partitionBy(String... columns) {
    this.partitionBy = List.of(columns);
    return this;
  }

  /** Output mode {@code update} into the table sink through a user function. */
  public StreamingQueryBuilder update(UpsertFunction fn) {
    this.upsert = fn;
    this.outputMode = OutputMode.UPDATE;
    return this;
  }

  /**
   * Write-audit-publish per batch into the table sink (output mode append): each batch's rows are written,
   * audited against {@code suite}, and committed only when no blocking expectation failed; a blocked batch
   * commits nothing and fails the query with {@link io.tidelake.quality.ExpectationFailedException} (its
   * offsets stay uncommitted, so a restart after fixing the source or the suite re-runs exactly that batch).
   * The results go into the batch's commitInfo, as for any audited write.
   */
  public StreamingQueryBuilder expect(io.tidelake.quality.ExpectationSuite suite) {
    this.expectations = suite;
    return this;
  }

  /**
   * Stages each batch into the table sink (output mode append) instead of committing it: batch N of this
   * query becomes the staged commit {@code <queryId>-<N>} (see {@code table.stagedCommits()}), audited by {@link #expect} when set; the batch then counts as done for the query.
   * A person or a job publishes ({@code tide wap publish}) or discards each one; publishing is exactly-once.
   * A re-run of a batch that is already staged stages nothing again.
   */
  public StreamingQueryBuilder stageBatches() {
    this.stageBatches = true;
    return this;
  }

  /** Hands each batch to user code instead of a table. */
  public StreamingQueryBuilder foreachBatch(BatchFunction fn) {
    this.foreachBatch = fn;
    this.sink = null;
    return this;
  }

  public StreamingQueryBuilder outputMode(OutputMode mode) {
    this.outputMode = mode;
    return this;
  }

  /** The checkpoint directory (local path, {@code s3://}, Hadoop URI). */
  public StreamingQueryBuilder checkpointLocation(String location) {
    return checkpointLocation(location, Map.of());
  }

  public StreamingQueryBuilder checkpointLocation(String location, Map<String, String> storeOptions) {
    this.checkpoint = StoreLocation.of(location, storeOptions);
    return this;
  }

  public StreamingQueryBuilder checkpointLocation(ObjectStore store, String location) {
    this.checkpoint = StoreLocation.of(store, location);
    return this;
  }

  public StreamingQueryBuilder trigger(Trigger trigger) {
    this.trigger = trigger;
    return this;
  }

  public StreamingQueryBuilder queryName(String name) {
    this.name = name;
    return this;
  }

  public StreamingQueryBuilder addListener(StreamingQueryListener listener) {
    listeners.add(listener);
    return this;
  }

  StreamingQueryBuilder faults(Consumer<String> hook) {
    this.faults = hook;
    return this;
  }

  Sink buildSink() {
    if (foreachBatch != null) {
      return new ForeachBatchSink(foreachBatch);
    }
    if (sink == null) {
      throw new StreamingException("The query has no sink: call toTable(location) or foreachBatch(fn)");
    }
    if ((expectations != null || stageBatches) && outputMode != OutputMode.APPEND) {
      throw new StreamingException("expect(suite) and stageBatches() work on appended batches; output mode "
          + outputMode          + " replaces rows, which a per-batch audit cannot judge. Use output mode append, or audit the sink "
          + "table's staged writes instead.");
    }
    return new TableSink(sink, partitionBy, upsert, window == null ? null : new WindowUpsert(window.groupBy))
        .expect(expectations).stageBatches(stageBatches);
  }

  /**
   * Starts the query on its own thread and returns at once. Checks done before: the checkpoint is not in
   * use by another query of this JVM, options, transformations and sink fit together.
   */
  public StreamingQuery start() {
    if (checkpoint == null) {
      throw new StreamingException("The query needs a checkpoint location: checkpointLocation(dir)");
    }
    if (outputMode == OutputMode.COMPLETE && window == null) {
      // each batch replaces the sink: without an aggregation that keeps only the last batch's rows
      // (Spark refuses it too: "Complete output mode not supported when there are no streaming aggregations")
      throw new StreamingException("Output mode complete needs a windowed aggregation (window(..)): without one, "
          + "every batch would replace the sink with only its own rows. Use output mode append.");
    }
    return new StreamingQuery(new MicroBatchExecution(this));
  }
}
