package io.tidelake.format.expr.internal;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.StructType;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A bound expression: the source tree (for its canonical text), the compiled node tree and the row
 * layout it was bound to. {@code scoped} says the layout is a {@link io.tidelake.format.expr.Scope}'s
 * concatenated row, whose qualified names cannot be re-bound by name to another schema.
 */
public record Root(Ast ast, Node node, StructType rowSchema, boolean scoped) implements Expression {

  @Override
  public DataType type() {
    return node.type();
  }

  @Override
  public String toSql() {
    return AstText.render(ast);
  }

  @Override
  public Set<String> referencedColumns() {
    Set<String> out = new LinkedHashSet<>();
    collect(node, out);
    return Collections.unmodifiableSet(out);
  }

  private static void collect(Node n, Set<String> out) {
    if (n instanceof Nodes.ColumnRef c) {
      out.add(c.name());
    }
    for (Node k : n.children()) {
      collect(k, out);
    }
  }

  @Override
  public boolean isDeterministic() {
    return node.deterministic();
  }

  @Override
  public Object eval(Row row) {
    return node.eval(row);
  }

  /**
   * Evaluates with only some top-level columns known (partition pruning): 1 TRUE, 0 FALSE, 2 NULL, or -1
   * when it cannot be computed (a column is not known, a struct field is read, the value depends on the
   * clock, or the row makes it fail: then it is the rows that decide).
   */
  public int evalKnown(Function<String, Object> values, Set<String> known) {
    if (!node.deterministic()) {
      return -1;
    }
    Object[] row = new Object[rowSchema.size()];
    if (!fill(node, values, known, row)) {
      return -1;
    }
    try {
      Object v = node.eval(GenericRow.trusted(rowSchema, row));
      return v == null ? 2 : (Boolean) v ? 1 : 0;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static boolean fill(Node n, Function<String, Object> values, Set<String> known, Object[] row) {
    if (n instanceof Nodes.ColumnRef c) {
      if (c.path().size() > 1) {
        return false;
      }
      String key = null;
      for (String k : known) {
        if (k.equalsIgnoreCase(c.name())) {
          key = k;
          break;
        }
      }
      if (key == null) {
        return false;
      }
      row[c.ordinals()[0]] = values.apply(key);
    }
    for (Node k : n.children()) {
      if (!fill(k, values, known, row)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return toSql();
  }
}
