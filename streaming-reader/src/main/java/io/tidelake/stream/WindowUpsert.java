package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.table.CommitResult;
import io.tidelake.table.ReplaceRowsByKey;
import io.tidelake.table.RowDelta;
import io.tidelake.table.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output mode update of windowed aggregates into a Delta table: each batch's changed windows replace the
 * sink's rows with the same key ({@code window_start}, {@code window_end}, the group columns; a null group
 * value is a group of its own) in one commit with {@code txn(queryId, batchId)}. Only files whose
 * {@code window_start} stats overlap the batch's windows are read; the rows are deleted by deletion vector
 * when the sink has them enabled, else by copy-on-write (txn-log's {@link ReplaceRowsByKey}).
 */
final class WindowUpsert {
  static final String START = "window_start";
  private final List<String> key;

  WindowUpsert(List<String> groupBy) {
    List<String> k = new ArrayList<>(List.of(START, "window_end"));
    k.addAll(groupBy);
    this.key = List.copyOf(k);
  }

  CommitResult commit(Table sink, List<Row> rows, String queryId, long batchId) {
    RowDelta d = sink.newRowDelta();
    ReplaceRowsByKey.Outcome o;
    try {
      Instant min = null;
      Instant max = null;
      for (Row r : rows) {
        Instant s = (Instant) r.get(START);
        min = min == null || s.isBefore(min) ? s : min;
        max = max == null || s.isAfter(max) ? s : max;
      }
      o = rows.isEmpty() ? new ReplaceRowsByKey.Outcome(0, 0, 0, 0)
          : ReplaceRowsByKey.into(d, key).within(Predicates.between(START, min, max)).replace(rows);
    } catch (RuntimeException | Error e) {
      d.abort();
      throw e;
    }
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numUpdatedRows", String.valueOf(o.replacedRows()));
    metrics.put("numInsertedRows", String.valueOf(o.insertedRows()));
    metrics.put("numCopiedRows", String.valueOf(o.copiedRows()));
    return TableSink.commit(d, queryId, batchId, OutputMode.UPDATE, rows.size(), metrics);
  }
}
