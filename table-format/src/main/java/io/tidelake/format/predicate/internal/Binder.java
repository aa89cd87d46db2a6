package io.tidelake.format.predicate.internal;

import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.ExpressionException;
import io.tidelake.format.expr.internal.ExprBinder;
import io.tidelake.format.expr.internal.ExprParser;
import io.tidelake.format.expr.internal.Root;
import io.tidelake.format.expr.internal.Unbound;
import io.tidelake.format.predicate.Column;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.PredicateException;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds a predicate to a schema: every column must exist (struct paths included), names take the
 * schema's spelling, operators must suit the column types, and literals become values of the column's
 * type (see {@link LiteralConversion}). Errors name the column and, for parsed text, point at it.
 */
public final class Binder {
  private final StructType schema;
  private final String text;
  private final Map<Object, Integer> positions;
  private final Predicate root;

  private Binder(Predicate root, StructType schema, String text, Map<Object, Integer> positions) {
    this.root = root;
    this.schema = schema;
    this.text = text;
    this.positions = positions;
  }

  public static Predicate bind(Predicate p, StructType schema) {
    return new Binder(p, schema, null, Map.of()).bind(p);
  }

  public static Predicate bind(Parser.Parsed parsed, StructType schema) {
    return new Binder(parsed.predicate(), schema, parsed.text(), parsed.positions()).bind(parsed.predicate());
  }

  /** Whether every literal carries a column type, i.e. the predicate went through {@link #bind}. */
  public static boolean isBound(Predicate p) {
    if (p instanceof Predicate.And a) {
      return a.children().stream().allMatch(Binder::isBound);
    } else if (p instanceof Predicate.Or o) {
      return o.children().stream().allMatch(Binder::isBound);
    } else if (p instanceof Predicate.Not n) {
      return isBound(n.child());
    } else if (p instanceof Predicate.Comparison c) {
      return c.value().isBound();
    } else if (p instanceof Predicate.In in) {
      return in.values().stream().allMatch(Literal::isBound);
    } else if (p instanceof Predicate.Between b) {
      return b.low().isBound() && b.high().isBound();
    } else if (p instanceof Predicate.Expr e) {
      return !(e.expression() instanceof Unbound);
    }
    return true;
  }

  private Predicate bind(Predicate p) {
    if (p instanceof Predicate.And a) {
      return new Predicate.And(bindAll(a.children()));
    } else if (p instanceof Predicate.Or o) {
      return new Predicate.Or(bindAll(o.children()));
    } else if (p instanceof Predicate.Not n) {
      return new Predicate.Not(bind(n.child()));
    } else if (p instanceof Predicate.Comparison c) {
      Resolved col = resolveComparable(c.column(), c.op().symbol());
      return new Predicate.Comparison(col.column, c.op(), convert(c.value(), col));
    } else if (p instanceof Predicate.ColumnComparison c) {
      return bindColumns(c);
    } else if (p instanceof Predicate.In in) {
      Resolved col = resolveComparable(in.column(), "IN");
      List<Literal> values = new ArrayList<>(in.values().size());
      for (Literal l : in.values()) {
        values.add(convert(l, col));
      }
      return new Predicate.In(col.column, values);
    } else if (p instanceof Predicate.IsNull n) {
      return new Predicate.IsNull(resolve(n.column()).column);
    } else if (p instanceof Predicate.Between b) {
      Resolved col = resolveComparable(b.column(), "BETWEEN");
      return new Predicate.Between(col.column, convert(b.low(), col), convert(b.high(), col));
    } else if (p instanceof Predicate.Like l) {
      Resolved col = resolve(l.column());
      if (col.type != PrimitiveType.STRING) {
        throw fail("LIKE works on string columns, but " + col.describe() + " is " + col.type.simpleString(),
            l.column());
      }
      return new Predicate.Like(col.column, l.pattern());
    } else if (p instanceof Predicate.Expr e) {
      return new Predicate.Expr(bindExpression(e.expression()));
    }
    return p;
  }

