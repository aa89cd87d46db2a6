package io.tidelake.stream;

import io.tidelake.format.store.ObjectStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An event-time window aggregation: tumbling or sliding windows over a timestamp column, grouped by
 * columns, with {@code count(*)}, {@code count(x)}, {@code sum}, {@code min}, {@code max}, {@code avg} of
 * expressions. The output columns are {@code window_start}, {@code window_end}, the group columns, then
 * the aggregates.
 *
 * <p>Watermark (Spark's rule): the maximum event time seen in earlier batches minus the delay, advanced at
 * batch boundaries, never decreasing. A row is late when every window it belongs to ended at or before
 * the watermark of its batch; late rows go to the late table (their columns plus {@code _watermark},
 * {@code _batch_id}, {@code _late_by_ms}) and are counted, never dropped silently. In output mode
 * {@code APPEND} a window is emitted once, in the first batch whose watermark passed its end, and its
 * state is then dropped; {@code UPDATE} emits, each batch, the windows it changed with their current values
 * and the table sink upserts them by ({@code window_start}, {@code window_end}, group columns), state
 * dropped as in append; {@code COMPLETE} emits every window each batch. The state is saved in the
 * checkpoint with each batch.
 *
 * <pre>{@code
 * WindowSpec w = WindowSpec.tumbling("ts", Duration.ofHours(1)).groupBy("user_id")
 *     .agg("count(*) AS n, sum(amount) AS total").watermark(Duration.ofMinutes(10)).lateTable("/data/late");
 * }</pre>
 */
public final class WindowSpec {
  final String timeColumn;
  final long sizeMs;
  final long slideMs;
  List<String> groupBy = List.of();
  String aggregates = "count(*) AS count";
  long delayMs;
  StoreLocation lateTable;

  private WindowSpec(String timeColumn, Duration size, Duration slide) {
    if (size.toMillis() <= 0 || slide.toMillis() <= 0) {
      throw new StreamingException("A window's size and slide must be at least 1 ms, got " + size + " and " + slide);
    }
    if (slide.compareTo(size) > 0) {
      throw new StreamingException("A sliding window's slide (" + slide + ") must not exceed its size (" + size + ")");
    }
    this.timeColumn = timeColumn;
    this.sizeMs = size.toMillis();
    this.slideMs = slide.toMillis();
  }

  public static WindowSpec tumbling(String timeColumn, Duration size) {
    return new WindowSpec(timeColumn, size, size);
  }

  public static WindowSpec sliding(String timeColumn, Duration size, Duration slide) {
    return new WindowSpec(timeColumn, size, slide);
  }

  private static final Pattern SPEC = Pattern.compile(
      "(?i)\\s*(tumbling|sliding)\\s*\\(\\s*([^,\\s]+)\\s*,\\s*([^,]+?)\\s*(?:,\\s*([^,]+?)\\s*)?\\)\\s*");

  /** {@code tumbling(ts, 1 hour)} or {@code sliding(ts, 1 hour, 15 minutes)}. */
  public static WindowSpec parse(String text) {
    Matcher m = SPEC.matcher(text);
    if (!m.matches() || (m.group(1).equalsIgnoreCase("tumbling") != (m.group(4) == null))) {
      throw new StreamingException("Not a window: '" + text + "'; write tumbling(ts, 1 hour) or "
          + "sliding(ts, 1 hour, 15 minutes)");
    }
    Duration size = Trigger.parseDuration(m.group(3));
    return m.group(4) == null ? tumbling(m.group(2), size) : sliding(m.group(2), size, Trigger.parseDuration(m.group(4)));
  }

  public WindowSpec groupBy(String... columns) {
    return groupBy(List.of(columns));
  }

  public WindowSpec groupBy(List<String> columns) {
    this.groupBy = List.copyOf(columns);
    return this;
  }

  /** The aggregates, e.g. {@code "count(*) AS n, sum(amount) AS total, max(ts) AS last_seen"}. */
  public WindowSpec agg(String aggregateList) {
    this.aggregates = aggregateList;
    return this;
  }

  /** How far behind the newest event time a row may arrive and still be aggregated. */
  public WindowSpec watermark(Duration delay) {
    if (delay.isNegative()) {
      throw new StreamingException("A watermark delay must not be negative: " + delay);
    }
    this.delayMs = delay.toMillis();
    return this;
  }

  /** The Delta table that receives late rows (created on the first batch when missing). */
  public WindowSpec lateTable(String location) {
    return lateTable(location, Map.of());
  }

  public WindowSpec lateTable(String location, Map<String, String> storeOptions) {
    this.lateTable = StoreLocation.of(location, storeOptions);
    return this;
  }

  public WindowSpec lateTable(ObjectStore store, String location) {
    this.lateTable = StoreLocation.of(store, location);
    return this;
  }

  /** The window as text (for a backfill's ledger: another window is another job). */
  String describe() {
    return (sizeMs == slideMs ? "tumbling(" + timeColumn + ", " + sizeMs + " ms)"
        : "sliding(" + timeColumn + ", " + sizeMs + " ms, " + slideMs + " ms)") + " group by " + groupBy + " agg "
        + aggregates;
  }
}
