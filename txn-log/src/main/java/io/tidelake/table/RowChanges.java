package io.tidelake.table;

import io.tidelake.table.internal.replay.ProtocolSupport;
import io.tidelake.table.internal.replay.WriterFeatures;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Table settings and small rules shared by the row-level operations (DELETE, UPDATE, RowDelta). */
final class RowChanges {
  private static final Pattern TIGHT_BOUNDS = Pattern.compile("\"tightBounds\"\\s*:\\s*(true|false)");

  private RowChanges() {}

  /** Whether the change data feed is on: changes must then be recorded in cdc files. */
  static boolean cdfEnabled(Snapshot s) {
    return ProtocolSupport.isTrue(s.properties().get(WriterFeatures.ENABLE_CDF))
        || ProtocolSupport.isTrue(s.properties().get("delta.enableChangeDataCapture"));
  }

  /** Whether row-level changes should delete by deletion vector rather than rewrite files. */
  static boolean dvEnabled(Snapshot s) {
    return ProtocolSupport.isTrue(s.properties().get(WriterFeatures.ENABLE_DV))
        && s.protocol().supportsWriterFeature(WriterFeatures.DELETION_VECTORS);
  }

  /**
   * The physical indexes of the live rows of {@code f} that {@code condition} selects, reading only the
   * columns it references and skipping pages the page index rules out: the cheap first pass of DELETE and
   * UPDATE (a file without a match is never read in full).
   */
  static io.tidelake.format.dv.DeletedRows matching(Snapshot base, io.tidelake.table.actions.AddFile f,
      io.tidelake.format.predicate.Predicate condition) {
    java.util.List<String> columns = new java.util.ArrayList<>();
    for (String c : condition.referencedColumns()) {
      io.tidelake.format.types.StructField field = base.schema().field(c);
      if (field != null && !columns.contains(field.name())) {
        columns.add(field.name());
      }
    }
    if (columns.isEmpty()) {
      columns.add(base.schema().field(0).name()); // a constant condition still needs the row count
    }
    io.tidelake.format.types.StructType narrow = base.schema().select(columns);
    io.tidelake.table.internal.Filters.RowTest test = io.tidelake.table.internal.Filters.rowTest(condition, narrow);
    io.tidelake.format.dv.DeletedRows.Builder out = io.tidelake.format.dv.DeletedRows.builder();
    try (io.tidelake.format.parquet.PositionedRowIterator it = base.readFile(f, columns, condition)) {
      while (it.hasNext()) {
        if (test.test(it.next())) {
          out.add(it.rowIndex());
        }
      }
    }
    return out.build();
  }

  /**
   * Refuses a row-level condition whose value depends on when it is evaluated ({@code current_date()}):
   * rows of one operation must not be judged against different moments, and a retried commit must select
   * the same rows (delta-spark refuses non-deterministic DML conditions too).
   */
  static void requireDeterministic(io.tidelake.format.predicate.Predicate p, String operation) {
    if (!deterministic(p)) {
      throw new io.tidelake.format.predicate.PredicateException("The condition of " + operation + " '" + p.toSql()
          + "' uses current_date() or current_timestamp(), whose value changes while it runs. Write the date or "
          + "time as a literal, e.g. DATE '2025-01-31'.");
    }
  }

  private static boolean deterministic(io.tidelake.format.predicate.Predicate p) {
    if (p instanceof io.tidelake.format.predicate.Predicate.Expr e) {
      return e.expression().isDeterministic();
    }
    if (p instanceof io.tidelake.format.predicate.Predicate.And a) {
      return a.children().stream().allMatch(RowChanges::deterministic);
    }
    if (p instanceof io.tidelake.format.predicate.Predicate.Or o) {
      return o.children().stream().allMatch(RowChanges::deterministic);
    }
    if (p instanceof io.tidelake.format.predicate.Predicate.Not n) {
      return deterministic(n.child());
    }
    return true;
  }

  /**
   * {@code stats} with {@code "tightBounds":false}: once a deletion vector hides rows, min/max/nullCount
   * still bound the live rows but may be wider than them (PROTOCOL.md "Per-file Statistics"). Edited as
   * text so that no bound is re-printed (a decimal bound must keep every digit).
   */
  static String wideBounds(String stats, long numRecords) {
    if (stats == null || stats.isBlank()) {
      // a file without stats still needs numRecords beside a deletion vector: readers derive live rows from it
      return "{\"numRecords\":" + numRecords + ",\"tightBounds\":false}";
    }
    if (!stats.contains("\"numRecords\"")) {
      int open = stats.indexOf('{');
      if (open >= 0) {
        String rest = stats.substring(open + 1).stripLeading();
        stats = "{\"numRecords\":" + numRecords + (rest.startsWith("}") ? "" : ",") + rest;
      }
    }
    Matcher m = TIGHT_BOUNDS.matcher(stats);
    if (m.find()) {
      return m.replaceFirst("\"tightBounds\":false");
    }
    int end = stats.lastIndexOf('}');
    if (end < 0) {
      return stats;
    }
    String head = stats.substring(0, end).stripTrailing();
    return head + (head.endsWith("{") ? "" : ",") + "\"tightBounds\":false" + stats.substring(end);
  }
}
