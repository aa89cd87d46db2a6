package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of append / UPDATE / DELETE / replaceWhere (random predicates and SET expressions, nulls included)
 * against a plain in-memory model, in copy-on-write and deletion-vector mode, with the change data feed
 * on: after every step the table holds the model's rows, and the commit's change feed is the model's
 * changes. The model evaluates each predicate and assignment with its own Java code (SQL's three-valued
 * logic written out), not with Tidelake's evaluator.
 */
class RowLevelDifferentialTest {
  @TempDir Path dir;

  static final StructType SCHEMA = SchemaDdl.parse("id long not null, part string, x int, y double, s string");

  /** One model row: id, part, x, y, s. */
  record M(long id, String part, Integer x, Double y, String s) {
    Row toRow() {
      return Row.of(SCHEMA, id, part, x, y, s);
    }

    static M of(Row r) {
      return new M(r.getLong("id"), (String) r.get("part"), (Integer) r.get("x"), (Double) r.get("y"),
          (String) r.get("s"));
    }

    String key(String change) {
      return id + "|" + part + "|" + x + "|" + y + "|" + s + "|" + change;
    }
  }

  /** A predicate as text and as the model's 3-valued function (null = UNKNOWN). */
  record P(String sql, Function<M, Boolean> eval) {}

  /** An assignment as text, the column it sets, and the model's value for it (from the old row). */
  record A(String sql, String column, Function<M, Object> value) {}

  /** All assignments read the old row (SQL's SET is simultaneous). */
  static M assign(M m, List<A> set) {
    Map<String, Object> v = new HashMap<>();
    for (A a : set) {
      v.put(a.column(), a.value().apply(m));
    }
    return new M(m.id(), v.containsKey("part") ? (String) v.get("part") : m.part(),
        v.containsKey("x") ? (Integer) v.get("x") : m.x(), v.containsKey("y") ? (Double) v.get("y") : m.y(),
        v.containsKey("s") ? (String) v.get("s") : m.s());
  }

