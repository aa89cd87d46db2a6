package io.tidelake.stream;

import io.tidelake.format.Row;
import java.util.List;

/**
 * {@code foreachBatch}: user code that receives each batch's output rows with the batch id. A re-run
 * batch (after a failure) arrives again with the same id and rows, so idempotent writes can key on it.
 */
@FunctionalInterface
public interface BatchFunction {
  void call(List<Row> rows, long batchId) throws Exception;
}
