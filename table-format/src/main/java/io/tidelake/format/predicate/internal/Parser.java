package io.tidelake.format.predicate.internal;

import io.tidelake.format.expr.internal.Ast;
import io.tidelake.format.expr.internal.ExprParser;
import io.tidelake.format.expr.internal.Unbound;
import io.tidelake.format.predicate.Column;
import io.tidelake.format.predicate.CompareOp;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.PredicateException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses predicate text with the one expression grammar ({@link ExprParser} in predicate mode) and
 * turns the tree into {@link Predicate} nodes: AND/OR/NOT and every leaf the predicate language has a
 * shape for (column-op-value, column-op-column, IN/BETWEEN/LIKE over a column with values, IS NULL),
 * so partition pruning and stats skipping keep working on them. Any other condition ({@code
 * lower(country) = 'de'}, {@code a = b + 1}) becomes a {@link Predicate.Expr} leaf.
 *
 * <p>Besides the tree, the parser records where each Column and Literal object started (by identity,
 * so the tree itself stays free of positions and compares equal however it was built); the binder uses
 * that to point at the offending spot.
 */
public final class Parser {
  /** A parsed predicate with the source offsets of its Column and Literal objects. */
  public record Parsed(Predicate predicate, String text, Map<Object, Integer> positions) {}

  private final String text;
  private final Map<Object, Integer> astPositions;
  private final Map<Object, Integer> positions = new IdentityHashMap<>();

  private Parser(String text, Map<Object, Integer> astPositions) {
    this.text = text;
    this.astPositions = astPositions;
  }

  public static Parsed parse(String text) {
    ExprParser.Parsed parsed = ExprParser.parsePredicate(text);
    Parser p = new Parser(text, parsed.positions());
    return new Parsed(p.convert(parsed.ast()), text, p.positions);
  }

  /** Converts a tree parsed elsewhere (no source text, so binding errors cannot point into it). */
  public static Predicate fromAst(Ast ast) {
    return new Parser(null, Map.of()).convert(ast);
  }

  public static Column parseColumn(String text) {
    List<Token> tokens = Lexer.tokenize(text);
    List<String> path = new ArrayList<>();
    int k = 0;
    while (true) {
      Token t = tokens.get(k++);
      boolean ok = path.isEmpty() ? t.isIdentifier()
          : t.kind() == Token.Kind.IDENT || t.kind() == Token.Kind.QUOTED_IDENT;
      if (!ok) {
        throw new PredicateException("Syntax error: Expected " + (path.isEmpty() ? "a column name" : "a field name after '.'")
            + " but found " + t.describe(), text, t.pos());
      }
      path.add(t.text());
      Token next = tokens.get(k);
      if (next.kind() == Token.Kind.EOF) {
        return new Column(path);
      }
      if (next.kind() != Token.Kind.DOT) {
        throw new PredicateException("Syntax error: Unexpected " + next.describe() + " after column name", text,
            next.pos());
      }
      k++;
    }
  }

  private Predicate convert(Ast a) {
    if (a instanceof Ast.And n) {
      return new Predicate.And(convertAll(n.children()));
    } else if (a instanceof Ast.Or n) {
      return new Predicate.Or(convertAll(n.children()));
    } else if (a instanceof Ast.Not n) {
      return new Predicate.Not(convert(n.child()));
    } else if (a instanceof Ast.Lit l && l.value() instanceof Boolean b) {
      return new Predicate.Constant(b);
    }
    Predicate leaf = leaf(a);
    return leaf != null ? leaf : new Predicate.Expr(new Unbound(a, text, astPositions));
  }

  private List<Predicate> convertAll(List<Ast> asts) {
    List<Predicate> out = new ArrayList<>(asts.size());
    for (Ast a : asts) {
      out.add(convert(a));
    }
    return out;
  }

  /** The predicate shape of a leaf, or null when it has none. */
  private Predicate leaf(Ast a) {
    if (a instanceof Ast.Binary b && b.op().equals("<=>")) {
      return null;
    }
    if (a instanceof Ast.Binary b && Ast.isComparison(b.op())) {
      CompareOp op = CompareOp.fromSymbol(b.op());
      if (b.left() instanceof Ast.Col l && b.right() instanceof Ast.Col r) {
        return new Predicate.ColumnComparison(column(l), op, column(r));
      } else if (b.left() instanceof Ast.Col l && b.right() instanceof Ast.Lit r) {
        return new Predicate.Comparison(column(l), op, literal(r));
      } else if (b.left() instanceof Ast.Lit l && b.right() instanceof Ast.Col r) {
        return new Predicate.Comparison(column(r), op.flip(), literal(l));
      }
      return null;
    }
    if (a instanceof Ast.IsNull n && n.child() instanceof Ast.Col c) {
      return negate(new Predicate.IsNull(column(c)), n.negated());
    }
    if (a instanceof Ast.In in && in.child() instanceof Ast.Col c
        && in.values().stream().allMatch(v -> v instanceof Ast.Lit)) {
      List<Literal> values = new ArrayList<>();
      for (Ast v : in.values()) {
        values.add(literal((Ast.Lit) v));
      }
      return negate(new Predicate.In(column(c), values), in.negated());
    }
    if (a instanceof Ast.Between b && b.child() instanceof Ast.Col c && b.low() instanceof Ast.Lit lo
        && b.high() instanceof Ast.Lit hi) {
      return negate(new Predicate.Between(column(c), literal(lo), literal(hi)), b.negated());
    }
    if (a instanceof Ast.Like l && l.child() instanceof Ast.Col c) {
      return negate(new Predicate.Like(column(c), l.pattern()), l.negated());
    }
    return null;
  }

  private static Predicate negate(Predicate p, boolean negated) {
    return negated ? new Predicate.Not(p) : p;
  }

  private Column column(Ast.Col c) {
    Column col = new Column(c.path());
    record(col, c);
    return col;
  }

  private Literal literal(Ast.Lit l) {
    // A fresh object per use, so that each occurrence has its own position.
    Literal lit = Literal.of(l.literal().rawValue());
    record(lit, l);
    return lit;
  }

  private void record(Object node, Ast from) {
    Integer pos = astPositions.get(from);
    if (pos != null) {
      positions.put(node, pos);
    }
  }
}
