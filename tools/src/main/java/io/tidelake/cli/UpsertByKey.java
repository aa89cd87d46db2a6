package io.tidelake.cli;

import io.tidelake.format.Row;
import io.tidelake.merge.Merge;
import io.tidelake.stream.StreamingException;
import io.tidelake.stream.UpsertFunction;
import io.tidelake.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output mode {@code update} of {@code tide stream --key a,b}: each batch is MERGEd into the sink on the
 * key (matched rows updated, new keys inserted) in one commit with the batch's txn, so a re-run batch is
 * skipped. Within a batch the last row of a key wins (arrival order), as a stream of upserts means.
 * Lives in tools because the streaming reader must not depend on the merge module.
 */
final class UpsertByKey implements UpsertFunction {
  private final List<String> key;

  UpsertByKey(List<String> key) {
    if (key.isEmpty() || key.stream().anyMatch(String::isBlank)) {
      throw new CliException("--key needs column names: --key id or --key a,b");
    }
    this.key = List.copyOf(key);
  }

  static UpsertByKey parse(String text) {
    return new UpsertByKey(Arrays.stream(text.split(",")).map(String::trim).toList());
  }

  @Override
  public void apply(Table sink, List<Row> rows, String txnAppId, long batchId) {
    if (rows.isEmpty()) {
      return;
    }
    var schema = rows.get(0).schema();
    int[] idx = new int[key.size()];
    for (int i = 0; i < idx.length; i++) {
      if (schema.field(key.get(i)) == null) {
        throw new StreamingException("The upsert key column '" + key.get(i) + "' is not in the query's output ("
            + String.join(", ", schema.fieldNames()) + "); name output columns in --key");
      }
      idx[i] = schema.indexOf(schema.field(key.get(i)).name());
    }
    Map<List<Object>, Row> last = new LinkedHashMap<>();
    for (Row r : rows) {
      List<Object> k = new ArrayList<>(idx.length);
      for (int i : idx) {
        k.add(r.get(i));
      }
      last.remove(k); // re-inserted at the end: the batch's order of last occurrences
      last.put(k, r);
    }
    StringBuilder on = new StringBuilder();
    for (String k : key) {
      String col = "`" + schema.field(k).name().replace("`", "``") + "`";
      on.append(on.length() == 0 ? "" : " AND ").append("t.").append(col).append(" = s.").append(col);
    }
    Merge.into(sink).using(schema, last.values()).on(on.toString())
        .whenMatched().updateAll().whenNotMatched().insertAll()
        .txn(txnAppId, batchId).execute();
  }
}
