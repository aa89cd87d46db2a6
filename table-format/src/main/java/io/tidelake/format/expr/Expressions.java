package io.tidelake.format.expr;

import io.tidelake.format.expr.ExpressionException.Kind;
import io.tidelake.format.expr.internal.Assignment;
import io.tidelake.format.expr.internal.Ast;
import io.tidelake.format.expr.internal.ExprBinder;
import io.tidelake.format.expr.internal.ExprParser;
import io.tidelake.format.expr.internal.Root;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry points of the expression language: parse and bind text against one schema or a {@link Scope}
 * of aliased schemas. Everything is checked here, before any row is read: syntax, columns (with a
 * did-you-mean), ambiguity, operand and argument types; errors are {@link ExpressionException}s that
 * point into the text.
 *
 * <pre>{@code
 * Expression e = Expressions.parse("round(amount * 1.1, 2)", schema);
 * Object v = e.eval(row);
 * Scope scope = Scope.of("t", target).and("s", source);
 * Expression on = Expressions.parseCondition("t.id = s.id AND s.op != 'D'", scope);
 * LinkedHashMap<String, Expression> set = Expressions.parseAssignments("amount = s.amount, updated = current_date()", target, scope);
 * }</pre>
 */
public final class Expressions {
  private Expressions() {}

  /** Parses and binds {@code text} against the columns of {@code schema}. */
  public static Expression parse(String text, StructType schema) {
    ExprParser.Parsed p = ExprParser.parseExpression(text);
    return new Root(p.ast(), ExprBinder.forSchema(schema, text, p.positions()).bind(p.ast()), schema, false);
  }

  /** Parses and binds {@code text} against the aliased schemas of {@code scope} ({@code t.x}, {@code s.y}). */
  public static Expression parse(String text, Scope scope) {
    ExprParser.Parsed p = ExprParser.parseExpression(text);
    return new Root(p.ast(), ExprBinder.forScope(scope, text, p.positions()).bind(p.ast()), scope.rowSchema(), true);
  }

  /** {@link #parse(String, Scope)} of a condition: the result must be boolean. */
  public static Expression parseCondition(String text, Scope scope) {
    return requireBoolean(parse(text, scope), text);
  }

  /** {@link #parse(String, StructType)} of a condition: the result must be boolean. */
  public static Expression parseCondition(String text, StructType schema) {
    return requireBoolean(parse(text, schema), text);
  }

  private static Expression requireBoolean(Expression e, String text) {
    if (e.type() != PrimitiveType.BOOLEAN) {
      throw new ExpressionException(Kind.TYPE_MISMATCH, "A condition must be boolean, got " + e.type().simpleString()
          + ": " + e.toSql(), text, 0);
    }
    return e;
  }

  /**
   * Parses {@code "a = expr, b = expr"} into an ordered map from {@code target} column (in the
   * schema's spelling) to its expression, bound against {@code scope} (or against {@code target} itself
   * when scope is null) and made assignable to the column's type as by {@link #assignTo}. A target may
   * be written qualified by a scope alias ({@code t.a = s.a}).
   */
  public static LinkedHashMap<String, Expression> parseAssignments(String text, StructType target, Scope scope) {
    LinkedHashMap<String, Expression> out = new LinkedHashMap<>();
    for (Map.Entry<ExprParser.Parsed, ExprParser.Parsed> e : ExprParser.parseAssignments(text)) {
      Ast.Col col = (Ast.Col) e.getKey().ast();
      Integer colPos = e.getKey().positions().get(col);
      List<String> path = col.path();
      String name;
      if (path.size() == 1) {
        name = path.get(0);
      } else if (path.size() == 2 && scope != null && scope.schema(path.get(0)) != null) {
        name = path.get(1);
      } else {
        throw new ExpressionException(Kind.UNKNOWN_COLUMN, "Assign to a top-level column of the target, not "
            + String.join(".", path), text, colPos);
      }
      StructField field = target.field(name);
      if (field == null) {
        List<String> known = new ArrayList<>(target.fieldNames());
        throw new ExpressionException(Kind.UNKNOWN_COLUMN, "Unknown target column '" + name + "'"
            + suggestion(name, known) + "; target columns: " + String.join(", ", known), text, colPos);
      }
      if (out.containsKey(field.name())) {
        throw new ExpressionException(Kind.SYNTAX, "Column " + field.name() + " is assigned twice", text, colPos);
      }
      Ast value = e.getValue().ast();
      Map<Object, Integer> positions = e.getValue().positions();
      Root bound = scope == null
          ? new Root(value, ExprBinder.forSchema(target, text, positions).bind(value), target, false)
          : new Root(value, ExprBinder.forScope(scope, text, positions).bind(value), scope.rowSchema(), true);
      out.put(field.name(), Assignment.assign(bound, field, text, ExprParser.startOf(value, positions)));
    }
    return out;
  }

  /**
   * {@code e} made assignable to a column of {@code target}'s type: unchanged when the types match,
   * wrapped in a cast where Spark's store assignment allows one, else an {@link ExpressionException}
   * naming the column.
   */
  public static Expression assignTo(Expression e, StructField target) {
    if (!(e instanceof Root r)) {
      throw new IllegalArgumentException("Only expressions from Expressions.parse can be assigned; got " + e);
    }
    return Assignment.assign(r, target, null, null);
  }

  private static String suggestion(String name, List<String> known) {
    return ExprBinder.suggestion(name, known);
  }
}
