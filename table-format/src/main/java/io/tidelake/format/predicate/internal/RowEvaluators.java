package io.tidelake.format.predicate.internal;

import io.tidelake.format.Row;
import io.tidelake.format.predicate.Column;
import io.tidelake.format.predicate.CompareOp;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.PredicateException;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a bound predicate into a tree of nodes with column ordinals resolved once, so evaluating a
 * row does no name lookups, parsing or type dispatch beyond what the node already knows. Comparisons
 * on long-like, floating and string columns get unboxed fast paths; the rest share {@link Logic}.
 * Rows must hold their schema's Java types (the Row contract).
 */
public final class RowEvaluators {
  private RowEvaluators() {}

  /** One compiled node; returns {@link Logic#TRUE}, {@link Logic#FALSE} or {@link Logic#UNKNOWN}. */
  public interface Node {
    int eval(Row row);
  }

  public static Node compile(Predicate p, StructType schema) {
    if (p instanceof Predicate.And a) {
      Node[] kids = compileAll(a.children(), schema);
      return row -> {
        int result = Logic.TRUE;
        for (Node k : kids) {
          int v = k.eval(row);
          if (v == Logic.FALSE) {
            return Logic.FALSE;
          }
          if (v == Logic.UNKNOWN) {
            result = Logic.UNKNOWN;
          }
        }
        return result;
      };
    } else if (p instanceof Predicate.Or o) {
      Node[] kids = compileAll(o.children(), schema);
      return row -> {
        int result = Logic.FALSE;
        for (Node k : kids) {
          int v = k.eval(row);
          if (v == Logic.TRUE) {
            return Logic.TRUE;
          }
          if (v == Logic.UNKNOWN) {
            result = Logic.UNKNOWN;
          }
        }
        return result;
      };
    } else if (p instanceof Predicate.Not n) {
      Node child = compile(n.child(), schema);
      return row -> Logic.not(child.eval(row));
    } else if (p instanceof Predicate.Constant c) {
      int v = Logic.of(c.value());
      return row -> v;
    } else if (p instanceof Predicate.Comparison c) {
      return comparison(access(c.column(), schema), c.op(), c.value());
    } else if (p instanceof Predicate.ColumnComparison c) {
      Access left = access(c.left(), schema);
      Access right = access(c.right(), schema);
      CompareOp op = c.op();
      String name = c.left().toSql();
      return row -> {
        Object a = left.get(row);
        Object b = right.get(row);
        return a == null || b == null ? Logic.UNKNOWN : Logic.of(op.test(Logic.order(a, b, name)));
      };
    } else if (p instanceof Predicate.In in) {
      return in(access(in.column(), schema), in.values());
    } else if (p instanceof Predicate.IsNull n) {
      Access col = access(n.column(), schema);
      return row -> col.get(row) == null ? Logic.TRUE : Logic.FALSE;
    } else if (p instanceof Predicate.Between b) {
      Node ge = comparison(access(b.column(), schema), CompareOp.GE, b.low());
      Node le = comparison(access(b.column(), schema), CompareOp.LE, b.high());
      return row -> Logic.and(ge.eval(row), le.eval(row));
    } else if (p instanceof Predicate.Like l) {
      Access col = access(l.column(), schema);
      LikePattern pattern = LikePattern.of(l.pattern());
      return row -> Logic.like(col.get(row), pattern);
    } else if (p instanceof Predicate.Expr e) {
      io.tidelake.format.expr.Expression x = e.expression();
      return row -> {
        Object v = x.eval(row);
        return v == null ? Logic.UNKNOWN : (Boolean) v ? Logic.TRUE : Logic.FALSE;
      };
    }
    throw new IllegalStateException("unknown predicate " + p);
  }

  private static Node[] compileAll(List<Predicate> ps, StructType schema) {
    Node[] out = new Node[ps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = compile(ps.get(i), schema);
    }
    return out;
  }

