package io.tidelake.format.predicate.internal;

import io.tidelake.format.Values;
import io.tidelake.format.predicate.Column;
import io.tidelake.format.predicate.CompareOp;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.PredicateException;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser. Precedence from loosest: OR, AND, NOT, then comparisons and the other
 * leaves. Keywords are case-insensitive; DATE, TIMESTAMP and TIMESTAMP_NTZ are keywords only when a
 * string follows, so columns may be called {@code date}.
 *
 * <p>Besides the tree, the parser records where each Column and Literal object started (by identity,
 * so the tree itself stays free of positions and compares equal however it was built); the binder uses
 * that to point at the offending spot.
 */
public final class Parser {
  /** Deep nesting would otherwise end in a StackOverflowError instead of a message. */
  private static final int MAX_DEPTH = 256;

  /** A parsed predicate with the source offsets of its Column and Literal objects. */
  public record Parsed(Predicate predicate, String text, Map<Object, Integer> positions) {}

  private final String text;
  private final List<Token> tokens;
  private final Map<Object, Integer> positions = new IdentityHashMap<>();
  private int k;
  private int depth;

  private Parser(String text) {
    this.text = text;
    this.tokens = Lexer.tokenize(text);
  }

  public static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      throw new PredicateException("Empty predicate: write a condition such as country = 'DE', or TRUE");
    }
    Parser p = new Parser(text);
    Predicate result = p.parseOr();
    if (p.peek().kind() != Token.Kind.EOF) {
      throw p.error("Expected AND, OR or the end of the predicate but found " + p.peek().describe(), p.peek());
    }
    return new Parsed(result, text, p.positions);
  }

  public static Column parseColumn(String text) {
    Parser p = new Parser(text);
    Token t = p.peek();
    if (!t.isIdentifier()) {
      throw p.error("Expected a column name but found " + t.describe(), t);
    }
    Column c = p.columnPath();
    if (p.peek().kind() != Token.Kind.EOF) {
      throw p.error("Unexpected " + p.peek().describe() + " after column name", p.peek());
    }
    return c;
  }

  private Predicate parseOr() {
    List<Predicate> parts = new ArrayList<>();
    parts.add(parseAnd());
    while (peek().isKeyword("OR")) {
      k++;
      parts.add(parseAnd());
    }
    return parts.size() == 1 ? parts.get(0) : new Predicate.Or(parts);
  }

  private Predicate parseAnd() {
    List<Predicate> parts = new ArrayList<>();
    parts.add(parseNot());
    while (peek().isKeyword("AND")) {
      k++;
      parts.add(parseNot());
    }
    return parts.size() == 1 ? parts.get(0) : new Predicate.And(parts);
  }

  private Predicate parseNot() {
    if (peek().isKeyword("NOT")) {
      Token not = next();
      enter(not);
      Predicate child = parseNot();
      depth--;
      return new Predicate.Not(child);
    }
    return parseLeaf();
  }

  private Predicate parseLeaf() {
    Token t = peek();
    if (t.kind() == Token.Kind.LPAREN) {
      enter(next());
      Predicate inner = parseOr();
      expect(Token.Kind.RPAREN, "')' to close the '(' at character " + (t.pos() + 1));
      depth--;
      return inner;
    }
    // TRUE on its own is a predicate; TRUE = flag is a comparison with a literal.
    if ((t.isKeyword("TRUE") || t.isKeyword("FALSE")) && peekAt(1).kind() != Token.Kind.OP) {
      k++;
      return new Predicate.Constant(t.isKeyword("TRUE"));
    }
    Object left = operand();
    Token t2 = peek();
    if (t2.kind() == Token.Kind.OP) {
      k++;
      CompareOp op = CompareOp.fromSymbol(t2.text());
      Object right = operand();
      if (left instanceof Column lc && right instanceof Column rc) {
        return new Predicate.ColumnComparison(lc, op, rc);
      } else if (left instanceof Column lc) {
        return new Predicate.Comparison(lc, op, (Literal) right);
      } else if (right instanceof Column rc) {
        return new Predicate.Comparison(rc, op.flip(), (Literal) left);
      }
      throw error("A comparison needs a column on at least one side; both sides are values", t);
    }
    if (t2.isKeyword("IS")) {
      Column c = requireColumn(left, t, "IS NULL");
      k++;
      boolean negated = peek().isKeyword("NOT");
      if (negated) {
        k++;
      }
      if (!peek().isKeyword("NULL")) {
        throw error("Expected NULL after IS" + (negated ? " NOT" : "") + " but found " + peek().describe(), peek());
      }
      k++;
      Predicate p = new Predicate.IsNull(c);
      return negated ? new Predicate.Not(p) : p;
    }
    boolean negated = t2.isKeyword("NOT");
    Token kw = negated ? peekAt(1) : t2;
    Predicate p;
    if (kw.isKeyword("IN")) {
      k += negated ? 2 : 1;
      p = in(requireColumn(left, t, "IN"));
    } else if (kw.isKeyword("BETWEEN")) {
      k += negated ? 2 : 1;
      Column c = requireColumn(left, t, "BETWEEN");
      Literal low = literalOperand("BETWEEN");
      if (!peek().isKeyword("AND")) {
        throw error("Expected AND between the BETWEEN bounds but found " + peek().describe(), peek());
      }
      k++;
      p = new Predicate.Between(c, low, literalOperand("BETWEEN"));
    } else if (kw.isKeyword("LIKE")) {
      k += negated ? 2 : 1;
      Column c = requireColumn(left, t, "LIKE");
      Token pat = next();
      if (pat.kind() != Token.Kind.STRING) {
        throw error("LIKE needs a quoted pattern such as 'abc%' but found " + pat.describe(), pat);
      }
      p = new Predicate.Like(c, pat.text());
    } else if (negated) {
      throw error("Expected IN, BETWEEN or LIKE after NOT but found " + kw.describe(), kw);
    } else {
      throw error("Expected a comparison (=, !=, <, <=, >, >=), IN, IS [NOT] NULL, BETWEEN or LIKE after "
          + describeOperand(left) + " but found " + t2.describe(), t2);
    }
    return negated ? new Predicate.Not(p) : p;
  }

  private Predicate in(Column c) {
    expect(Token.Kind.LPAREN, "'(' to start the IN list");
    List<Literal> values = new ArrayList<>();
    do {
      values.add(literalOperand("IN lists"));
    } while (accept(Token.Kind.COMMA));
    expect(Token.Kind.RPAREN, "',' or ')' in the IN list");
    return new Predicate.In(c, values);
  }

  /** A column reference or a literal, whichever the next tokens spell. */
  private Object operand() {
    Token t = peek();
    switch (t.kind()) {
      case STRING:
        k++;
        return literal(t.text(), t);
      case HEX:
        k++;
        return literal(hexBytes(t.text()), t);
      case NUMBER:
        k++;
        return literal(number(t.text()), t);
      case MINUS:
      case PLUS: {
        k++;
        Token num = next();
        if (num.kind() != Token.Kind.NUMBER) {
          throw error("Expected a number after '" + t.text() + "' but found " + num.describe(), num);
        }
        return literal(number((t.kind() == Token.Kind.MINUS ? "-" : "") + num.text()), t);
      }
      case QUOTED_IDENT:
        return columnPath();
      case IDENT:
        if (t.isKeyword("NULL")) {
          k++;
          return literal(null, t);
        }
        if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
          k++;
          return literal(t.isKeyword("TRUE"), t);
        }
        if (peekAt(1).kind() == Token.Kind.STRING
            && (t.isKeyword("DATE") || t.isKeyword("TIMESTAMP") || t.isKeyword("TIMESTAMP_NTZ"))) {
          k += 2;
          return literal(typed(t, peekAt(-1)), t);
        }
        if (t.isIdentifier()) {
          return columnPath();
        }
        break;
      default:
        break;
    }
    throw error("Expected a column or a value but found " + t.describe(), t);
  }

  private Literal literalOperand(String where) {
    Token t = peek();
    Object o = operand();
    if (o instanceof Column c) {
      throw error(where + " take values, not columns: found column " + c.toSql(), t);
    }
    return (Literal) o;
  }

  private Column columnPath() {
    Token first = next();
    List<String> path = new ArrayList<>();
    path.add(first.text());
    while (peek().kind() == Token.Kind.DOT) {
      k++;
      Token part = next();
      // After a dot a reserved word is unambiguous, so a.in names the field "in".
      if (part.kind() != Token.Kind.IDENT && part.kind() != Token.Kind.QUOTED_IDENT) {
        throw error("Expected a field name after '.' but found " + part.describe(), part);
      }
      path.add(part.text());
    }
    Column c = new Column(path);
    positions.put(c, first.pos());
    return c;
  }

  private Literal literal(Object value, Token at) {
    Literal l = Literal.of(value);
    positions.put(l, at.pos());
    return l;
  }

  private Object typed(Token kw, Token str) {
    String s = str.text().trim();
    try {
      if (kw.isKeyword("DATE")) {
        return LocalDate.parse(s);
      }
      if (kw.isKeyword("TIMESTAMP")) {
        return Values.parseTimestamp(s);
      }
      return Values.parse(PrimitiveType.TIMESTAMP_NTZ, s, "TIMESTAMP_NTZ literal");
    } catch (RuntimeException e) {
      String form = kw.isKeyword("DATE") ? "yyyy-MM-dd"
          : kw.isKeyword("TIMESTAMP") ? "yyyy-MM-dd HH:mm:ss[.ffffff][+hh:mm|Z], UTC when no offset is given"
          : "yyyy-MM-dd HH:mm:ss[.ffffff]";
      throw error(SqlText.quote(str.text()) + " is not a valid " + kw.text().toUpperCase(java.util.Locale.ROOT)
          + " literal; expected " + form, str);
    }
  }

  /** Whole numbers that fit stay Longs; everything else is an exact BigDecimal (1e3, 1.50). */
  private static Object number(String s) {
    if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException tooBig) {
        // falls through to BigDecimal
      }
    }
    return new BigDecimal(s);
  }

  private static byte[] hexBytes(String digits) {
    byte[] out = new byte[digits.length() / 2];
    for (int j = 0; j < out.length; j++) {
      out[j] = (byte) Integer.parseInt(digits.substring(2 * j, 2 * j + 2), 16);
    }
    return out;
  }

  private Column requireColumn(Object operand, Token at, String what) {
    if (operand instanceof Column c) {
      return c;
    }
    throw error(what + " needs a column on its left, not the value " + ((Literal) operand).toSql(), at);
  }

  private static String describeOperand(Object o) {
    return o instanceof Column c ? "column " + c.toSql() : "value " + ((Literal) o).toSql();
  }

  private void enter(Token at) {
    if (++depth > MAX_DEPTH) {
      throw error("Predicate nested more than " + MAX_DEPTH + " levels deep", at);
    }
  }

  private Token peek() {
    return tokens.get(k);
  }

  private Token peekAt(int offset) {
    return tokens.get(Math.max(0, Math.min(k + offset, tokens.size() - 1)));
  }

  private Token next() {
    Token t = tokens.get(k);
    if (t.kind() != Token.Kind.EOF) {
      k++;
    }
    return t;
  }

  private boolean accept(Token.Kind kind) {
    if (peek().kind() == kind) {
      k++;
      return true;
    }
    return false;
  }

  private void expect(Token.Kind kind, String what) {
    if (!accept(kind)) {
      throw error("Expected " + what + " but found " + peek().describe(), peek());
    }
  }

  private PredicateException error(String problem, Token at) {
    return new PredicateException("Syntax error: " + problem, text, at.pos());
  }
}
