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
   * {@code stats} with {@code "tightBounds":false}: once a deletion vector hides rows, min/max/nullCount
   * still bound the live rows but may be wider than them (PROTOCOL.md "Per-file Statistics"). Edited as
   * text so that no bound is re-printed (a decimal bound must keep every digit).
   */
  static String wideBounds(String stats) {
    if (stats == null) {
      return null;
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
