package io.tidelake.format.predicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.stats.StatsView;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random files and random predicates: skipping must never drop a file that has a matching row, the
 * partition evaluator must agree with the row evaluator, and every predicate must survive a text round
 * trip. Small value domains make matches, ties and boundary cases frequent.
 */
class RandomizedSoundnessTest {
  private static final StructType SCHEMA = StructType.of(
      new StructField("a", PrimitiveType.LONG),
      new StructField("d", PrimitiveType.DOUBLE),
      new StructField("s", PrimitiveType.STRING),
      new StructField("t", PrimitiveType.TIMESTAMP));
  private static final String[] COLUMNS = {"a", "d", "s", "t"};
  private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
  private static final double[] DOUBLES = {-1.5, -0.0, 0.0, 0.5, 1.0, 2.5, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY};
  private static final String[] CHARS = {"a", "b", "\uFF5E", "\uD83D\uDE00", "%"};
  private static final int CASES = 4000;

  private final Random rnd = new Random(20250101L);

  @Test
  void skippingIsSoundAndUseful() {
    int skipped = 0;
    int filesWithMatches = 0;
    for (int n = 0; n < CASES; n++) {
      List<Object[]> physical = rows();
      boolean[] deleted = new boolean[physical.size()];
      boolean wide = rnd.nextInt(4) == 0;
      for (int i = 0; wide && i < deleted.length; i++) {
        deleted[i] = rnd.nextInt(3) == 0;
      }
      StatsView stats = stats(physical, wide);
      Predicate p = predicate(3).bind(SCHEMA);
      BoundEvaluator eval = p.evaluator(SCHEMA);
      boolean anyMatch = false;
      for (int i = 0; i < physical.size(); i++) {
        anyMatch |= !deleted[i] && eval.test(Row.of(SCHEMA, physical.get(i)));
      }
      boolean might = p.mightMatch(stats);
      if (anyMatch) {
        filesWithMatches++;
        assertThat(might).as("case %d: %s on %s (stats %s)", n, p, describe(physical, deleted), stats).isTrue();
      }
      skipped += might ? 0 : 1;
    }
    // Not vacuous: files with matches happen, and skipping does happen for many of the others.
    assertThat(filesWithMatches).isGreaterThan(CASES / 5);
    assertThat(skipped).isGreaterThan(CASES / 10);
  }

  @Test
  void partitionEvaluationAgreesWithRows() {
    for (int n = 0; n < CASES; n++) {
      Object[] values = row();
      Row row = Row.of(SCHEMA, values);
      Predicate p = predicate(3).bind(SCHEMA);
      TriState actual = p.evaluator(SCHEMA).evaluate(row);
      Map<String, Object> all = new HashMap<>();
      Map<String, Object> some = new HashMap<>();
      for (int c = 0; c < COLUMNS.length; c++) {
        all.put(COLUMNS[c], values[c]);
        if (rnd.nextBoolean()) {
          some.put(COLUMNS[c], values[c]);
        }
      }
      // With every column known the answer is whether the row is selected: a NULL result is FALSE.
      assertThat(p.evaluate(all)).as("%s on %s", p, Arrays.toString(values))
          .isEqualTo(actual == TriState.TRUE ? TriState.TRUE : TriState.FALSE);
      TriState partial = p.evaluate(some);
      if (partial == TriState.FALSE) {
        assertThat(actual).as("%s on %s knowing %s", p, Arrays.toString(values), some.keySet())
            .isNotEqualTo(TriState.TRUE);
      } else if (partial == TriState.TRUE) {
        assertThat(actual).as("%s on %s knowing %s", p, Arrays.toString(values), some.keySet())
            .isEqualTo(TriState.TRUE);
      }
    }
  }

  @Test
  void everyPredicateRoundTripsThroughText() {
    for (int n = 0; n < CASES; n++) {
      Predicate raw = predicate(4);
      Predicate bound = raw.bind(SCHEMA);
      assertThat(Predicates.parse(bound.toSql(), SCHEMA)).as(bound.toSql()).isEqualTo(bound);
      assertThat(Predicates.parseUnbound(raw.toSql()).bind(SCHEMA)).as(raw.toSql()).isEqualTo(bound);
    }
  }

  // ---- random data ----

