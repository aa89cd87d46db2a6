package io.tidelake.format.expr.internal;

import io.tidelake.format.Row;
import io.tidelake.format.predicate.internal.LikePattern;
import io.tidelake.format.predicate.internal.ValueOrder;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.PrimitiveType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The bound nodes that only route, compare and test values (arithmetic, casts and functions live apart). */
final class Nodes {
  private Nodes() {}

  /**
   * A column (or struct field path) resolved to ordinals in the row. {@code name} is how it is
   * reported in referencedColumns: the top-level column, alias-qualified when bound in a scope.
   */
  record ColumnRef(String name, List<String> path, int[] ordinals, DataType type) implements Node {
    @Override
    public Object eval(Row row) {
      Object v = row.get(ordinals[0]);
      for (int i = 1; i < ordinals.length && v != null; i++) {
        v = ((Row) v).get(ordinals[i]);
      }
      return v;
    }

    @Override
    public List<Node> children() {
      return List.of();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ColumnRef c && name.equals(c.name) && path.equals(c.path)
          && Arrays.equals(ordinals, c.ordinals) && type.equals(c.type);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, path, Arrays.hashCode(ordinals), type);
    }
  }

  /** A constant, already converted to {@code type}'s Java class. */
  record Const(Object value, DataType type) implements Node {
    @Override
    public Object eval(Row row) {
      return value;
    }

    @Override
    public List<Node> children() {
      return List.of();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Const c) || !type.equals(c.type)) {
        return false;
      }
      return value instanceof byte[] a && c.value instanceof byte[] b ? Arrays.equals(a, b)
          : Objects.equals(value, c.value);
    }

    @Override
    public int hashCode() {
      return 31 * type.hashCode() + (value instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(value));
    }
  }

  record Not(Node child) implements Node {
    @Override
    public DataType type() {
      return PrimitiveType.BOOLEAN;
    }

    @Override
    public Object eval(Row row) {
      Object v = child.eval(row);
      return v == null ? null : !(Boolean) v;
    }

    @Override
    public List<Node> children() {
      return List.of(child);
    }
  }

  /** Kleene AND / OR: FALSE (AND) or TRUE (OR) wins over NULL; evaluation stops at the winner. */
  record Junction(boolean and, List<Node> operands) implements Node {
    @Override
    public DataType type() {
      return PrimitiveType.BOOLEAN;
    }

    @Override
    public Object eval(Row row) {
      boolean sawNull = false;
      for (Node n : operands) {
        Object v = n.eval(row);
        if (v == null) {
          sawNull = true;
        } else if ((Boolean) v != and) {
          return !and;
        }
      }
      return sawNull ? null : and;
    }

    @Override
    public List<Node> children() {
      return operands;
    }
  }

  /** {@code = != < <= > >= <=>} on operands the binder made comparable in {@link ValueOrder}. */
  record Compare(String op, Node left, Node right) implements Node {
    @Override
    public DataType type() {
      return PrimitiveType.BOOLEAN;
    }

    @Override
    public Object eval(Row row) {
      Object a = left.eval(row);
      Object b = right.eval(row);
      if (a == null || b == null) {
        return op.equals("<=>") ? a == b : null;
      }
      int c = ValueOrder.compare(a, b);
      switch (op) {
        case "=": case "<=>": return c == 0;
        case "!=": return c != 0;
        case "<": return c < 0;
        case "<=": return c <= 0;
        case ">": return c > 0;
        default: return c >= 0;
      }
    }

    @Override
    public List<Node> children() {
      return List.of(left, right);
    }
  }

  record IsNull(Node child, boolean negated) implements Node {
    @Override
    public DataType type() {
      return PrimitiveType.BOOLEAN;
    }

    @Override
    public Object eval(Row row) {
      return (child.eval(row) == null) != negated;
    }

    @Override
    public List<Node> children() {
      return List.of(child);
    }
  }

  /** TRUE on a match; else NULL when the value or any element is NULL; else FALSE (negated flips). */
  record In(Node child, List<Node> values, boolean negated) implements Node {
    @Override
    public DataType type() {
      return PrimitiveType.BOOLEAN;
    }

    @Override
    public Object eval(Row row) {
      Object v = child.eval(row);
      if (v == null) {
        return null;
      }
      boolean sawNull = false;
      for (Node n : values) {
        Object x = n.eval(row);
        if (x == null) {
          sawNull = true;
        } else if (ValueOrder.compare(v, x) == 0) {
          return !negated;
        }
      }
      return sawNull ? null : negated;
    }

    @Override
    public List<Node> children() {
      List<Node> out = new java.util.ArrayList<>(values);
      out.add(0, child);
      return out;
    }
  }

  record Between(Node child, Node low, Node high, boolean negated) implements Node {
    @Override
    public DataType type() {
      return PrimitiveType.BOOLEAN;
    }

    @Override
    public Object eval(Row row) {
      Object v = child.eval(row);
      Object lo = low.eval(row);
      Object hi = high.eval(row);
      Boolean ge = v == null || lo == null ? null : ValueOrder.compare(v, lo) >= 0;
      Boolean le = v == null || hi == null ? null : ValueOrder.compare(v, hi) <= 0;
      Boolean both = Boolean.FALSE.equals(ge) || Boolean.FALSE.equals(le) ? Boolean.FALSE
          : ge == null || le == null ? null : Boolean.TRUE;
      return both == null ? null : both != negated;
    }

    @Override
    public List<Node> children() {
      return List.of(child, low, high);
    }
  }

  /** The pattern is compiled once, when binding; equality looks at its text only. */
  record Like(Node child, String pattern, boolean negated, LikePattern compiled) implements Node {
    Like(Node child, String pattern, boolean negated) {
      this(child, pattern, negated, LikePattern.of(pattern));
    }

    @Override
    public DataType type() {
      return PrimitiveType.BOOLEAN;
    }

    @Override
    public Object eval(Row row) {
      Object v = child.eval(row);
      return v == null ? null : compiled.matches((String) v) != negated;
    }

    @Override
    public List<Node> children() {
      return List.of(child);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Like l && child.equals(l.child) && pattern.equals(l.pattern) && negated == l.negated;
    }

    @Override
    public int hashCode() {
      return Objects.hash(child, pattern, negated);
    }
  }

  /**
   * Searched CASE (conditions are boolean) or simple CASE (whens compared with the operand; NULL
   * never matches). No branch matching and no ELSE gives NULL.
   */
  record CaseWhen(Node operand, List<Node> whens, List<Node> thens, Node otherwise, DataType type)
      implements Node {
    @Override
    public Object eval(Row row) {
      Object key = operand == null ? null : operand.eval(row);
      for (int i = 0; i < whens.size(); i++) {
        Object w = whens.get(i).eval(row);
        boolean hit = operand == null ? Boolean.TRUE.equals(w)
            : key != null && w != null && ValueOrder.compare(key, w) == 0;
        if (hit) {
          return thens.get(i).eval(row);
        }
      }
      return otherwise == null ? null : otherwise.eval(row);
    }

    @Override
    public List<Node> children() {
      List<Node> out = new java.util.ArrayList<>();
      if (operand != null) {
        out.add(operand);
      }
      out.addAll(whens);
      out.addAll(thens);
      if (otherwise != null) {
        out.add(otherwise);
      }
      return out;
    }
  }
}