  static Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (boolean dv : new boolean[] {false, true}) {
      for (long seed = 1; seed <= 6; seed++) {
        out.add(Arguments.of(dv, seed % 3 != 0, seed)); // a third of the runs without the change feed
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "dv={0} cdf={1} seed={2}")
  @MethodSource("runs")
  void randomRowLevelSequencesMatchTheModel(boolean dv, boolean cdf, long seed) {
    Random rnd = new Random(seed);
    Table t = Table.create(dir.toString()).schema(SCHEMA).partitionBy("part")
        .property("delta.enableDeletionVectors", String.valueOf(dv))
        .property("delta.enableChangeDataFeed", String.valueOf(cdf))
        .property("tidelake.parquet.pageSize", "256").create();
    Map<Long, M> model = new HashMap<>();
    long nextId = 0;
    for (int step = 0; step < 14; step++) {
      int op = step < 2 ? 0 : rnd.nextInt(4);
      List<String> expectedChanges = new ArrayList<>();
      long before = t.snapshot().version();
      String what;
      if (op == 0) {
        List<Row> rows = new ArrayList<>();
        int n = 1 + rnd.nextInt(60);
        for (int i = 0; i < n; i++) {
          M m = randomRow(rnd, nextId++);
          model.put(m.id(), m);
          rows.add(m.toRow());
          expectedChanges.add(m.key("insert"));
        }
        t.newAppend().addRows(rows).commit();
        what = "append " + n;
      } else if (op == 3) {
        P p = randomPredicate(rnd);
        for (M m : new ArrayList<>(model.values())) {
          if (Boolean.TRUE.equals(p.eval().apply(m))) {
            model.remove(m.id());
            expectedChanges.add(m.key("delete"));
          }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          M m = randomRow(rnd, nextId++);
          if (Boolean.TRUE.equals(p.eval().apply(m))) { // replaceWhere: every new row must match
            model.put(m.id(), m);
            rows.add(m.toRow());
            expectedChanges.add(m.key("insert"));
          }
        }
        t.newOverwrite().replaceWhere(p.sql()).addRows(rows).commit();
        what = "replaceWhere " + p.sql() + " with " + rows.size() + " rows";
      } else if (op == 1) {
        P p = randomPredicate(rnd);
        for (M m : new ArrayList<>(model.values())) {
          if (Boolean.TRUE.equals(p.eval().apply(m))) {
            model.remove(m.id());
            expectedChanges.add(m.key("delete"));
          }
        }
        t.newDelete().where(p.sql()).commit();
        what = "delete where " + p.sql();
      } else {
        P p = rnd.nextInt(5) == 0 ? null : randomPredicate(rnd);
        List<A> set = randomAssignments(rnd);
        UpdateRows u = t.newUpdate();
        StringBuilder text = new StringBuilder();
        for (A a : set) {
          text.append(text.length() == 0 ? "" : ", ").append(a.sql());
        }
        u.set(text.toString());
        if (p != null) {
          u.where(p.sql());
        }
        for (M m : new ArrayList<>(model.values())) {
          if (p == null || Boolean.TRUE.equals(p.eval().apply(m))) {
            M n = assign(m, set);
            model.put(m.id(), n);
            expectedChanges.add(m.key("update_preimage"));
            expectedChanges.add(n.key("update_postimage"));
          }
        }
        u.commit();
        what = "update set " + text + (p == null ? "" : " where " + p.sql());
      }
      // the table holds the model's rows
      List<String> actual = new ArrayList<>();
      for (Row r : t.newScan().toList()) {
        actual.add(M.of(r).key(""));
      }
      List<String> expected = new ArrayList<>();
      for (M m : model.values()) {
        expected.add(m.key(""));
      }
      assertThat(actual).as("rows after step %d (%s)", step, what).containsExactlyInAnyOrderElementsOf(expected);
      // the commit's change feed is the model's change
      long after = t.snapshot().version();
      List<String> feed = new ArrayList<>();
      if (after > before && cdf) {
        for (Row r : t.changeFeed(after, after).toList()) {
          feed.add(M.of(r).key(r.getString(ChangeType.CHANGE_TYPE_COLUMN)));
          assertThat(r.getLong(ChangeType.COMMIT_VERSION_COLUMN)).isEqualTo(after);
        }
      }
      assertThat(cdf ? feed : expectedChanges).as("change feed of step %d (%s)", step, what)
          .containsExactlyInAnyOrderElementsOf(expectedChanges);
    }
    // and the whole range at once
    if (cdf) {
      assertThat(t.changeFeed(0).toList()).isNotEmpty();
    }
  }

  static M randomRow(Random rnd, long id) {
    String[] parts = {"a", "b", "c", null};
    return new M(id, parts[rnd.nextInt(parts.length)],
        rnd.nextInt(6) == 0 ? null : rnd.nextInt(100) - 20,
        rnd.nextInt(6) == 0 ? null : Math.round(rnd.nextDouble() * 1000) / 10.0,
        rnd.nextInt(6) == 0 ? null : "s" + rnd.nextInt(12));
  }

  static P randomPredicate(Random rnd) {
    P p = leaf(rnd);
    int more = rnd.nextInt(3);
    for (int i = 0; i < more; i++) {
      P q = leaf(rnd);
      P prev = p;
      if (rnd.nextBoolean()) {
        p = new P("(" + prev.sql() + ") AND (" + q.sql() + ")", m -> and(prev.eval().apply(m), q.eval().apply(m)));
      } else {
        p = new P("(" + prev.sql() + ") OR (" + q.sql() + ")", m -> or(prev.eval().apply(m), q.eval().apply(m)));
      }
    }
    if (rnd.nextInt(5) == 0) {
      P inner = p;
      p = new P("NOT (" + inner.sql() + ")", m -> not(inner.eval().apply(m)));
    }
    return p;
  }

  static P leaf(Random rnd) {
    int c = rnd.nextInt(100) - 20;
    switch (rnd.nextInt(9)) {
      case 0:
        return new P("x > " + c, m -> m.x() == null ? null : m.x() > c);
      case 1:
        return new P("x IS NULL", m -> m.x() == null);
      case 2: {
        String part = List.of("a", "b", "c").get(rnd.nextInt(3));
        return new P("part = '" + part + "'", m -> m.part() == null ? null : m.part().equals(part));
      }
      case 3:
        return new P("s = 's" + (c % 12 + 12) % 12 + "'",
            m -> m.s() == null ? null : m.s().equals("s" + (c % 12 + 12) % 12));
      case 4:
        return new P("x % 3 = 0", m -> m.x() == null ? null : m.x() % 3 == 0);
      case 5:
        return new P("y * 2 < " + (c * 10), m -> m.y() == null ? null : m.y() * 2 < c * 10);
      case 6:
        return new P("part IS NULL", m -> m.part() == null);
      case 7:
        return new P("coalesce(x, 0) + id > " + (c + 40), m -> (m.x() == null ? 0 : m.x()) + m.id() > c + 40);
      default:
        return new P("id < " + (c + 30), m -> m.id() < c + 30);
    }
  }

  static List<A> randomAssignments(Random rnd) {
    List<A> all = new ArrayList<>(List.of(
        new A("x = x + 1", "x", m -> m.x() == null ? null : m.x() + 1),
        new A("s = concat(s, '!')", "s", m -> m.s() == null ? null : m.s() + "!"),
        new A("y = CASE WHEN x IS NULL THEN 0.5 ELSE y * 2 END", "y",
            m -> m.x() == null ? Double.valueOf(0.5) : m.y() == null ? null : m.y() * 2),
        new A("part = 'c'", "part", m -> "c"),
        new A("x = NULL", "x", m -> null),
        new A("s = upper(part)", "s", m -> m.part() == null ? null : m.part().toUpperCase(java.util.Locale.ROOT))));
    java.util.Collections.shuffle(all, rnd);
    List<A> out = new ArrayList<>();
    java.util.Set<String> columns = new java.util.HashSet<>();
    int n = 1 + rnd.nextInt(3);
    for (A a : all) {
      if (out.size() < n && columns.add(a.column())) {
        out.add(a);
      }
    }
    return out;
  }

  static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }

  static Boolean not(Boolean a) {
    return a == null ? null : !a;
  }

  static boolean same(Object a, Object b) {
    return Objects.equals(a, b);
  }
}
