package io.tidelake.quality;

import io.tidelake.format.Row;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GE's aggregate expectations: one observed value over all rows ({@code observed_value}) compared with
 * {@code min_value}/{@code max_value} (inclusive unless {@code strict_min}/{@code strict_max}; a null
 * bound is open). Nulls are left out of min, max, mean, sum and the unique proportion, as in GE (pandas):
 * the sum of no values is 0, the unique proportion of none is 0, and min, max and mean of none are null
 * (which fails).
 */
final class AggregateCheck extends Check {
  enum Kind { ROW_COUNT, MIN, MAX, MEAN, SUM, UNIQUE_PROPORTION }

  private final Kind kind;
  private final int ordinal;
  private final ValueDomain domain;
  private final CheckBinder.Range range;
  private long rows;
  private long nonNull;
  private Object extreme; // normalised min or max
  private Object extremeShown;
  private long longSum;
  private BigDecimal bigSum = BigDecimal.ZERO;
  private boolean overflowed;
  private double doubleSum;
  /** The values counted for the unique proportion (bounded memory), else null. */
  private final Occurrences distinct;

  /** Bounds already in the domain they compare in: the column's for MIN/MAX, BigDecimal otherwise. */
  AggregateCheck(int index, Expectation e, OnFailure onFailure, Kind kind, int ordinal, ValueDomain domain,
      CheckBinder.Range range, Occurrences distinct) {
    super(index, e, onFailure);
    this.distinct = distinct;
    this.kind = kind;
    this.ordinal = ordinal;
    this.domain = domain;
    this.range = range;
  }

  @Override
  void discard() {
    if (distinct != null) {
      distinct.deleteRuns();
    }
  }

  @Override
  boolean rowLevel() {
    return false;
  }

  @Override
  boolean accept(Row row, long rowIndex) {
    if (kind == Kind.ROW_COUNT) {
      rows++;
      return false;
    }
    return acceptValue(row.get(ordinal), rowIndex);
  }

  @Override
  int column() {
    return kind == Kind.ROW_COUNT ? -1 : ordinal;
  }

  @Override
  void acceptRows(long n) {
    rows += n; // only called for the row count (no column)
  }

  @Override
  boolean acceptValue(Object v, long rowIndex) {
    rows++;
    if (v == null) {
      return false;
    }
    nonNull++;
    switch (kind) {
      case MIN, MAX -> {
        Object n = domain.norm(v);
        if (extreme == null || (kind == Kind.MIN ? ValueDomain.compare(n, extreme) < 0 : ValueDomain.compare(n, extreme) > 0)) {
          extreme = n;
          extremeShown = v;
        }
      }
      case MEAN, SUM -> add(v);
      case UNIQUE_PROPORTION -> distinct.add(domain.norm(v), rowIndex);
      default -> { }
    }
    return false;
  }

  private void add(Object v) {
    switch (domain.kind) {
      case INTEGRAL -> {
        long x = ((Number) v).longValue();
        if (!overflowed) {
          try {
            longSum = Math.addExact(longSum, x);
            return;
          } catch (ArithmeticException e) {
            overflowed = true;
            bigSum = BigDecimal.valueOf(longSum);
          }
        }
        bigSum = bigSum.add(BigDecimal.valueOf(x));
      }
      case FLOATING -> doubleSum += ((Number) v).doubleValue();
      default -> bigSum = bigSum.add((BigDecimal) v);
    }
  }

  /** The observed value as GE reports it (JSON-friendly), or null. */
  Object observed() {
    switch (kind) {
      case ROW_COUNT:
        return rows;
      case MIN, MAX:
        return extremeShown == null ? null : QualityJson.jsonValue(extremeShown);
      case SUM:
        return sum();
      case MEAN: {
        if (nonNull == 0) {
          return null;
        }
        Object s = sum();
        return (s instanceof Number n ? (s instanceof BigDecimal d ? d.doubleValue() : n.doubleValue()) : 0.0) / nonNull;
      }
      case UNIQUE_PROPORTION:
        return nonNull == 0 ? 0.0 : (double) distinct.finish().distinct() / nonNull;
      default:
        throw new IllegalStateException(kind.toString());
    }
  }

  private Object sum() {
    return switch (domain.kind) {
      case INTEGRAL -> overflowed ? bigSum : (Object) longSum;
      case FLOATING -> doubleSum;
      default -> bigSum;
    };
  }

  @Override
  boolean success() {
    Object comparable;
    if (kind == Kind.MIN || kind == Kind.MAX) {
      comparable = extreme;
    } else {
      Object o = observed();
      if (o instanceof Double d && (d.isNaN() || d.isInfinite())) {
        return false;
      }
      comparable = o == null ? null : new BigDecimal(o.toString());
    }
    return comparable != null && range.contains(comparable);
  }

  @Override
  Map<String, Object> result() {
    Map<String, Object> r = new LinkedHashMap<>();
    Object o = observed();
    r.put("observed_value", o instanceof BigDecimal d ? d.toPlainString() : o);
    if (kind == Kind.ROW_COUNT) {
      return r;
    }
    r.put("element_count", rows);
    r.put("missing_count", rows - nonNull);
    r.put("missing_percent", ColumnMapCheck.percent(rows - nonNull, rows));
    return r;
  }

  /** {@code expect_table_columns_to_match_set}: decided by the schema alone. */
  static final class ColumnSet extends Check {
    private final List<String> actual;
    private final Set<String> expected;
    private final boolean exact;

    ColumnSet(int index, Expectation e, OnFailure onFailure, List<String> actual, Set<String> expected, boolean exact) {
      super(index, e, onFailure);
      this.actual = actual;
      this.expected = expected;
      this.exact = exact;
    }

    @Override
    boolean rowLevel() {
      return false;
    }

    @Override
    boolean accept(Row row, long rowIndex) {
      return false;
    }

    @Override
    boolean success() {
      Set<String> a = new HashSet<>(actual);
      return exact ? a.equals(expected) : a.containsAll(expected);
    }

    @Override
    Map<String, Object> result() {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("observed_value", actual);
      if (!success()) {
        Map<String, Object> details = new LinkedHashMap<>();
        Set<String> missing = new java.util.TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new java.util.TreeSet<>(actual);
        extra.removeAll(expected);
        Map<String, Object> mismatched = new LinkedHashMap<>();
        mismatched.put("unexpected", exact ? List.copyOf(extra) : List.of());
        mismatched.put("missing", List.copyOf(missing));
        details.put("mismatched", mismatched);
        r.put("details", details);
      }
      return r;
    }
  }
}
