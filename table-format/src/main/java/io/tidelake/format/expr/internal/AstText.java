package io.tidelake.format.expr.internal;

import io.tidelake.format.predicate.internal.SqlText;
import java.math.BigDecimal;
import java.util.List;

/**
 * Renders an {@link Ast} as canonical text that {@link ExprParser} reads back into an equal tree:
 * upper-case keywords, one spelling per operator, parentheses only where precedence needs them (and
 * around a nested AND/OR, so the tree shape survives, as the predicate renderer does).
 */
public final class AstText {
  private static final int OR = 1;
  private static final int AND = 2;
  private static final int NOT = 3;
  private static final int COMPARE = 4;
  private static final int ADD = 5;
  private static final int MUL = 6;
  private static final int UNARY = 7;
  private static final int PRIMARY = 8;

  private AstText() {}

  public static String render(Ast a) {
    StringBuilder sb = new StringBuilder();
    write(a, OR, sb);
    return sb.toString();
  }

  private static int precedence(Ast a) {
    if (a instanceof Ast.Or) {
      return OR;
    } else if (a instanceof Ast.And) {
      return AND;
    } else if (a instanceof Ast.Not) {
      return NOT;
    } else if (a instanceof Ast.Binary b) {
      return Ast.isComparison(b.op()) ? COMPARE : b.op().equals("+") || b.op().equals("-") ? ADD : MUL;
    } else if (a instanceof Ast.IsNull || a instanceof Ast.In || a instanceof Ast.Between || a instanceof Ast.Like) {
      return COMPARE;
    } else if (a instanceof Ast.Neg || isNegativeNumber(a)) {
      return UNARY;
    }
    return PRIMARY;
  }

  private static boolean isNegativeNumber(Ast a) {
    return a instanceof Ast.Lit l && l.value() instanceof Number n
        && (n instanceof BigDecimal d ? d.signum() < 0 : n.doubleValue() < 0);
  }

  private static void write(Ast a, int min, StringBuilder sb) {
    boolean parens = precedence(a) < min;
    if (parens) {
      sb.append('(');
    }
    writeBare(a, sb);
    if (parens) {
      sb.append(')');
    }
  }

  private static void writeBare(Ast a, StringBuilder sb) {
    if (a instanceof Ast.Col c) {
      for (int i = 0; i < c.path().size(); i++) {
        sb.append(i == 0 ? "" : ".").append(SqlText.identifier(c.path().get(i)));
      }
    } else if (a instanceof Ast.Lit l) {
      sb.append(SqlText.literal(l.literal()));
    } else if (a instanceof Ast.Or o) {
      join(o.children(), " OR ", AND, sb);
    } else if (a instanceof Ast.And n) {
      join(n.children(), " AND ", NOT, sb);
    } else if (a instanceof Ast.Not n) {
      sb.append("NOT ");
      write(n.child(), NOT, sb);
    } else if (a instanceof Ast.Neg n) {
      sb.append('-');
      // "-5" would parse as the literal -5 and "--" reads as a comment elsewhere: parenthesize both.
      boolean parens = n.child() instanceof Ast.Neg || (n.child() instanceof Ast.Lit l && l.value() instanceof Number);
      sb.append(parens ? "(" : "");
      write(n.child(), parens ? OR : UNARY, sb);
      sb.append(parens ? ")" : "");
    } else if (a instanceof Ast.Binary b) {
      int p = precedence(b);
      write(b.left(), p == COMPARE ? ADD : p, sb);
      sb.append(' ').append(b.op()).append(' ');
      write(b.right(), p == COMPARE ? ADD : p + 1, sb);
    } else if (a instanceof Ast.IsNull n) {
      write(n.child(), ADD, sb);
      sb.append(n.negated() ? " IS NOT NULL" : " IS NULL");
    } else if (a instanceof Ast.In in) {
      write(in.child(), ADD, sb);
      sb.append(in.negated() ? " NOT IN (" : " IN (");
      join(in.values(), ", ", ADD, sb);
      sb.append(')');
    } else if (a instanceof Ast.Between b) {
      write(b.child(), ADD, sb);
      sb.append(b.negated() ? " NOT BETWEEN " : " BETWEEN ");
      write(b.low(), ADD, sb);
      sb.append(" AND ");
      write(b.high(), ADD, sb);
    } else if (a instanceof Ast.Like l) {
      write(l.child(), ADD, sb);
      sb.append(l.negated() ? " NOT LIKE " : " LIKE ").append(SqlText.quote(l.pattern()));
    } else if (a instanceof Ast.Case c) {
      sb.append("CASE");
      if (c.operand() != null) {
        sb.append(' ');
        write(c.operand(), OR, sb);
      }
      for (int i = 0; i < c.whens().size(); i++) {
        sb.append(" WHEN ");
        write(c.whens().get(i), OR, sb);
        sb.append(" THEN ");
        write(c.thens().get(i), OR, sb);
      }
      if (c.otherwise() != null) {
        sb.append(" ELSE ");
        write(c.otherwise(), OR, sb);
      }
      sb.append(" END");
    } else if (a instanceof Ast.Cast c) {
      sb.append("CAST(");
      write(c.child(), OR, sb);
      sb.append(" AS ").append(c.type().simpleString()).append(')');
    } else if (a instanceof Ast.Call c) {
      sb.append(c.name()).append('(');
      join(c.args(), ", ", OR, sb);
      sb.append(')');
    } else {
      throw new IllegalStateException("unknown node " + a);
    }
  }

  private static void join(List<Ast> items, String sep, int min, StringBuilder sb) {
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "" : sep);
      write(items.get(i), min, sb);
    }
  }
}
