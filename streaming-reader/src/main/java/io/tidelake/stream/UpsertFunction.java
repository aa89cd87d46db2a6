package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.table.Table;
import java.util.List;

/**
 * Output mode {@code update} into a table: user code that applies a batch's changed rows to the sink
 * table. For exactly-once it must commit with {@code .txn(txnAppId, batchId)} (e.g.
 * {@code sink.newRowDelta().txn(txnAppId, batchId)...}); the sink does not call it for a batch the table
 * already has.
 */
@FunctionalInterface
public interface UpsertFunction {
  void apply(Table sink, List<Row> rows, String txnAppId, long batchId) throws Exception;
}