  private static Node comparison(Access col, CompareOp op, Literal lit) {
    Object v = lit.rawValue();
    if (v == null) {
      return row -> Logic.UNKNOWN;
    }
    if (col.type instanceof PrimitiveType t && t.isIntegral() && ValueOrder.isIntegral(v)) {
      long x = ((Number) v).longValue();
      return row -> {
        Object o = col.get(row);
        return o == null ? Logic.UNKNOWN : Logic.of(op.test(Long.compare(((Number) o).longValue(), x)));
      };
    }
    if ((col.type == PrimitiveType.DOUBLE || col.type == PrimitiveType.FLOAT)
        && (v instanceof Double || v instanceof Float)) {
      double x = ((Number) v).doubleValue();
      return row -> {
        Object o = col.get(row);
        return o == null ? Logic.UNKNOWN
            : Logic.of(op.test(ValueOrder.compareDoubles(((Number) o).doubleValue(), x)));
      };
    }
    if (col.type == PrimitiveType.STRING && v instanceof String x) {
      return row -> {
        Object o = col.get(row);
        return o == null ? Logic.UNKNOWN : Logic.of(op.test(ValueOrder.compareStrings((String) o, x)));
      };
    }
    String name = col.name;
    return row -> Logic.compare(col.get(row), op, v, name);
  }

  private static Node in(Access col, List<Literal> literals) {
    Object[] values = new Object[literals.size()];
    boolean hashable = values.length > 8;
    boolean sawNull = false;
    for (int i = 0; i < values.length; i++) {
      values[i] = literals.get(i).rawValue();
      sawNull |= values[i] == null;
      hashable &= values[i] == null || hashKey(values[i]) != null;
    }
    String name = col.name;
    if (!hashable) {
      return row -> Logic.in(col.get(row), values, name);
    }
    // Long lists (IN with hundreds of ids) get a hash set; keys are normalised so 1 (int) finds 1L.
    Set<Object> set = new HashSet<>();
    for (Object v : values) {
      if (v != null) {
        set.add(hashKey(v));
      }
    }
    int miss = sawNull ? Logic.UNKNOWN : Logic.FALSE;
    return row -> {
      Object o = col.get(row);
      if (o == null) {
        return Logic.UNKNOWN;
      }
      Object key = hashKey(o);
      if (key == null) {
        return Logic.in(o, values, name);
      }
      return set.contains(key) ? Logic.TRUE : miss;
    };
  }

  /** A key whose equals agrees with {@link ValueOrder}, or null for kinds where it would not (doubles, decimals, bytes). */
  private static Object hashKey(Object v) {
    if (ValueOrder.isIntegral(v)) {
      return ((Number) v).longValue();
    }
    if (v instanceof String || v instanceof Boolean || v instanceof java.time.LocalDate
        || v instanceof java.time.Instant || v instanceof java.time.LocalDateTime) {
      return v;
    }
    return null;
  }

  /** Reads a possibly nested column; a null struct on the way makes the field null. */
  private static final class Access {
    final int[] path;
    final DataType type;
    final String name;

    Access(int[] path, DataType type, String name) {
      this.path = path;
      this.type = type;
      this.name = name;
    }

    Object get(Row row) {
      Object v = row.get(path[0]);
      for (int i = 1; i < path.length && v != null; i++) {
        v = ((Row) v).get(path[i]);
      }
      return v;
    }
  }

  private static Access access(Column c, StructType schema) {
    int[] path = new int[c.path().size()];
    DataType type = schema;
    for (int i = 0; i < path.length; i++) {
      if (!(type instanceof StructType s) || (path[i] = s.indexOf(c.path().get(i))) < 0) {
        throw new PredicateException("Column " + c.toSql() + " is not in the row schema " + schema.simpleString());
      }
      type = s.field(path[i]).type();
    }
    return new Access(path, type, c.toSql());
  }
}
