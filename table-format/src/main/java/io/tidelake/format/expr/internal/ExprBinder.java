package io.tidelake.format.expr.internal;

import io.tidelake.format.expr.ExpressionException;
import io.tidelake.format.expr.ExpressionException.Kind;
import io.tidelake.format.expr.Scope;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds an {@link Ast} to one schema or a {@link Scope}: resolves columns to row ordinals, gives every
 * node its type, inserts the implicit casts Spark would and checks types, all before any row is read.
 * Literal operands adapt to the other side: NULL takes its type and quoted text is parsed as a value of
 * it ({@code date >= '2025-01-01'}), failing here when it is not one. Errors point into the text.
 */
public final class ExprBinder {
  private record Source(String alias, StructType schema, int offset) {}

  private final List<Source> sources = new ArrayList<>();
  private final String text;
  private final Map<Object, Integer> positions;

  private ExprBinder(String text, Map<Object, Integer> positions) {
    this.text = text;
    this.positions = positions == null ? Map.of() : positions;
  }

  public static ExprBinder forSchema(StructType schema, String text, Map<Object, Integer> positions) {
    ExprBinder b = new ExprBinder(text, positions);
    b.sources.add(new Source(null, schema, 0));
    return b;
  }

  public static ExprBinder forScope(Scope scope, String text, Map<Object, Integer> positions) {
    ExprBinder b = new ExprBinder(text, positions);
    for (String alias : scope.aliases()) {
      b.sources.add(new Source(alias, scope.schema(alias), scope.offset(alias)));
    }
    return b;
  }

  public Node bind(Ast a) {
    if (a instanceof Ast.Col c) {
      return column(c);
    } else if (a instanceof Ast.Lit l) {
      return literal(l.value());
    } else if (a instanceof Ast.Neg n) {
      Node child = bind(n.child());
      if (!Coercion.isNumeric(child.type()) && !isNull(n.child())) {
        throw fail(Kind.TYPE_MISMATCH, "Unary minus needs a number, got " + describe(n.child(), child) + " in "
            + AstText.render(a), a);
      }
      DataType t = isNull(n.child()) ? PrimitiveType.INTEGER : child.type();
      return new Arithmetic.Neg(coerce(child, n.child(), t), t, AstText.render(a));
    } else if (a instanceof Ast.Binary b) {
      return Ast.isComparison(b.op()) ? comparison(b) : arithmetic(b);
    } else if (a instanceof Ast.And n) {
      return new Nodes.Junction(true, booleans(n.children(), "AND"));
    } else if (a instanceof Ast.Or n) {
      return new Nodes.Junction(false, booleans(n.children(), "OR"));
    } else if (a instanceof Ast.Not n) {
      return new Nodes.Not(booleans(List.of(n.child()), "NOT").get(0));
    } else if (a instanceof Ast.IsNull n) {
      return new Nodes.IsNull(bind(n.child()), n.negated());
    } else if (a instanceof Ast.In in) {
      List<Ast> all = new ArrayList<>(in.values());
      all.add(0, in.child());
      List<Node> nodes = common(all, "IN", a, true);
      return new Nodes.In(nodes.get(0), nodes.subList(1, nodes.size()), in.negated());
    } else if (a instanceof Ast.Between bt) {
      List<Node> nodes = common(List.of(bt.child(), bt.low(), bt.high()), "BETWEEN", a, true);
      return new Nodes.Between(nodes.get(0), nodes.get(1), nodes.get(2), bt.negated());
    } else if (a instanceof Ast.Like l) {
      Node child = bind(l.child());
      return new Nodes.Like(coerceTo(child, l.child(), PrimitiveType.STRING, "LIKE", a), l.pattern(), l.negated());
    } else if (a instanceof Ast.Case c) {
      return caseWhen(c);
    } else if (a instanceof Ast.Cast c) {
      return cast(c);
    } else if (a instanceof Ast.Call c) {
      return FunctionBinder.bind(this, c);
    }
    throw new IllegalStateException("unknown node " + a);
  }

  // ---------------------------------------------------------------- columns and literals

