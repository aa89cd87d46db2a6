package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ChangeType;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random MERGEs (random ON shapes, clause lists and conditions, NULL keys, duplicate source keys, matched and
 * unmatched mixes) against a plain in-memory model of delta-spark's semantics, in copy-on-write and
 * deletion-vector mode with the change data feed on: after each MERGE the table holds the model's rows and
 * the commit's change feed is the model's changes; a MERGE the model says hits the multiple-match rule
 * fails with the typed error and changes nothing. The model evaluates conditions and values with its own
 * Java code (three-valued logic written out), not with Tidelake's evaluator.
 */
class MergeDifferentialTest {
  static final StructType TARGET = SchemaDdl.parse("id long, part string, x int, y double, s string");
  static final StructType SOURCE = SchemaDdl.parse("id long, part string, x int, y double, s string, op string");

  @TempDir Path dir;

  record T(Long id, String part, Integer x, Double y, String s) {
    Row toRow() {
      return Row.of(TARGET, id, part, x, y, s);
    }

    static T of(Row r) {
      return new T((Long) r.get("id"), (String) r.get("part"), (Integer) r.get("x"), (Double) r.get("y"),
          (String) r.get("s"));
    }

    String key(String change) {
      return id + "|" + part + "|" + x + "|" + y + "|" + s + "|" + change;
    }
  }

  record S(Long id, String part, Integer x, Double y, String s, String op) {
    Row toRow() {
      return Row.of(SOURCE, id, part, x, y, s, op);
    }
  }

  /** A condition: SQL and the model's 3-valued value over (target, source); either may be null for its kind. */
  record C(String sql, BiFunction<T, S, Boolean> eval) {}

  /** An action: the clause's builder step and the model's result (null = delete). */
  record A(String name, Map<String, String> set, BiFunction<T, S, T> apply) {}

  record Clause(MergeClause.Kind kind, C cond, A action) {}

