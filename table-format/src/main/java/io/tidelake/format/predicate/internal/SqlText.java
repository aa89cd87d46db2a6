package io.tidelake.format.predicate.internal;

import io.tidelake.format.expr.internal.Ast;
import io.tidelake.format.expr.internal.Root;
import io.tidelake.format.expr.internal.Unbound;
import io.tidelake.format.predicate.Column;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.Predicate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Set;

/**
 * Renders predicates as text that the {@link Parser} reads back into an equal tree. The output is
 * canonical (one spelling per operator, upper-case keywords, parentheses only where precedence needs
 * them) because Delta's commitInfo keeps predicates as strings and they should not churn.
 */
public final class SqlText {
  /** Words that cannot be bare column names. DATE and TIMESTAMP are not among them: see the Parser. */
  static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "IN", "IS", "NULL", "BETWEEN", "LIKE", "TRUE", "FALSE",
      "CASE", "WHEN", "THEN", "ELSE", "END");

  private SqlText() {}

  public static String render(Predicate p) {
    StringBuilder sb = new StringBuilder();
    write(p, sb);
    return sb.toString();
  }

  private static void write(Predicate p, StringBuilder sb) {
    if (p instanceof Predicate.Or or) {
      for (int i = 0; i < or.children().size(); i++) {
        sb.append(i == 0 ? "" : " OR ");
        // A nested OR keeps its parentheses so the tree shape survives a round trip.
        writeChild(or.children().get(i), sb, or.children().get(i) instanceof Predicate.Or
            || isJunction(or.children().get(i)));
      }
    } else if (p instanceof Predicate.And and) {
      for (int i = 0; i < and.children().size(); i++) {
        sb.append(i == 0 ? "" : " AND ");
        Predicate c = and.children().get(i);
        writeChild(c, sb, c instanceof Predicate.Or || c instanceof Predicate.And || isJunction(c));
      }
    } else if (p instanceof Predicate.Not not) {
      writeNot(not.child(), sb);
    } else if (p instanceof Predicate.Comparison c) {
      sb.append(c.column().toSql()).append(' ').append(c.op().symbol()).append(' ').append(literal(c.value()));
    } else if (p instanceof Predicate.ColumnComparison c) {
      sb.append(c.left().toSql()).append(' ').append(c.op().symbol()).append(' ').append(c.right().toSql());
    } else if (p instanceof Predicate.In in) {
      writeIn(in, false, sb);
    } else if (p instanceof Predicate.IsNull n) {
      sb.append(n.column().toSql()).append(" IS NULL");
    } else if (p instanceof Predicate.Between b) {
      writeBetween(b, false, sb);
    } else if (p instanceof Predicate.Like l) {
      sb.append(l.column().toSql()).append(" LIKE ").append(quote(l.pattern()));
    } else if (p instanceof Predicate.Constant c) {
      sb.append(c.value() ? "TRUE" : "FALSE");
    } else if (p instanceof Predicate.Expr e) {
      boolean parens = needsParens(e, false);
      sb.append(parens ? "(" : "").append(e.expression().toSql()).append(parens ? ")" : "");
    }
  }

  /**
   * Whether an expression leaf needs parentheses: inside a connective when its text is itself an
   * AND/OR/NOT, and anywhere when its bare text would break a rule the predicate language keeps at
   * its top level (a bare column, {@code 1 = 2}, a column inside an IN list or BETWEEN bounds).
   */
  private static boolean isJunction(Predicate p) {
    return p instanceof Predicate.Expr e && needsParens(e, true);
  }

  private static boolean needsParens(Predicate.Expr e, boolean inConnective) {
    Ast a = e.expression() instanceof Root r ? r.ast() : e.expression() instanceof Unbound u ? u.ast() : null;
    if (inConnective) {
      return a instanceof Ast.And || a instanceof Ast.Or || a instanceof Ast.Not;
    }
    if (a instanceof Ast.Col || a instanceof Ast.Lit) {
      return true;
    }
    if (a instanceof Ast.Binary b && b.left() instanceof Ast.Lit && b.right() instanceof Ast.Lit) {
      return true;
    }
    if (a instanceof Ast.In in) {
      return in.values().stream().anyMatch(v -> v instanceof Ast.Col);
    }
    return a instanceof Ast.Between b && (b.low() instanceof Ast.Col || b.high() instanceof Ast.Col);
  }

  /** Negated leaves use their SQL infix forms; anything else is NOT followed by the child. */
  private static void writeNot(Predicate child, StringBuilder sb) {
    if (child instanceof Predicate.In in) {
      writeIn(in, true, sb);
    } else if (child instanceof Predicate.IsNull n) {
      sb.append(n.column().toSql()).append(" IS NOT NULL");
    } else if (child instanceof Predicate.Between b) {
      writeBetween(b, true, sb);
    } else if (child instanceof Predicate.Like l) {
      sb.append(l.column().toSql()).append(" NOT LIKE ").append(quote(l.pattern()));
    } else {
      sb.append("NOT ");
      writeChild(child, sb, child instanceof Predicate.Or || child instanceof Predicate.And || isJunction(child));
    }
  }

  private static void writeChild(Predicate c, StringBuilder sb, boolean parens) {
    if (parens) {
      sb.append('(');
    }
    write(c, sb);
    if (parens) {
      sb.append(')');
    }
  }

  private static void writeIn(Predicate.In in, boolean negated, StringBuilder sb) {
    sb.append(in.column().toSql()).append(negated ? " NOT IN (" : " IN (");
    for (int i = 0; i < in.values().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(literal(in.values().get(i)));
    }
    sb.append(')');
  }

  private static void writeBetween(Predicate.Between b, boolean negated, StringBuilder sb) {
    sb.append(b.column().toSql()).append(negated ? " NOT BETWEEN " : " BETWEEN ").append(literal(b.low()))
        .append(" AND ").append(literal(b.high()));
  }

  /** A name as-is when the lexer reads it back as one identifier, else backquoted with `` escaping. */
  public static String identifier(String name) {
    boolean plain = !name.isEmpty() && Lexer.isIdentStart(name.charAt(0))
        && !RESERVED.contains(name.toUpperCase(Locale.ROOT));
    for (int i = 1; plain && i < name.length(); i++) {
      plain = Lexer.isIdentPart(name.charAt(i));
    }
    return plain ? name : "`" + name.replace("`", "``") + "`";
  }

  public static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /**
   * A literal as text. Every form is chosen so that parsing and binding it to the same column type gives
   * the same value back: floats whose short form would bind to a different double are written in full,
   * NaN and infinities are quoted (the column type parses them), timestamps carry an explicit Z.
   */
  public static String literal(Literal lit) {
    Object v = lit.rawValue();
    if (v == null) {
      return "NULL";
    }
    if (v instanceof String s) {
      return quote(s);
    }
    if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return v.toString();
    }
    if (v instanceof BigDecimal d) {
      // Bound decimals print plainly (readable, keeps the scale); unbound ones keep the form they were
      // written in, such as 1E+3, so that the parsed value is equal including its scale.
      return lit.isBound() ? d.toPlainString() : d.toString();
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? quote(d.toString()) : d.toString();
    }
    if (v instanceof Float f) {
      if (f.isNaN() || f.isInfinite()) {
        return quote(f.toString());
      }
      String shortForm = f.toString();
      // 0.1f is not 0.1: text "0.1" would bind to a float column as the double 0.1, another value.
      return new BigDecimal(shortForm).compareTo(new BigDecimal(f.doubleValue())) == 0
          ? shortForm
          : new BigDecimal(f.doubleValue()).toPlainString();
    }
    if (v instanceof LocalDate d) {
      return "DATE '" + d + "'";
    }
    if (v instanceof Instant t) {
      return "TIMESTAMP '" + t + "'";
    }
    if (v instanceof LocalDateTime t) {
      return "TIMESTAMP_NTZ '" + t + "'";
    }
    if (v instanceof byte[] b) {
      return binary(b);
    }
    throw new IllegalStateException("unexpected literal " + v.getClass());
  }

  private static String binary(byte[] b) {
    StringBuilder sb = new StringBuilder("X'");
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.append('\'').toString().toUpperCase(Locale.ROOT);
  }

  public static void collectColumns(Predicate p, Set<String> out) {
    if (p instanceof Predicate.And a) {
      a.children().forEach(c -> collectColumns(c, out));
    } else if (p instanceof Predicate.Or o) {
      o.children().forEach(c -> collectColumns(c, out));
    } else if (p instanceof Predicate.Not n) {
      collectColumns(n.child(), out);
    } else if (p instanceof Predicate.ColumnComparison c) {
      out.add(c.left().name());
      out.add(c.right().name());
    } else if (p instanceof Predicate.Expr e) {
      out.addAll(e.expression().referencedColumns());
    } else {
      Column c = leafColumn(p);
      if (c != null) {
        out.add(c.name());
      }
    }
  }

  /** The column of a single-column leaf, or null for constants, column comparisons and connectives. */
  public static Column leafColumn(Predicate p) {
    if (p instanceof Predicate.Comparison c) {
      return c.column();
    } else if (p instanceof Predicate.In in) {
      return in.column();
    } else if (p instanceof Predicate.IsNull n) {
      return n.column();
    } else if (p instanceof Predicate.Between b) {
      return b.column();
    } else if (p instanceof Predicate.Like l) {
      return l.column();
    }
    return null;
  }
}
