package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import java.util.Iterator;

/** Where a query's batches go. Exactly-once sinks make a re-run batch (same query id and batch id) a no-op. */
interface Sink extends AutoCloseable {
  /** The outcome of one batch: rows written, and the table version committed (-1: none or skipped). */
  record Result(long rowsWritten, long version) {}

  /** Checks the output schema and mode before the first batch (fail fast). */
  default void prepare(StructType schema, OutputMode mode) {}

  Result addBatch(String queryId, long batchId, StructType schema, Iterator<Row> rows, OutputMode mode)
      throws Exception;

  /** Where the batches go, recorded in the checkpoint (a restart into another sink fails). */
  default String location() {
    return "foreachBatch";
  }

  /** The id of the sink table, once it exists (recorded in the checkpoint: a re-created sink fails). */
  default java.util.Optional<String> tableId() {
    return java.util.Optional.empty();
  }

  @Override
  default void close() {}
}
