package io.tidelake.format.expr.internal;

import io.tidelake.format.expr.ExpressionException.Kind;
import io.tidelake.format.expr.internal.Functions.Fn;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a function call's arity and argument types and casts the arguments to what {@link Functions}
 * evaluates on, choosing Spark's result types (abs keeps its type, floor/ceil give bigint or
 * decimal(p-s+1,0), round keeps the type but narrows a decimal's scale, date parts give int).
 */
final class FunctionBinder {
  private static final List<String> NAMES = List.of("lower", "upper", "trim", "concat", "substring", "substr",
      "length", "abs", "round", "floor", "ceil", "ceiling", "greatest", "least", "coalesce", "current_date",
      "current_timestamp", "date_add", "date_sub", "datediff", "year", "month", "day", "dayofmonth", "hour",
      "date_trunc");

  private FunctionBinder() {}

  static Node bind(ExprBinder b, Ast.Call c) {
    Fn fn = resolve(b, c);
    List<Ast> args = c.args();
    List<Node> bound = new ArrayList<>();
    for (Ast a : args) {
      bound.add(b.bind(a));
    }
    String sql = AstText.render(c);
    switch (fn) {
      case LOWER: case UPPER: case TRIM:
        arity(b, c, 1, 1);
        return call(fn, List.of(b.coerceTo(bound.get(0), args.get(0), PrimitiveType.STRING, c.name(), c)),
            PrimitiveType.STRING, sql);
      case CONCAT: {
        arity(b, c, 1, Integer.MAX_VALUE);
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
          out.add(b.coerceTo(bound.get(i), args.get(i), PrimitiveType.STRING, c.name(), c));
        }
        return call(fn, out, PrimitiveType.STRING, sql);
      }
      case SUBSTRING: {
        arity(b, c, 2, 3);
        List<Node> out = new ArrayList<>();
        out.add(b.coerceTo(bound.get(0), args.get(0), PrimitiveType.STRING, c.name(), c));
        for (int i = 1; i < args.size(); i++) {
          out.add(b.coerceTo(bound.get(i), args.get(i), PrimitiveType.INTEGER, c.name(), c));
        }
        return call(fn, out, PrimitiveType.STRING, sql);
      }
      case LENGTH: {
        arity(b, c, 1, 1);
        Node arg = bound.get(0).type() == PrimitiveType.BINARY ? bound.get(0)
            : b.coerceTo(bound.get(0), args.get(0), PrimitiveType.STRING, c.name(), c);
        return call(fn, List.of(arg), PrimitiveType.INTEGER, sql);
      }
      case ABS: {
        arity(b, c, 1, 1);
        Node x = numeric(b, c, bound.get(0), args.get(0));
        return call(fn, List.of(x), x.type(), sql);
      }
      case ROUND: {
        arity(b, c, 1, 2);
        Node x = numeric(b, c, bound.get(0), args.get(0));
        int scale = 0;
        if (args.size() == 2) {
          if (!(bound.get(1) instanceof Nodes.Const k) || !(k.value() instanceof Integer s)) {
            throw b.fail(Kind.TYPE_MISMATCH, "round needs a whole number literal as its scale, got "
                + b.describe(args.get(1), bound.get(1)), args.get(1));
          }
          scale = s;
        }
        DataType t = x.type();
        if (t instanceof DecimalType d) {
          // Spark's Round: room for a carry into a new integral digit, scale cut to the one asked for.
          int integral = d.precision() - d.scale() + 1;
          t = scale < 0 ? Coercion.bounded(Math.max(integral, 1 - scale), 0)
              : Coercion.bounded(integral + Math.min(scale, d.scale()), Math.min(scale, d.scale()));
        }
        return call(fn, List.of(x, new Nodes.Const(scale, PrimitiveType.INTEGER)), t, sql);
      }
      case FLOOR: case CEIL: {
        arity(b, c, 1, 1);
        Node x = numeric(b, c, bound.get(0), args.get(0));
        DataType t = x.type() instanceof DecimalType d
            ? new DecimalType(Math.min(DecimalType.MAX_PRECISION, d.precision() - d.scale() + 1), 0)
            : PrimitiveType.LONG;
        return call(fn, List.of(x), t, sql);
      }
      case GREATEST: case LEAST: case COALESCE: {
        arity(b, c, fn == Fn.COALESCE ? 1 : 2, Integer.MAX_VALUE);
        List<Node> out = b.common(args, c.name(), c, fn != Fn.COALESCE);
        return call(fn, out, out.get(0).type(), sql);
      }
      case CURRENT_DATE:
        arity(b, c, 0, 0);
        return call(fn, List.of(), PrimitiveType.DATE, sql);
      case CURRENT_TIMESTAMP:
        arity(b, c, 0, 0);
        return call(fn, List.of(), PrimitiveType.TIMESTAMP, sql);
      case DATE_ADD: case DATE_SUB:
        arity(b, c, 2, 2);
        return call(fn, List.of(date(b, c, bound.get(0), args.get(0)),
            b.coerceTo(bound.get(1), args.get(1), PrimitiveType.INTEGER, c.name(), c)), PrimitiveType.DATE, sql);
      case DATEDIFF:
        arity(b, c, 2, 2);
        return call(fn, List.of(date(b, c, bound.get(0), args.get(0)), date(b, c, bound.get(1), args.get(1))),
            PrimitiveType.INTEGER, sql);
      case YEAR: case MONTH: case DAY:
        arity(b, c, 1, 1);
        return call(fn, List.of(date(b, c, bound.get(0), args.get(0))), PrimitiveType.INTEGER, sql);
      case HOUR:
        arity(b, c, 1, 1);
        return call(fn, List.of(timestamp(b, c, bound.get(0), args.get(0))), PrimitiveType.INTEGER, sql);
      default: { // DATE_TRUNC
        arity(b, c, 2, 2);
        if (!ExprBinder.isStringLiteral(args.get(0))) {
          throw b.fail(Kind.TYPE_MISMATCH, "date_trunc needs the unit as a quoted literal such as 'DAY', got "
              + AstText.render(args.get(0)), args.get(0));
        }
        String unit = ((String) ((Nodes.Const) bound.get(0)).value()).trim().toUpperCase(Locale.ROOT);
        if (!Functions.TRUNC_UNITS.contains(unit)) {
          throw b.fail(Kind.TYPE_MISMATCH, "Unknown date_trunc unit '" + unit + "'; use one of "
              + String.join(", ", Functions.TRUNC_UNITS), args.get(0));
        }
        Node ts = timestamp(b, c, bound.get(1), args.get(1));
        return call(fn, List.of(new Nodes.Const(unit, PrimitiveType.STRING), ts), ts.type(), sql);
      }
    }
  }

  private static Fn resolve(ExprBinder b, Ast.Call c) {
    switch (c.name()) {
      case "substr": return Fn.SUBSTRING;
      case "ceiling": return Fn.CEIL;
      case "dayofmonth": return Fn.DAY;
      default:
        if (NAMES.contains(c.name())) {
          return Fn.valueOf(c.name().toUpperCase(Locale.ROOT));
        }
        throw b.fail(Kind.UNKNOWN_FUNCTION, "Unknown function " + c.name() + ExprBinder.suggestion(c.name(), NAMES)
            + "; known functions: " + String.join(", ", NAMES) + ", CAST, CASE", c);
    }
  }

  private static Node call(Fn fn, List<Node> args, DataType type, String sql) {
    return new Functions.Call(fn, List.copyOf(args), type, sql);
  }

  private static void arity(ExprBinder b, Ast.Call c, int min, int max) {
    int n = c.args().size();
    if (n < min || n > max) {
      String want = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " or " + max;
      throw b.fail(Kind.TYPE_MISMATCH, c.name() + " takes " + want + " argument" + (max == 1 ? "" : "s") + ", got " + n,
          c);
    }
  }

  private static Node numeric(ExprBinder b, Ast.Call c, Node n, Ast a) {
    if (ExprBinder.isNull(a)) {
      return new Nodes.Const(null, PrimitiveType.DOUBLE);
    }
    if (!Coercion.isNumeric(n.type())) {
      throw b.fail(Kind.TYPE_MISMATCH, c.name() + " needs a number, got " + b.describe(a, n) + " in "
          + AstText.render(c), a);
    }
    return n;
  }

  /** A date argument: timestamps are cut to their (UTC) date and quoted text is parsed, as Spark does. */
  private static Node date(ExprBinder b, Ast.Call c, Node n, Ast a) {
    return b.coerceTo(n, a, PrimitiveType.DATE, c.name(), c);
  }

  private static Node timestamp(ExprBinder b, Ast.Call c, Node n, Ast a) {
    if (n.type() == PrimitiveType.TIMESTAMP_NTZ) {
      return n;
    }
    return b.coerceTo(n, a, PrimitiveType.TIMESTAMP, c.name(), c);
  }
}
