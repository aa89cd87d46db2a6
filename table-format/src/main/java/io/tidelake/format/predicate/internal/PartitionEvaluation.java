package io.tidelake.format.predicate.internal;

import io.tidelake.format.expr.internal.Root;
import io.tidelake.format.predicate.Column;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.TriState;
import java.util.Set;
import java.util.function.Function;

/**
 * Evaluates a predicate when only some top-level columns (the partition columns) have known values.
 *
 * <p>Plain Kleene logic with "unknown column" mapped to UNKNOWN would conflate two things: SQL NULL
 * (a known value that makes a comparison UNKNOWN) and "could be anything". {@code NOT (p = 1)} with a
 * NULL partition value can never be TRUE, but with an unknown column it can. So each node evaluates to
 * the <em>set</em> of truth values it could take, as a 3-bit mask: a leaf over known values is a single
 * value, a leaf touching an unknown column is all three, and connectives combine every pair. The result
 * is TRUE when only TRUE is possible, FALSE when TRUE is impossible (no row is selected), else UNKNOWN.
 */
public final class PartitionEvaluation {
  private static final int T = 1;
  private static final int F = 2;
  private static final int N = 4;
  private static final int ANY = T | F | N;

  private PartitionEvaluation() {}

  public static TriState evaluate(Predicate p, Function<String, Object> knownValues, Set<String> knownColumns) {
    int possible = new Ctx(knownValues, knownColumns).eval(p);
    if (possible == T) {
      return TriState.TRUE;
    }
    return (possible & T) == 0 ? TriState.FALSE : TriState.UNKNOWN;
  }

  private static int mask(int logic) {
    return logic == Logic.TRUE ? T : logic == Logic.FALSE ? F : N;
  }

  /** Applies a binary three-valued operator to every pair of possible operand values. */
  private static int combine(int a, int b, boolean and) {
    int out = 0;
    for (int x = 0; x < 3; x++) {
      if ((a & mask(x)) == 0) {
        continue;
      }
      for (int y = 0; y < 3; y++) {
        if ((b & mask(y)) != 0) {
          out |= mask(and ? Logic.and(x, y) : Logic.or(x, y));
        }
      }
    }
    return out;
  }

  private static final class Ctx {
    private final Function<String, Object> values;
    private final Set<String> known;

    Ctx(Function<String, Object> values, Set<String> known) {
      this.values = values;
      this.known = known;
    }

    int eval(Predicate p) {
      if (p instanceof Predicate.And a) {
        int acc = T;
        for (Predicate c : a.children()) {
          acc = combine(acc, eval(c), true);
        }
        return acc;
      } else if (p instanceof Predicate.Or o) {
        int acc = F;
        for (Predicate c : o.children()) {
          acc = combine(acc, eval(c), false);
        }
        return acc;
      } else if (p instanceof Predicate.Not n) {
        int c = eval(n.child());
        return (c & N) | ((c & T) != 0 ? F : 0) | ((c & F) != 0 ? T : 0);
      } else if (p instanceof Predicate.Constant c) {
        return c.value() ? T : F;
      } else if (p instanceof Predicate.Expr e) {
        // Computable only when every column it reads is known; otherwise it could be anything.
        int v = e.expression() instanceof Root r ? r.evalKnown(values, known) : -1;
        return v < 0 ? ANY : mask(v == 1 ? Logic.TRUE : v == 0 ? Logic.FALSE : Logic.UNKNOWN);
      } else if (p instanceof Predicate.ColumnComparison c) {
        String a = key(c.left());
        String b = key(c.right());
        if (a == null || b == null) {
          return ANY;
        }
        return mask(Logic.compare(values.apply(a), c.op(), values.apply(b), c.left().toSql()));
      }
      Column col = SqlText.leafColumn(p);
      String k = key(col);
      if (k == null) {
        return ANY;
      }
      Object v = values.apply(k);
      String name = col.toSql();
      if (p instanceof Predicate.Comparison c) {
        return mask(Logic.compare(v, c.op(), c.value().rawValue(), name));
      } else if (p instanceof Predicate.In in) {
        return mask(Logic.in(v, in.values().stream().map(Literal::rawValue).toArray(), name));
      } else if (p instanceof Predicate.IsNull) {
        return mask(Logic.isNull(v));
      } else if (p instanceof Predicate.Between b) {
        return mask(Logic.between(v, b.low().rawValue(), b.high().rawValue(), name));
      } else if (p instanceof Predicate.Like l) {
        return mask(Logic.like(v, LikePattern.of(l.pattern())));
      }
      throw new IllegalStateException("unknown predicate " + p);
    }

    /** The key under which the column's value is known, or null; names match ignoring case like Delta's. */
    private String key(Column c) {
      if (c.isNested()) {
        return null;
      }
      String name = c.name();
      if (known.contains(name)) {
        return name;
      }
      for (String k : known) {
        if (k.equalsIgnoreCase(name)) {
          return k;
        }
      }
      return null;
    }
  }
}
