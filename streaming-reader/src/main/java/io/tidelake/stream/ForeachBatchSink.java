package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** {@code foreachBatch}: hands each batch's rows (in memory) to user code; at-least-once, keyed by batch id. */
final class ForeachBatchSink implements Sink {
  private final BatchFunction fn;

  ForeachBatchSink(BatchFunction fn) {
    this.fn = fn;
  }

  @Override
  public Result addBatch(String queryId, long batchId, StructType schema, Iterator<Row> rows, OutputMode mode)
      throws Exception {
    List<Row> all = new ArrayList<>();
    rows.forEachRemaining(all::add);
    fn.call(java.util.Collections.unmodifiableList(all), batchId);
    return new Result(all.size(), -1);
  }
}