  private Node column(Ast.Col c) {
    List<String> path = c.path();
    Source src = null;
    int start = 0;
    if (path.size() > 1 && sources.get(0).alias != null) {
      for (Source s : sources) {
        if (s.alias.equalsIgnoreCase(path.get(0))) {
          src = s;
          start = 1;
        }
      }
    }
    if (src == null) {
      List<Source> having = new ArrayList<>();
      for (Source s : sources) {
        if (s.schema.indexOf(path.get(0)) >= 0) {
          having.add(s);
        }
      }
      if (having.isEmpty()) {
        if (path.size() == 1 && (path.get(0).equalsIgnoreCase("current_date")
            || path.get(0).equalsIgnoreCase("current_timestamp"))) {
          // Spark reads a bare current_date as the function when no column has that name.
          return FunctionBinder.bind(this, new Ast.Call(path.get(0).toLowerCase(Locale.ROOT), List.of()));
        }
        throw unknownColumn(c, path.get(0));
      }
      if (having.size() > 1) {
        StringBuilder qualified = new StringBuilder();
        for (int i = 0; i < having.size(); i++) {
          qualified.append(i == 0 ? "" : " or ").append(having.get(i).alias).append('.').append(path.get(0));
        }
        throw fail(Kind.AMBIGUOUS_COLUMN, "Column '" + path.get(0) + "' is ambiguous: it is in " + having.size()
            + " of the relations; qualify it as " + qualified, c);
      }
      src = having.get(0);
    }
    if (start >= path.size()) {
      throw fail(Kind.UNKNOWN_COLUMN, "'" + path.get(0) + "' is an alias, not a column; write "
          + path.get(0) + ".column", c);
    }
    int[] ordinals = new int[path.size() - start];
    List<String> names = new ArrayList<>();
    DataType type = src.schema;
    for (int i = start; i < path.size(); i++) {
      String part = path.get(i);
      if (!(type instanceof StructType struct)) {
        throw fail(Kind.UNKNOWN_COLUMN, "Column " + String.join(".", names) + " is " + type.simpleString()
            + ", not a struct, so it has no field '" + part + "'", c);
      }
      int idx = struct.indexOf(part);
      if (idx < 0) {
        if (i == start) {
          throw unknownColumn(c, part);
        }
        throw fail(Kind.UNKNOWN_COLUMN, "Unknown field '" + part + "' in struct column " + String.join(".", names)
            + suggestion(part, struct.fieldNames()) + "; its fields: " + String.join(", ", struct.fieldNames()), c);
      }
      StructField f = struct.field(idx);
      ordinals[i - start] = i == start ? idx + src.offset : idx;
      names.add(f.name());
      type = f.type();
    }
    String name = src.alias == null ? names.get(0) : src.alias + "." + names.get(0);
    return new Nodes.ColumnRef(name, names, ordinals, type);
  }

  private ExpressionException unknownColumn(Ast.Col c, String name) {
    List<String> known = new ArrayList<>();
    for (Source s : sources) {
      for (String f : s.schema.fieldNames()) {
        known.add(s.alias == null ? f : s.alias + "." + f);
      }
    }
    List<String> bare = new ArrayList<>();
    for (Source s : sources) {
      bare.addAll(s.schema.fieldNames());
    }
    return fail(Kind.UNKNOWN_COLUMN, "Unknown column '" + name + "'" + suggestion(name, bare) + "; known columns: "
        + String.join(", ", known), c);
  }

  static Node literal(Object v) {
    if (v == null) {
      return new Nodes.Const(null, PrimitiveType.STRING);
    } else if (v instanceof Boolean) {
      return new Nodes.Const(v, PrimitiveType.BOOLEAN);
    } else if (v instanceof Long l) {
      // Spark: a whole number is an int when it fits, else a bigint.
      return l == l.intValue() ? new Nodes.Const(l.intValue(), PrimitiveType.INTEGER) : new Nodes.Const(l, PrimitiveType.LONG);
    } else if (v instanceof BigDecimal d) {
      if (d.scale() < 0 || Math.max(d.precision(), d.scale()) > DecimalType.MAX_PRECISION) {
        // 1e3 is a double in Spark; so is a decimal too long for decimal(38).
        return new Nodes.Const(d.doubleValue(), PrimitiveType.DOUBLE);
      }
      return new Nodes.Const(d, new DecimalType(Math.max(d.precision(), d.scale()), d.scale()));
    } else if (v instanceof String) {
      return new Nodes.Const(v, PrimitiveType.STRING);
    } else if (v instanceof LocalDate) {
      return new Nodes.Const(v, PrimitiveType.DATE);
    } else if (v instanceof Instant) {
      return new Nodes.Const(v, PrimitiveType.TIMESTAMP);
    } else if (v instanceof LocalDateTime) {
      return new Nodes.Const(v, PrimitiveType.TIMESTAMP_NTZ);
    } else if (v instanceof byte[]) {
      return new Nodes.Const(v, PrimitiveType.BINARY);
    }
    throw new IllegalStateException("unexpected literal " + v);
  }

  static boolean isNull(Ast a) {
    return a instanceof Ast.Lit l && l.value() == null;
  }

  static boolean isStringLiteral(Ast a) {
    return a instanceof Ast.Lit l && l.value() instanceof String;
  }

  // ---------------------------------------------------------------- operators

  private Node comparison(Ast.Binary b) {
    List<Node> nodes = common(List.of(b.left(), b.right()), b.op(), b, true);
    return new Nodes.Compare(b.op(), nodes.get(0), nodes.get(1));
  }

