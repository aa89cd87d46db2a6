package io.tidelake.format.expr.internal;

import io.tidelake.format.expr.ExpressionException;
import io.tidelake.format.expr.ExpressionException.Kind;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;

/**
 * Spark's store assignment (ANSI policy) of a value to a column: numeric to any numeric (a value out of
 * range fails at run time with CAST_OVERFLOW, never wraps), anything atomic to string, dates and
 * timestamps into each other, NULL into anything, and a quoted literal into any atomic type it parses
 * as ({@code '2025-01-01'} into a date). Everything else is refused before any row is read.
 */
public final class Assignment {
  private Assignment() {}

  public static Root assign(Root r, StructField target, String text, Integer position) {
    DataType from = r.type();
    DataType to = target.type();
    if (from.equals(to)) {
      return r;
    }
    Ast a = r.ast();
    if (ExprBinder.isNull(a)) {
      return new Root(a, new Nodes.Const(null, to), r.rowSchema(), r.scoped());
    }
    boolean atomicTo = to instanceof PrimitiveType || to instanceof DecimalType;
    boolean ok = atomicTo && ((Coercion.isNumeric(from) && Coercion.isNumeric(to))
        || (to == PrimitiveType.STRING && (from instanceof PrimitiveType || from instanceof DecimalType))
        || (Coercion.isTemporal(from) && Coercion.isTemporal(to))
        || (ExprBinder.isStringLiteral(a) && Casts.canCast(from, to)));
    String what = r.toSql() + " (" + from.simpleString() + ")";
    if (!ok) {
      throw error("Cannot assign " + what + " to column " + target.name() + " of type " + to.simpleString()
          + hint(from, to), text, position);
    }
    Node node = r.node();
    Ast cast = new Ast.Cast(a, to);
    if (node instanceof Nodes.Const k) {
      try {
        node = new Nodes.Const(Casts.convert(k.value(), from, to), to);
      } catch (Casts.Failure f) {
        throw error("Cannot assign " + what + " to column " + target.name() + " of type " + to.simpleString() + ": "
            + f.getMessage(), text, position);
      }
    } else {
      node = new Casts.Cast(node, to, AstText.render(cast));
    }
    return new Root(cast, node, r.rowSchema(), r.scoped());
  }

  private static String hint(DataType from, DataType to) {
    if (from == PrimitiveType.STRING && (Coercion.isNumeric(to) || Coercion.isTemporal(to))) {
      return "; convert it explicitly with CAST(.. AS " + to.simpleString() + ")";
    }
    return "";
  }

  private static ExpressionException error(String problem, String text, Integer position) {
    return new ExpressionException(Kind.NOT_ASSIGNABLE, problem, text, position == null ? -1 : position);
  }
}