  private List<Object[]> rows() {
    int count = 1 + rnd.nextInt(6);
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(row());
    }
    return out;
  }

  private Object[] row() {
    Object[] r = new Object[COLUMNS.length];
    for (int c = 0; c < r.length; c++) {
      r[c] = rnd.nextInt(5) == 0 ? null : value(c);
    }
    return r;
  }

  private Object value(int column) {
    switch (column) {
      case 0: return (long) (rnd.nextInt(11) - 5);
      case 1: return DOUBLES[rnd.nextInt(DOUBLES.length)];
      case 2: {
        StringBuilder sb = new StringBuilder();
        int len = rnd.nextInt(4);
        for (int i = 0; i < len; i++) {
          sb.append(CHARS[rnd.nextInt(CHARS.length)]);
        }
        return sb.toString();
      }
      default:
        // Steps of 0.5 ms, so that millisecond truncation of the stats matters.
        return BASE.plus(500L * rnd.nextInt(8), ChronoUnit.MICROS);
    }
  }

  // ---- statistics as a Delta writer would record them ----

  @SuppressWarnings({"unchecked", "rawtypes"})
  private StatsView stats(List<Object[]> physical, boolean wide) {
    FakeStats stats = new FakeStats(rnd.nextInt(20) == 0 ? null : (long) physical.size());
    if (wide) {
      stats.wide();
    }
    for (int c = 0; c < COLUMNS.length; c++) {
      Comparator cmp = comparator(c);
      Object lo = null;
      Object hi = null;
      long nullCount = 0;
      for (Object[] r : physical) {
        Object v = r[c];
        if (v == null) {
          nullCount++;
          continue;
        }
        lo = lo == null || cmp.compare(v, lo) < 0 ? v : lo;
        hi = hi == null || cmp.compare(v, hi) > 0 ? v : hi;
      }
      if (c == 3 && lo != null) {
        lo = ((Instant) lo).truncatedTo(ChronoUnit.MILLIS);
        hi = ((Instant) hi).truncatedTo(ChronoUnit.MILLIS);
      }
      if (c == 2 && lo != null && rnd.nextInt(3) == 0) {
        // Truncated string bounds: a prefix for min, the prefix plus the top code point for max.
        lo = prefix((String) lo);
        String h = (String) hi;
        hi = h.codePointCount(0, h.length()) > 1 ? prefix(h) + "\uDBFF\uDFFF" : h;
      }
      if (wide && lo != null && rnd.nextBoolean()) {
        lo = c == 0 ? (Object) ((Long) lo - rnd.nextInt(3)) : lo;
        hi = c == 0 ? (Object) ((Long) hi + rnd.nextInt(3)) : hi;
      }
      if (rnd.nextInt(10) > 0) {
        stats.bounds(COLUMNS[c], lo, hi);
      }
      if (rnd.nextInt(10) > 0) {
        stats.nullCount(COLUMNS[c], nullCount);
      }
    }
    return stats;
  }

  private static String prefix(String s) {
    return s.isEmpty() ? s : s.substring(0, s.offsetByCodePoints(0, 1));
  }

  /** The orders a Delta writer uses: NaN largest for doubles (Spark), code points for strings. */
  private static Comparator<?> comparator(int column) {
    switch (column) {
      case 1: return Comparator.<Double>naturalOrder();
      case 2: return (Comparator<String>) (x, y) -> Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray());
      default: return Comparator.<Comparable<Object>>naturalOrder();
    }
  }

  // ---- random predicates ----

  private Predicate predicate(int depth) {
    int kind = rnd.nextInt(depth <= 0 ? 6 : 10);
    switch (kind) {
      case 0: case 1: {
        int c = rnd.nextInt(COLUMNS.length);
        return new Predicate.Comparison(Column.of(COLUMNS[c]), CompareOp.values()[rnd.nextInt(6)], literal(c));
      }
      case 2: {
        int c = rnd.nextInt(COLUMNS.length);
        List<Literal> values = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
          values.add(literal(c));
        }
        return new Predicate.In(Column.of(COLUMNS[c]), values);
      }
      case 3:
        return new Predicate.IsNull(Column.of(COLUMNS[rnd.nextInt(COLUMNS.length)]));
      case 4: {
        int c = rnd.nextInt(COLUMNS.length);
        return new Predicate.Between(Column.of(COLUMNS[c]), literal(c), literal(c));
      }
      case 5:
        if (rnd.nextInt(4) == 0) {
          return new Predicate.Constant(rnd.nextBoolean());
        }
        if (rnd.nextInt(3) == 0) {
          return new Predicate.ColumnComparison(Column.of("a"), CompareOp.values()[rnd.nextInt(6)], Column.of("d"));
        }
        return new Predicate.Like(Column.of("s"), likePattern());
      case 6:
        return new Predicate.Not(predicate(depth - 1));
      case 7:
      case 8: {
        List<Predicate> kids = List.of(predicate(depth - 1), predicate(depth - 1));
        return kind == 7 ? new Predicate.And(kids) : new Predicate.Or(kids);
      }
      default:
        return predicate(depth - 1);
    }
  }

  private Literal literal(int column) {
    if (rnd.nextInt(12) == 0) {
      return Literal.of(null);
    }
    Object v = value(column);
    // Also exercise the numeric conversion: whole doubles for the long column, longs for the double one.
    if (column == 0 && rnd.nextInt(4) == 0) {
      v = ((Long) v).doubleValue();
    } else if (column == 1 && rnd.nextInt(4) == 0) {
      v = (long) (rnd.nextInt(5) - 2);
    }
    return Literal.of(v);
  }

  private String likePattern() {
    String[] parts = {"a", "b", "\uFF5E", "\uD83D\uDE00", "%", "_", "\\%"};
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(4); i >= 0; i--) {
      sb.append(parts[rnd.nextInt(parts.length)]);
    }
    return sb.toString();
  }

  private static String describe(List<Object[]> rows, boolean[] deleted) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      list.add((deleted[i] ? "deleted " : "") + Arrays.toString(rows.get(i)));
    }
    return list.toString();
  }
}