  private Node arithmetic(Ast.Binary b) {
    char op = b.op().charAt(0);
    Node l = bind(b.left());
    Node r = bind(b.right());
    DataType lt = isNull(b.left()) ? (isNull(b.right()) ? PrimitiveType.INTEGER : r.type()) : l.type();
    DataType rt = isNull(b.right()) ? lt : r.type();
    for (int i = 0; i < 2; i++) {
      DataType t = i == 0 ? lt : rt;
      Ast side = i == 0 ? b.left() : b.right();
      if (!Coercion.isNumeric(t)) {
        String hint = Coercion.isTemporal(t) ? "; use date_add, date_sub or datediff for dates"
            : t == PrimitiveType.STRING ? "; use concat for text, or CAST(.. AS double) for numbers in text" : "";
        throw fail(Kind.TYPE_MISMATCH, "Operator " + op + " needs numbers, got " + describe(side, i == 0 ? l : r)
            + " in " + AstText.render(b) + hint, b);
      }
    }
    DataType operand;
    DataType result;
    boolean floating = Coercion.isFloating(lt) || Coercion.isFloating(rt);
    boolean decimal = lt instanceof DecimalType || rt instanceof DecimalType;
    if (op == '/' && (floating || !decimal)) {
      operand = result = PrimitiveType.DOUBLE; // Spark's / is never integer division
    } else if (decimal && !floating) {
      DecimalType x = asDecimal(l, b.left(), lt);
      DecimalType y = asDecimal(r, b.right(), rt);
      result = Coercion.decimalResult(op, x, y);
      String sql = AstText.render(b);
      return new Arithmetic.Arith(op, coerce(l, b.left(), x), coerce(r, b.right(), y), result, sql);
    } else {
      operand = result = Coercion.wider(lt, rt);
    }
    return new Arithmetic.Arith(op, coerce(l, b.left(), operand), coerce(r, b.right(), operand), result,
        AstText.render(b));
  }

  /**
   * An operand's decimal type; an integer literal takes only the digits it has (Spark's
   * literalPickMinimumPrecision), so {@code price + 1} stays decimal(11,2) rather than (13,2).
   */
  private static DecimalType asDecimal(Node n, Ast a, DataType t) {
    if (a instanceof Ast.Lit && n instanceof Nodes.Const k && k.value() instanceof Number v && Coercion.isIntegral(t)) {
      int digits = BigDecimal.valueOf(v.longValue()).precision();
      return new DecimalType(digits, 0);
    }
    return Coercion.asDecimal(t);
  }

  private List<Node> booleans(List<Ast> operands, String op) {
    List<Node> out = new ArrayList<>(operands.size());
    for (Ast a : operands) {
      Node n = bind(a);
      if (n.type() != PrimitiveType.BOOLEAN && !isNull(a)) {
        throw fail(Kind.TYPE_MISMATCH, op + " needs boolean operands, got " + describe(a, n), a);
      }
      out.add(isNull(a) ? new Nodes.Const(null, PrimitiveType.BOOLEAN) : n);
    }
    return out;
  }

