package io.tidelake.quality;

import io.tidelake.format.Row;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GE column map expectation (a test of each value): counts elements, missing (null) values and
 * unexpected values, keeps the first 20 unexpected values and their row indexes, and applies {@code
 * mostly} to the non-missing values as GE does. {@code expect_column_values_to_(not_)be_null} count
 * every row and report no missing counts; {@code expect_row_condition} tests whole rows.
 */
final class ColumnMapCheck extends Check {
  static final int PARTIAL = 20;
  /** Distinct unexpected values tallied for partial_unexpected_counts (bounded memory). */
  private static final int MAX_TALLIED = 10_000;

  /** The test of one value (or, for row conditions, one row). */
  interface ValueTest {
    boolean unexpected(Object value);
  }

  /** Whether footer statistics prove that a column chunk holds no unexpected value (rows, stats). */
  interface StatsRule {
    boolean provesNoneUnexpected(long rows, io.tidelake.format.parquet.DataFileColumns.IntegralStats s);
  }

  private StatsRule statsRule;
  private final int ordinal;
  private final boolean nullsAreElements;
  private final ValueTest test;
  private final BigDecimal mostly;
  private long elements;
  private long missing;
  private long unexpected;
  private final List<Object> partial = new ArrayList<>();
  private final List<Long> partialIndexes = new ArrayList<>();
  private final Map<Object, long[]> tally = new LinkedHashMap<>();
  private static final int MEMO = 256;
  private final String[] memoKeys = new String[MEMO];
  private final boolean[] memoUnexpected = new boolean[MEMO];

  /**
   * @param ordinal the column's position, or -1 to test whole rows
   * @param nullsAreElements true for the null checks: nulls are tested, not missing
   */
  ColumnMapCheck(int index, Expectation e, OnFailure onFailure, int ordinal, boolean nullsAreElements,
      BigDecimal mostly, ValueTest test) {
    super(index, e, onFailure);
    this.ordinal = ordinal;
    this.nullsAreElements = nullsAreElements;
    this.mostly = mostly;
    this.test = test;
  }

  @Override
  boolean rowLevel() {
    return true;
  }

  @Override
  boolean accept(Row row, long rowIndex) {
    return acceptValue(ordinal < 0 ? row : row.get(ordinal), rowIndex);
  }

  @Override
  int column() {
    return ordinal;
  }

  /** This check, deciding column chunks from their footer statistics when {@code rule} allows. */
  ColumnMapCheck decidedByStats(StatsRule rule) {
    this.statsRule = rule;
    return this;
  }

  @Override
  boolean decidedBy(long rows, io.tidelake.format.parquet.DataFileColumns.IntegralStats s) {
    return statsRule != null && ordinal >= 0 && statsRule.provesNoneUnexpected(rows, s);
  }

  @Override
  void acceptStats(long rows, io.tidelake.format.parquet.DataFileColumns.IntegralStats s) {
    elements += rows; // no unexpected value: nothing for the partial lists
    if (!nullsAreElements) {
      missing += s.nullCount();
    }
  }

  @Override
  boolean needsRows() {
    return ordinal < 0;
  }

  @Override
  boolean acceptValue(Object v, long rowIndex) {
    elements++;
    if (v == null && !nullsAreElements) {
      missing++;
      return false;
    }
    if (!(v instanceof String s ? unexpectedString(s) : test.unexpected(v))) {
      return false;
    }
    unexpected++;
    Object shown = ordinal < 0 ? rowAsMap((Row) v) : QualityJson.jsonValue(v);
    if (partial.size() < PARTIAL) {
      partial.add(shown);
      partialIndexes.add(rowIndex);
    }
    if (ordinal >= 0) {
      long[] c = tally.get(shown);
      if (c != null) {
        c[0]++;
      } else if (tally.size() < MAX_TALLIED) {
        tally.put(shown, new long[] {1});
      }
    }
    return true;
  }

  /**
   * The test of a string, remembered by identity in a small direct-mapped table: strings read from a
   * dictionary-encoded Parquet column are one shared instance per distinct value, so a regex or set test
   * runs about once per distinct value instead of once per row. (Strings are immutable: the same instance
   * always gets the same answer.)
   */
  private boolean unexpectedString(String s) {
    int slot = System.identityHashCode(s) & (MEMO - 1);
    if (memoKeys[slot] == s) {
      return memoUnexpected[slot];
    }
    boolean u = test.unexpected(s);
    memoKeys[slot] = s;
    memoUnexpected[slot] = u;
    return u;
  }

  private static Map<String, Object> rowAsMap(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < r.size(); i++) {
      m.put(r.schema().field(i).name(), QualityJson.jsonValue(r.get(i)));
    }
    return m;
  }

  private long nonMissing() {
    return elements - missing;
  }

  @Override
  boolean success() {
    long n = nonMissing();
    if (n == 0) {
      return true; // GE: nothing to test is a success
    }
    // (n - unexpected) / n >= mostly, exactly
    return BigDecimal.valueOf(n - unexpected).compareTo(mostly.multiply(BigDecimal.valueOf(n))) >= 0;
  }

  @Override
  Map<String, Object> result() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("element_count", elements);
    r.put("unexpected_count", unexpected);
    r.put("unexpected_percent", percent(unexpected, nonMissing()));
    r.put("partial_unexpected_list", partial);
    if (!nullsAreElements) {
      r.put("missing_count", missing);
      r.put("missing_percent", percent(missing, elements));
      r.put("unexpected_percent_total", percent(unexpected, elements));
      r.put("unexpected_percent_nonmissing", percent(unexpected, nonMissing()));
    } else {
      r.put("unexpected_percent_total", percent(unexpected, elements));
    }
    r.put("partial_unexpected_index_list", partialIndexes);
    if (ordinal >= 0) {
      List<Map<String, Object>> counts = new ArrayList<>();
      tally.entrySet().stream()
          .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
          .limit(PARTIAL)
          .forEach(e -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("value", e.getKey());
            c.put("count", e.getValue()[0]);
            counts.add(c);
          });
      r.put("partial_unexpected_counts", counts);
    }
    return r;
  }

  /** GE's percentages: 100 * part / whole, or null when whole is 0. */
  static Double percent(long part, long whole) {
    return whole == 0 ? null : 100.0 * part / whole;
  }
}
