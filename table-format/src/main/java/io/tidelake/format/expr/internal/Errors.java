package io.tidelake.format.expr.internal;

import io.tidelake.format.Row;
import io.tidelake.format.expr.ExpressionEvaluationException;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.internal.SqlText;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds evaluation errors that show the row's values of the columns in the failing sub-expression. */
final class Errors {
  private Errors() {}

  static ExpressionEvaluationException of(String errorClass, String problem, String sql, Node node, Row row) {
    Map<String, String> values = new LinkedHashMap<>();
    collect(node, row, values);
    StringBuilder sb = new StringBuilder(problem);
    if (!values.isEmpty()) {
      sb.append(" (row values: ");
      int i = 0;
      for (Map.Entry<String, String> e : values.entrySet()) {
        sb.append(i++ == 0 ? "" : ", ").append(e.getKey()).append(" = ").append(e.getValue());
      }
      sb.append(')');
    }
    return new ExpressionEvaluationException(errorClass, sql, sb.toString());
  }

  private static void collect(Node n, Row row, Map<String, String> out) {
    if (n instanceof Nodes.ColumnRef c) {
      String key = String.join(".", c.path());
      if (!c.name().equals(c.path().get(0))) {
        key = c.name().substring(0, c.name().length() - c.path().get(0).length()) + key;
      }
      Object v;
      try {
        v = c.eval(row);
      } catch (RuntimeException e) {
        v = "?";
      }
      out.putIfAbsent(key, show(v));
      return;
    }
    for (Node k : n.children()) {
      collect(k, row, out);
    }
  }

  static String show(Object v) {
    try {
      return SqlText.literal(Literal.of(v));
    } catch (RuntimeException e) {
      return String.valueOf(v);
    }
  }
}