  static Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (boolean dv : new boolean[] {false, true}) {
      for (long seed = 1; seed <= 3; seed++) {
        out.add(Arguments.of(dv, seed));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "dv={0} seed={1}")
  @MethodSource("runs")
  void randomMergesMatchTheModel(boolean dv, long seed) {
    run(dv, seed, false);
  }

  /**
   * The same random MERGEs with a memory budget far below any source, so every source with rows is spilled
   * and joined one partition at a time (a grace hash join): the results, change feeds and multiple-match
   * refusals must not change, and the spill directory is left empty.
   */
  @ParameterizedTest(name = "spilled dv={0} seed={1}")
  @MethodSource("spilledRuns")
  void spilledMergesMatchTheModel(boolean dv, long seed) throws java.io.IOException {
    run(dv, seed, true);
    try (Stream<Path> left = java.nio.file.Files.list(spill)) {
      assertThat(left.toList()).as("spill files are deleted").isEmpty();
    }
  }

  static Stream<Arguments> spilledRuns() {
    return Stream.of(Arguments.of(false, 4L), Arguments.of(true, 5L));
  }

  @TempDir Path spill;

  void run(boolean dv, long seed, boolean spilled) {
    Random rnd = new Random(seed * 7919 + (dv ? 1 : 0));
    Table t = Table.create(dir.toString()).schema(TARGET).partitionBy("part")
        .property("delta.enableDeletionVectors", String.valueOf(dv))
        .property("delta.enableChangeDataFeed", "true").property("delta.checkpointInterval", "1000").create();
    List<T> model = new ArrayList<>();
    List<Row> initial = new ArrayList<>();
    for (long id = 0; id < 40; id++) {
      T r = randomTarget(rnd, rnd.nextInt(12) == 0 ? null : id);
      model.add(r);
      initial.add(r.toRow());
    }
    t.newAppend().addRows(initial.subList(0, 20)).commit();
    t.newAppend().addRows(initial.subList(20, 40)).commit();
    int refused = 0;
    for (int step = 0; step < 30; step++) {
      String[] on = ON[rnd.nextInt(ON.length)];
      BiFunction<T, S, Boolean> onEval = onModel(on[1]);
      List<S> source = new ArrayList<>();
      int n = rnd.nextInt(25);
      for (int i = 0; i < n; i++) {
        long id = rnd.nextInt(100) - 5;
        source.add(new S(rnd.nextInt(10) == 0 ? null : id, part(rnd), rnd.nextInt(8) == 0 ? null : rnd.nextInt(100),
            rnd.nextInt(8) == 0 ? null : rnd.nextInt(1000) / 10.0, rnd.nextInt(8) == 0 ? null : "v" + rnd.nextInt(5),
            rnd.nextInt(3) == 0 ? "D" : "U"));
      }
      List<Clause> clauses = randomClauses(rnd);
      Merge merge = Merge.into(t).using(SOURCE, source.stream().map(S::toRow).toList()).on(on[0]);
      if (spilled) {
        merge = merge.memoryBudget(1).spillDirectory(spill);
      }
      for (Clause c : clauses) {
        merge = add(merge, c);
      }
      String what = "step " + step + ": ON " + on[0] + " " + merge.clauses() + " source " + source;
      long before = t.snapshot().version();
      // the model
      List<Clause> matched = clauses.stream().filter(c -> c.kind() == MergeClause.Kind.MATCHED).toList();
      List<Clause> notMatched = clauses.stream().filter(c -> c.kind() == MergeClause.Kind.NOT_MATCHED).toList();
      List<Clause> bySource = clauses.stream().filter(c -> c.kind() == MergeClause.Kind.NOT_MATCHED_BY_SOURCE).toList();
      boolean manyAllowed = matched.isEmpty()
          || matched.size() == 1 && matched.get(0).cond() == null && matched.get(0).action().name().equals("delete");
      List<T> next = new ArrayList<>();
      List<String> changes = new ArrayList<>();
      boolean[] sourceMatched = new boolean[source.size()];
      boolean multiple = false;
      for (T row : model) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < source.size(); i++) {
          if (Boolean.TRUE.equals(onEval.apply(row, source.get(i)))) {
            sourceMatched[i] = true;
            count++;
            first = first < 0 ? i : first;
          }
        }
        multiple |= count > 1 && !manyAllowed;
        Clause fired = null;
        if (count > 0) {
          fired = firstTrue(matched, row, source.get(first));
        } else {
          fired = firstTrue(bySource, row, null);
        }
        if (fired == null) {
          next.add(row);
          continue;
        }
        T after = fired.action().apply().apply(row, count > 0 ? source.get(first) : null);
        if (after == null) {
          changes.add(row.key("delete"));
        } else {
          next.add(after);
          changes.add(row.key("update_preimage"));
          changes.add(after.key("update_postimage"));
        }
      }
      for (int i = 0; i < source.size(); i++) {
        if (!sourceMatched[i]) {
          Clause fired = firstTrue(notMatched, null, source.get(i));
          if (fired != null) {
            T ins = fired.action().apply().apply(null, source.get(i));
            next.add(ins);
            changes.add(ins.key("insert"));
          }
        }
      }
      if (multiple) {
        assertThat(catchThrowable(merge::execute)).as(what).isInstanceOf(MultipleSourceRowsMatchedException.class);
        assertThat(t.snapshot().version()).isEqualTo(before);
        refused++;
      } else {
        MergeResult result = merge.execute();
        if (spilled && !source.isEmpty()) {
          assertThat(result.metric("sourceSpillPasses")).as(what).isGreaterThan(1);
          assertThat(result.metric("sourceSpillBytes")).as(what).isPositive();
        }
        model = next;
      }
      List<String> actual = t.newScan().toList().stream().map(r -> T.of(r).key("")).toList();
      assertThat(actual).as(what).containsExactlyInAnyOrderElementsOf(model.stream().map(r -> r.key("")).toList());
      long after = t.snapshot().version();
      List<String> feed = new ArrayList<>();
      if (after > before) {
        for (Row r : t.changeFeed(after, after).toList()) {
          feed.add(T.of(r).key(r.getString(ChangeType.CHANGE_TYPE_COLUMN)));
        }
      }
      assertThat(feed).as("change feed of " + what).containsExactlyInAnyOrderElementsOf(multiple ? List.of() : changes);
    }
    assertThat(refused).as("most random MERGEs run (the multiple-match rule refuses the rest)").isLessThan(12);
  }

  static final String[][] ON = {
      {"t.id = s.id", "id"},
      {"t.id = s.id AND t.part = s.part", "id,part"},
      {"t.id = s.id AND t.part = 'a'", "id,a"},
      {"s.id = t.id AND coalesce(t.x, 0) < s.x + 60", "id,x"}};

  static BiFunction<T, S, Boolean> onModel(String shape) {
    BiFunction<T, S, Boolean> id = (t, s) -> t.id() == null || s.id() == null ? null : t.id().equals(s.id());
    return switch (shape) {
      case "id" -> id;
      case "id,part" -> (t, s) -> and(id.apply(t, s), t.part() == null || s.part() == null ? null : t.part().equals(s.part()));
      case "id,a" -> (t, s) -> and(id.apply(t, s), t.part() == null ? null : t.part().equals("a"));
      default -> (t, s) -> and(id.apply(t, s), s.x() == null ? null : (t.x() == null ? 0 : t.x()) < s.x() + 60);
    };
  }

  static Clause firstTrue(List<Clause> clauses, T t, S s) {
    for (Clause c : clauses) {
      if (c.cond() == null || Boolean.TRUE.equals(c.cond().eval().apply(t, s))) {
        return c;
      }
    }
    return null;
  }

  static Merge add(Merge m, Clause c) {
    String cond = c.cond() == null ? null : c.cond().sql();
    A a = c.action();
    return switch (c.kind()) {
      case MATCHED -> a.name().equals("delete") ? m.whenMatched(cond).delete()
          : a.set() == null ? m.whenMatched(cond).updateAll() : m.whenMatched(cond).update(a.set());
      case NOT_MATCHED -> a.set() == null ? m.whenNotMatched(cond).insertAll() : m.whenNotMatched(cond).insert(a.set());
      case NOT_MATCHED_BY_SOURCE -> a.name().equals("delete") ? m.whenNotMatchedBySource(cond).delete()
          : m.whenNotMatchedBySource(cond).update(a.set());
    };
  }

  static final List<C> MATCHED_CONDITIONS = List.of(
      new C("s.op = 'D'", (t, s) -> s.op().equals("D")),
      new C("t.x > s.x", (t, s) -> t.x() == null || s.x() == null ? null : t.x() > s.x()),
      new C("t.x IS NULL", (t, s) -> t.x() == null),
      new C("s.x % 2 = 0", (t, s) -> s.x() == null ? null : s.x() % 2 == 0),
      new C("t.part = 'b'", (t, s) -> t.part() == null ? null : t.part().equals("b")));
  static final List<A> MATCHED_ACTIONS = List.of(
      new A("delete", null, (t, s) -> null),
      new A("updateAll", null, (t, s) -> new T(s.id(), s.part(), s.x(), s.y(), s.s())),
      new A("update", map("x", "t.x + s.x", "s", "concat(t.s, s.s)"), (t, s) -> new T(t.id(), t.part(),
          t.x() == null || s.x() == null ? null : t.x() + s.x(), t.y(), t.s() == null || s.s() == null ? null : t.s() + s.s())),
      new A("update", map("y", "s.y", "part", "s.part"), (t, s) -> new T(t.id(), s.part(), t.x(), s.y(), t.s())));
  static final List<C> NOT_MATCHED_CONDITIONS = List.of(
      new C("s.op != 'D'", (t, s) -> !s.op().equals("D")),
      new C("s.x > 10", (t, s) -> s.x() == null ? null : s.x() > 10),
      new C("s.part IS NULL", (t, s) -> s.part() == null));
  static final List<A> NOT_MATCHED_ACTIONS = List.of(
      new A("insertAll", null, (t, s) -> new T(s.id(), s.part(), s.x(), s.y(), s.s())),
      new A("insert", map("id", "s.id", "x", "s.x * 2"), (t, s) -> new T(s.id(), null, s.x() == null ? null : s.x() * 2,
          null, null)));
  static final List<C> BY_SOURCE_CONDITIONS = List.of(
      new C("t.x > 50", (t, s) -> t.x() == null ? null : t.x() > 50),
      new C("t.part = 'c'", (t, s) -> t.part() == null ? null : t.part().equals("c")),
      new C("t.s IS NULL", (t, s) -> t.s() == null));
  static final List<A> BY_SOURCE_ACTIONS = List.of(
      new A("delete", null, (t, s) -> null),
      new A("update", map("x", "-1"), (t, s) -> new T(t.id(), t.part(), -1, t.y(), t.s())),
      new A("update", map("s", "upper(t.part)"), (t, s) -> new T(t.id(), t.part(), t.x(), t.y(),
          t.part() == null ? null : t.part().toUpperCase(Locale.ROOT))));

  static List<Clause> randomClauses(Random rnd) {
    List<Clause> out = new ArrayList<>();
    // an empty MERGE is refused; at least one clause
    while (out.isEmpty()) {
      kind(rnd, out, MergeClause.Kind.MATCHED, MATCHED_CONDITIONS, MATCHED_ACTIONS);
      kind(rnd, out, MergeClause.Kind.NOT_MATCHED, NOT_MATCHED_CONDITIONS, NOT_MATCHED_ACTIONS);
      if (rnd.nextInt(3) == 0) {
        kind(rnd, out, MergeClause.Kind.NOT_MATCHED_BY_SOURCE, BY_SOURCE_CONDITIONS, BY_SOURCE_ACTIONS);
      }
    }
    return out;
  }

  static void kind(Random rnd, List<Clause> out, MergeClause.Kind kind, List<C> conds, List<A> actions) {
    int n = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      boolean last = i == n - 1;
      C c = last && rnd.nextBoolean() ? null : conds.get(rnd.nextInt(conds.size()));
      out.add(new Clause(kind, c, actions.get(rnd.nextInt(actions.size()))));
    }
  }

  static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static T randomTarget(Random rnd, Long id) {
    return new T(id, part(rnd), rnd.nextInt(6) == 0 ? null : rnd.nextInt(100), rnd.nextInt(6) == 0 ? null
        : rnd.nextInt(1000) / 10.0, rnd.nextInt(6) == 0 ? null : "s" + rnd.nextInt(6));
  }

  static String part(Random rnd) {
    String[] parts = {"a", "b", "c", null};
    return parts[rnd.nextInt(parts.length)];
  }

  static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }


}
