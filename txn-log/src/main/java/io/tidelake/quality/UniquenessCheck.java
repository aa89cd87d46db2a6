package io.tidelake.quality;

import io.tidelake.format.Row;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code expect_column_values_to_be_unique} and {@code expect_compound_columns_to_be_unique}: as in GE,
 * every occurrence of a repeated value is unexpected (three equal values are three unexpected ones), and
 * rows with missing values are left out (for compound keys as {@code ignore_row_if} says:
 * {@code all_values_are_missing} (default), {@code any_value_is_missing} or {@code never}). A value is only
 * known to repeat later in the pass, so it is not a row-level check (nothing to quarantine row by row).
 * Memory: bounded by a budget ({@link Occurrences}: beyond it, keys are spilled to disk as sorted runs).
 */
final class UniquenessCheck extends Check {
  enum Ignore { ALL_MISSING, ANY_MISSING, NEVER }

  private final int[] ordinals;
  private final ValueDomain[] domains;
  private final Ignore ignore;
  private final BigDecimal mostly;
  private final Occurrences seen;
  /** {@link #seen} for one integral column: no boxing, no hash table. */
  private final LongOccurrences longs;
  private long elements;
  private long missing;

  UniquenessCheck(int index, Expectation e, OnFailure onFailure, int[] ordinals, ValueDomain[] domains,
      Ignore ignore, BigDecimal mostly, AuditLimits limits) {
    super(index, e, onFailure);
    this.ordinals = ordinals;
    this.domains = domains;
    this.ignore = ignore;
    this.mostly = mostly;
    this.seen = limits.occurrences(domains);
    this.longs = seen instanceof LongOccurrences l ? l : null;
  }

  @Override
  void discard() {
    seen.deleteRuns();
  }

  @Override
  boolean rowLevel() {
    return false;
  }

  @Override
  int column() {
    return ordinals.length == 1 ? ordinals[0] : -1;
  }

  @Override
  boolean needsRows() {
    return ordinals.length > 1;
  }

  @Override
  boolean acceptValue(Object v, long rowIndex) {
    elements++;
    if (v == null) {
      missing++;
    } else if (longs != null) {
      longs.addLong(((Number) v).longValue(), rowIndex);
    } else {
      seen.add(domains[0].norm(v), rowIndex);
    }
    return false;
  }

  @Override
  boolean accept(Row row, long rowIndex) {
    if (ordinals.length == 1) {
      return acceptValue(row.get(ordinals[0]), rowIndex);
    }
    elements++;
    List<Object> k = new ArrayList<>(ordinals.length);
    int nulls = 0;
    for (int i = 0; i < ordinals.length; i++) {
      Object v = row.get(ordinals[i]);
      nulls += v == null ? 1 : 0;
      k.add(v == null ? null : domains[i].norm(v));
    }
    if ((ignore == Ignore.ALL_MISSING && nulls == ordinals.length) || (ignore == Ignore.ANY_MISSING && nulls > 0)) {
      missing++;
      return false;
    }
    seen.add(k, rowIndex);
    return false;
  }

  @Override
  boolean success() {
    long n = elements - missing;
    long unexpected = seen.finish().repeatedOccurrences();
    return n == 0 || BigDecimal.valueOf(n - unexpected).compareTo(mostly.multiply(BigDecimal.valueOf(n))) >= 0;
  }

  @Override
  Map<String, Object> result() {
    Occurrences.Summary s = seen.finish();
    long unexpected = s.repeatedOccurrences();
    long nonMissing = elements - missing;
    // the repeated values in order of first occurrence, each as often as it occurs, up to 20
    List<Object> partial = new ArrayList<>();
    List<Map<String, Object>> counts = new ArrayList<>();
    for (Occurrences.Repeated d : s.firstRepeated()) {
      Object shown = shown(d.key());
      for (long i = 0; i < d.count() && partial.size() < ColumnMapCheck.PARTIAL; i++) {
        partial.add(shown);
      }
      if (counts.size() < ColumnMapCheck.PARTIAL) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("value", shown);
        c.put("count", d.count());
        counts.add(c);
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("element_count", elements);
    r.put("unexpected_count", unexpected);
    r.put("unexpected_percent", ColumnMapCheck.percent(unexpected, nonMissing));
    r.put("partial_unexpected_list", partial);
    r.put("missing_count", missing);
    r.put("missing_percent", ColumnMapCheck.percent(missing, elements));
    r.put("unexpected_percent_total", ColumnMapCheck.percent(unexpected, elements));
    r.put("unexpected_percent_nonmissing", ColumnMapCheck.percent(unexpected, nonMissing));
    r.put("partial_unexpected_counts", counts);
    return r;
  }

  private Object shown(Object key) {
    if (key instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(jsonKey(x)));
      return out;
    }
    return jsonKey(key);
  }

  private static Object jsonKey(Object k) {
    if (k instanceof java.nio.ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return QualityJson.jsonValue(bytes);
    }
    if (k instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return QualityJson.jsonValue(k);
  }
}