  /** Binds an expression leaf to the schema; an already bound one is kept when it was bound to this schema. */
  private Expression bindExpression(Expression e) {
    Root bound;
    String exprText;
    if (e instanceof Unbound u) {
      exprText = u.text();
      bound = new Root(u.ast(), ExprBinder.forSchema(schema, u.text(), u.positions()).bind(u.ast()), schema, false);
    } else if (!(e instanceof Root r)) {
      // An Expression implemented elsewhere: it knows its own layout; only its type can be checked.
      exprText = null;
      if (e.type() != PrimitiveType.BOOLEAN) {
        throw new ExpressionException(ExpressionException.Kind.TYPE_MISMATCH, "A condition must be boolean, but "
            + e.toSql() + " is " + e.type().simpleString(), null, -1);
      }
      return e;
    } else {
      if (r.rowSchema().equals(schema)) {
        return r;
      }
      if (r.scoped()) {
        throw new PredicateException("The condition '" + r.toSql() + "' was bound to a scope of aliased relations and"
            + " cannot be re-bound to " + schema.simpleString());
      }
      exprText = null;
      // Bound to another layout (a projection of the table, say): resolve the same names again.
      bound = new Root(r.ast(), ExprBinder.forSchema(schema, null, null).bind(r.ast()), schema, false);
    }
    if (bound.type() != PrimitiveType.BOOLEAN) {
      Integer pos = e instanceof Unbound u ? ExprParser.startOf(u.ast(), u.positions()) : null;
      String problem = "A condition must be boolean, but " + bound.toSql() + " is " + bound.type().simpleString();
      if (exprText != null && pos != null) {
        throw new ExpressionException(ExpressionException.Kind.TYPE_MISMATCH, problem, exprText, pos);
      }
      throw new ExpressionException(ExpressionException.Kind.TYPE_MISMATCH, problem, null, -1);
    }
    return bound;
  }

  private List<Predicate> bindAll(List<Predicate> ps) {
    List<Predicate> out = new ArrayList<>(ps.size());
    for (Predicate c : ps) {
      out.add(bind(c));
    }
    return out;
  }

  private Predicate bindColumns(Predicate.ColumnComparison c) {
    Resolved left = resolveComparable(c.left(), c.op().symbol());
    Resolved right = resolveComparable(c.right(), c.op().symbol());
    boolean bothNumeric = isNumeric(left.type) && isNumeric(right.type);
    boolean sameKind = left.type.equals(right.type)
        || (left.type instanceof DecimalType && right.type instanceof DecimalType);
    if (!bothNumeric && !sameKind) {
      throw fail("Cannot compare " + left.describe() + " (" + left.type.simpleString() + ") with "
          + right.describe() + " (" + right.type.simpleString() + "): the types differ", c.left());
    }
    return new Predicate.ColumnComparison(left.column, c.op(), right.column);
  }

  private static boolean isNumeric(DataType t) {
    return t instanceof DecimalType || (t instanceof PrimitiveType p && p.isNumeric());
  }

  private Literal convert(Literal lit, Resolved col) {
    if (lit.isBound() && lit.type().equals(col.type)) {
      return lit;
    }
    try {
      return new Literal(LiteralConversion.convert(lit.rawValue(), col.type, col.name()), col.type);
    } catch (LiteralConversion.Mismatch e) {
      throw fail(e.getMessage(), lit);
    } catch (SchemaViolationException e) {
      // Values.parse rejected a quoted value; say it in predicate terms.
      throw fail(SqlText.quote(String.valueOf(lit.rawValue())) + " is not a valid " + col.type.simpleString()
          + " value for " + col.describe(), lit);
    }
  }

  /** A column plus its type, with names in the schema's spelling. */
  private record Resolved(Column column, DataType type) {
    String name() {
      return column.toSql();
    }

    String describe() {
      return "column " + column.toSql();
    }
  }

  private Resolved resolveComparable(Column c, String operator) {
    Resolved r = resolve(c);
    if (!(r.type instanceof PrimitiveType) && !(r.type instanceof DecimalType)) {
      throw fail(operator + " cannot be applied to " + r.describe() + " of type " + r.type.simpleString()
          + "; only IS [NOT] NULL works on struct, array and map columns", c);
    }
    return r;
  }

  private Resolved resolve(Column c) {
    StructType struct = schema;
    List<String> names = new ArrayList<>(c.path().size());
    DataType type = null;
    for (int i = 0; i < c.path().size(); i++) {
      String part = c.path().get(i);
      if (struct == null) {
        throw fail("Column " + Column.of(names.toArray(String[]::new)).toSql() + " is " + type.simpleString()
            + ", not a struct, so it has no field '" + part + "'", c);
      }
      StructField f = struct.field(part);
      if (f == null) {
        String where = i == 0 ? "Unknown column '" + part + "'" : "Unknown field '" + part + "' in struct column "
            + Column.of(names.toArray(String[]::new)).toSql();
        throw fail(where + suggestion(part, struct.fieldNames()) + "; " + (i == 0 ? "known columns: " : "its fields: ")
            + String.join(", ", struct.fieldNames()), c);
      }
      names.add(f.name());
      type = f.type();
      struct = type instanceof StructType s ? s : null;
    }
    return new Resolved(new Column(names), type);
  }

  /** " (did you mean 'country'?)" for a near miss, since typos are the usual cause. */
  private static String suggestion(String name, List<String> known) {
    return io.tidelake.format.DidYouMean.hint(name, known, 3);
  }

  private PredicateException fail(String problem, Object node) {
    Integer pos = positions.get(node);
    if (text != null && pos != null) {
      return new PredicateException(problem, text, pos);
    }
    return new PredicateException(problem + " (in predicate: " + (text != null ? text : root.toSql()) + ")");
  }
}