  /**
   * Binds operands that must share a type (comparison sides, IN lists, BETWEEN bounds, CASE branches,
   * COALESCE arguments) and casts each to the wider type. Quoted text next to a non-text operand is
   * parsed as that type's value, as in Spark ({@code date = '2025-01-01'}).
   */
  List<Node> common(List<Ast> asts, String what, Ast at, boolean ordered) {
    List<Node> nodes = new ArrayList<>();
    for (Ast a : asts) {
      nodes.add(bind(a));
    }
    DataType target = null;
    for (int pass = 0; pass < 2 && target == null; pass++) {
      // First the typed operands; text literals only decide when every operand is text or NULL.
      for (int i = 0; i < asts.size(); i++) {
        Ast a = asts.get(i);
        if (isNull(a) || (pass == 0 && isStringLiteral(a))) {
          continue;
        }
        DataType t = nodes.get(i).type();
        DataType w = target == null ? t : Coercion.wider(target, t);
        if (w == null) {
          throw fail(Kind.TYPE_MISMATCH, "Cannot " + (what.equals("CASE") || what.equals("coalesce") ? "combine " : "compare ")
              + describeAll(asts, nodes, i) + " in " + AstText.render(at) + ": the types differ", at);
        }
        target = w;
      }
    }
    if (target == null) {
      target = PrimitiveType.STRING; // all NULL
    }
    if (ordered && !Coercion.isOrderable(target)) {
      throw fail(Kind.TYPE_MISMATCH, what + " cannot be applied to values of type " + target.simpleString()
          + "; only IS [NOT] NULL works on struct, array and map values", at);
    }
    List<Node> out = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      out.add(coerce(nodes.get(i), asts.get(i), target));
    }
    return out;
  }

  private String describeAll(List<Ast> asts, List<Node> nodes, int upTo) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i <= upTo; i++) {
      if (isNull(asts.get(i))) {
        continue;
      }
      sb.append(sb.length() == 0 ? "" : " with ").append(describe(asts.get(i), nodes.get(i)));
    }
    return sb.toString();
  }

  private Node caseWhen(Ast.Case c) {
    Node operand = null;
    List<Node> whens;
    if (c.operand() != null) {
      List<Ast> keyed = new ArrayList<>(c.whens());
      keyed.add(0, c.operand());
      List<Node> nodes = common(keyed, "CASE", c, true);
      operand = nodes.get(0);
      whens = nodes.subList(1, nodes.size());
    } else {
      whens = booleans(c.whens(), "CASE WHEN");
    }
    List<Ast> branches = new ArrayList<>(c.thens());
    if (c.otherwise() != null) {
      branches.add(c.otherwise());
    }
    List<Node> values = common(branches, "CASE", c, false);
    Node otherwise = c.otherwise() == null ? null : values.get(values.size() - 1);
    List<Node> thens = values.subList(0, c.thens().size());
    return new Nodes.CaseWhen(operand, List.copyOf(whens), List.copyOf(thens), otherwise, values.get(0).type());
  }

  private Node cast(Ast.Cast c) {
    Node child = bind(c.child());
    DataType from = isNull(c.child()) ? c.type() : child.type();
    if (!Casts.canCast(from, c.type())) {
      throw fail(Kind.TYPE_MISMATCH, "Cannot cast " + describe(c.child(), child) + " to " + c.type().simpleString(), c);
    }
    if (isNull(c.child())) {
      return new Nodes.Const(null, c.type());
    }
    if (child instanceof Nodes.Const k) {
      try {
        return new Nodes.Const(Casts.convert(k.value(), from, c.type()), c.type());
      } catch (Casts.Failure f) {
        throw fail(Kind.TYPE_MISMATCH, f.getMessage() + " in " + AstText.render(c), c);
      }
    }
    return new Casts.Cast(child, c.type(), AstText.render(c));
  }

  // ---------------------------------------------------------------- coercion helpers

  /** {@code n} as type {@code t}: NULL and constants are converted now, anything else gets a cast. */
  Node coerce(Node n, Ast a, DataType t) {
    if (isNull(a)) {
      return new Nodes.Const(null, t);
    }
    if (n.type().equals(t)) {
      return n;
    }
    if (n instanceof Nodes.Const k) {
      try {
        return new Nodes.Const(Casts.convert(k.value(), n.type(), t), t);
      } catch (Casts.Failure f) {
        String what = isStringLiteral(a) ? AstText.render(a) + " is not a valid " + t.simpleString() + " value"
            : f.getMessage();
        throw fail(Kind.TYPE_MISMATCH, what + (positions.containsKey(a) ? "" : " in " + AstText.render(a)), a);
      }
    }
    return new Casts.Cast(n, t, "CAST(" + AstText.render(a) + " AS " + t.simpleString() + ")");
  }

  /** Like {@link #coerce} to a fixed type, for function arguments: only widening, text literals, or any type to string. */
  Node coerceTo(Node n, Ast a, DataType t, String function, Ast call) {
    if (isNull(a) || n.type().equals(t)) {
      return coerce(n, a, t);
    }
    boolean ok = (t == PrimitiveType.STRING && (n.type() instanceof PrimitiveType || n.type() instanceof DecimalType))
        || (isStringLiteral(a) && Casts.canCast(PrimitiveType.STRING, t))
        || (Coercion.isNumeric(n.type()) && Coercion.isNumeric(t) && t.equals(Coercion.wider(n.type(), t)))
        || (Coercion.isTemporal(n.type()) && Coercion.isTemporal(t));
    if (!ok) {
      throw fail(Kind.TYPE_MISMATCH, function + " needs " + t.simpleString() + ", got " + describe(a, n) + " in "
          + AstText.render(call), a);
    }
    return coerce(n, a, t);
  }

  String describe(Ast a, Node n) {
    return AstText.render(a) + " (" + (isNull(a) ? "NULL" : n.type().simpleString()) + ")";
  }

  ExpressionException fail(Kind kind, String problem, Ast at) {
    Integer pos = positions.get(at);
    if (text != null && pos != null) {
      return new ExpressionException(kind, problem, text, pos);
    }
    return new ExpressionException(kind, problem + (text != null ? " (in: " + text + ")" : ""), null, -1);
  }

  /** " (did you mean 'country'?)" for a near miss, as the predicate binder says it. */
  public static String suggestion(String name, List<String> known) {
    return io.tidelake.format.DidYouMean.hint(name, known, 3);
  }
}
