package io.tidelake.format.expr.internal;

import io.tidelake.format.Values;
import io.tidelake.format.expr.ExpressionException;
import io.tidelake.format.predicate.Literal;
import io.tidelake.format.predicate.internal.Lexer;
import io.tidelake.format.predicate.internal.Token;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive-descent parser of the one grammar. Precedence from loosest (Spark's): OR, AND, NOT,
 * comparisons and IS/IN/BETWEEN/LIKE, {@code + -}, {@code * / %}, unary minus, primaries.
 *
 * <p>In predicate mode the top-level boolean positions keep the stricter rules (and messages) of the
 * original predicate language: a bare column or value there is not a condition, {@code 1 = 2} has no
 * column, IN lists and BETWEEN bounds take values. Everywhere else any expression is allowed.
 */
public final class ExprParser {
  private static final int MAX_DEPTH = 256;

  /** The tree plus each node's 0-based source offset (by identity, so trees stay position-free). */
  public record Parsed(Ast ast, String text, Map<Object, Integer> positions) {}

  private final String text;
  private final List<Token> tokens;
  private final boolean predicateMode;
  private final Map<Object, Integer> positions = new IdentityHashMap<>();
  private int k;
  private int depth;

  private ExprParser(String text, boolean predicateMode) {
    this.text = text;
    this.predicateMode = predicateMode;
    this.tokens = Lexer.tokenize(text);
  }

  /** Parses a value expression or condition. */
  public static Parsed parseExpression(String text) {
    if (text == null || text.isBlank()) {
      throw new ExpressionException(ExpressionException.Kind.SYNTAX, "Empty expression", null, -1);
    }
    return new ExprParser(text, false).run();
  }

  /** Parses predicate text with the predicate language's top-level rules. */
  public static Parsed parsePredicate(String text) {
    if (text == null || text.isBlank()) {
      throw new ExpressionException(ExpressionException.Kind.SYNTAX,
          "Empty predicate: write a condition such as country = 'DE', or TRUE", null, -1);
    }
    return new ExprParser(text, true).run();
  }

  /** Parses {@code col = expr, col = expr}: each column name with its expression. */
  public static List<Map.Entry<Parsed, Parsed>> parseAssignments(String text) {
    if (text == null || text.isBlank()) {
      throw new ExpressionException(ExpressionException.Kind.SYNTAX,
          "Empty assignment list: write col = expression[, col = expression ...]", null, -1);
    }
    ExprParser p = new ExprParser(text, false);
    List<Map.Entry<Parsed, Parsed>> out = new ArrayList<>();
    do {
      Token t = p.peek();
      if (!t.isIdentifier()) {
        throw p.error("Expected a column name to assign but found " + t.describe(), t);
      }
      Ast target = p.columnPath();
      Token eq = p.next();
      if (eq.kind() != Token.Kind.OP || !(eq.text().equals("=") || eq.text().equals("=="))) {
        throw p.error("Expected '=' after the column to assign but found " + eq.describe(), eq);
      }
      Ast value = p.parseOr(false);
      out.add(Map.entry(new Parsed(target, text, p.positions), new Parsed(value, text, p.positions)));
    } while (p.accept(Token.Kind.COMMA));
    if (p.peek().kind() != Token.Kind.EOF) {
      throw p.error("Expected ',' or the end of the assignments but found " + p.peek().describe(), p.peek());
    }
    return out;
  }

  /** The smallest source offset in the subtree: where its text starts (binary nodes sit at their operator). */
  public static Integer startOf(Ast a, Map<Object, Integer> positions) {
    Integer best = positions.get(a);
    for (Ast k : Asts.children(a)) {
      Integer p = startOf(k, positions);
      if (p != null && (best == null || p < best)) {
        best = p;
      }
    }
    return best;
  }

  private Parsed run() {
    Ast result = parseOr(predicateMode);
    if (peek().kind() != Token.Kind.EOF) {
      throw error(predicateMode ? "Expected AND, OR or the end of the predicate but found " + peek().describe()
          : "Expected an operator or the end of the expression but found " + peek().describe(), peek());
    }
    return new Parsed(result, text, positions);
  }

  private Ast parseOr(boolean strict) {
    Token start = peek();
    List<Ast> parts = new ArrayList<>();
    parts.add(parseAnd(strict));
    while (peek().isKeyword("OR")) {
      k++;
      parts.add(parseAnd(strict));
    }
    return parts.size() == 1 ? parts.get(0) : at(new Ast.Or(parts), start);
  }

  private Ast parseAnd(boolean strict) {
    Token start = peek();
    List<Ast> parts = new ArrayList<>();
    parts.add(parseNot(strict));
    while (peek().isKeyword("AND")) {
      k++;
      parts.add(parseNot(strict));
    }
    return parts.size() == 1 ? parts.get(0) : at(new Ast.And(parts), start);
  }

  private Ast parseNot(boolean strict) {
    if (peek().isKeyword("NOT")) {
      Token not = next();
      enter(not);
      Ast child = parseNot(strict);
      depth--;
      return at(new Ast.Not(child), not);
    }
    return parseComparison(strict);
  }

  private Ast parseComparison(boolean strict) {
    Token t = peek();
    Ast left = parseAdditive();
    Token t2 = peek();
    if (t2.kind() == Token.Kind.OP) {
      k++;
      Ast right = parseAdditive();
      if (strict && left instanceof Ast.Lit && right instanceof Ast.Lit) {
        throw error("A comparison needs a column on at least one side; both sides are values", t);
      }
      return at(new Ast.Binary(canonical(t2.text()), left, right), t2);
    }
    if (t2.isKeyword("IS")) {
      k++;
      boolean negated = peek().isKeyword("NOT");
      if (negated) {
        k++;
      }
      if (!peek().isKeyword("NULL")) {
        throw error("Expected NULL after IS" + (negated ? " NOT" : "") + " but found " + peek().describe(), peek());
      }
      k++;
      return at(new Ast.IsNull(left, negated), t2);
    }
    boolean negated = t2.isKeyword("NOT");
    Token kw = negated ? peekAt(1) : t2;
    if (kw.isKeyword("IN")) {
      k += negated ? 2 : 1;
      expect(Token.Kind.LPAREN, "'(' to start the IN list");
      List<Ast> values = new ArrayList<>();
      do {
        values.add(valueOperand(strict, "IN lists"));
      } while (accept(Token.Kind.COMMA));
      expect(Token.Kind.RPAREN, "',' or ')' in the IN list");
      return at(new Ast.In(left, values, negated), kw);
    }
    if (kw.isKeyword("BETWEEN")) {
      k += negated ? 2 : 1;
      Ast low = valueOperand(strict, "BETWEEN");
      if (!peek().isKeyword("AND")) {
        throw error("Expected AND between the BETWEEN bounds but found " + peek().describe(), peek());
      }
      k++;
      return at(new Ast.Between(left, low, valueOperand(strict, "BETWEEN"), negated), kw);
    }
    if (kw.isKeyword("LIKE")) {
      k += negated ? 2 : 1;
      Token pat = next();
      if (pat.kind() != Token.Kind.STRING) {
        throw error("LIKE needs a quoted pattern such as 'abc%' but found " + pat.describe(), pat);
      }
      return at(new Ast.Like(left, pat.text(), negated), kw);
    }
    if (negated) {
      throw error("Expected IN, BETWEEN or LIKE after NOT but found " + kw.describe(), kw);
    }
    boolean parenthesized = t.kind() == Token.Kind.LPAREN;
    if (strict && !parenthesized
        && (left instanceof Ast.Col || (left instanceof Ast.Lit l && !(l.value() instanceof Boolean)))) {
      throw error("Expected a comparison (=, !=, <, <=, >, >=), IN, IS [NOT] NULL, BETWEEN or LIKE after "
          + (left instanceof Ast.Col c ? "column " + AstText.render(c) : "value " + AstText.render(left))
          + " but found " + t2.describe(), t2);
    }
    return left;
  }

  /** An IN element or BETWEEN bound; the predicate language took values only there. */
  private Ast valueOperand(boolean strict, String where) {
    Token t = peek();
    Ast a = parseAdditive();
    if (strict && a instanceof Ast.Col c) {
      throw error(where + " take values, not columns: found column " + AstText.render(c), t);
    }
    return a;
  }

  private static String canonical(String op) {
    switch (op) {
      case "==": return "=";
      case "<>": return "!=";
      default: return op;
    }
  }

  private Ast parseAdditive() {
    Ast left = parseMultiplicative();
    while (peek().kind() == Token.Kind.PLUS || peek().kind() == Token.Kind.MINUS) {
      Token op = next();
      left = at(new Ast.Binary(op.text(), left, parseMultiplicative()), op);
    }
    return left;
  }

  private Ast parseMultiplicative() {
    Ast left = parseUnary();
    while (peek().kind() == Token.Kind.STAR || peek().kind() == Token.Kind.SLASH
        || peek().kind() == Token.Kind.PERCENT) {
      Token op = next();
      left = at(new Ast.Binary(op.text(), left, parseUnary()), op);
    }
    return left;
  }

  private Ast parseUnary() {
    Token t = peek();
    if (t.kind() == Token.Kind.MINUS || t.kind() == Token.Kind.PLUS) {
      k++;
      if (peek().kind() == Token.Kind.NUMBER) {
        // A sign glued to a number is part of the literal: -9223372036854775808 must fit a long.
        Token num = next();
        return at(new Ast.Lit(Literal.of(number((t.kind() == Token.Kind.MINUS ? "-" : "") + num.text()))), t);
      }
      enter(t);
      Ast child = parseUnary();
      depth--;
      return t.kind() == Token.Kind.PLUS ? child : at(new Ast.Neg(child), t);
    }
    return parsePrimary();
  }

  private Ast parsePrimary() {
    Token t = peek();
    switch (t.kind()) {
      case LPAREN: {
        enter(next());
        Ast inner = parseOr(false);
        expect(Token.Kind.RPAREN, "')' to close the '(' at character " + (t.pos() + 1));
        depth--;
        return inner;
      }
      case STRING:
        k++;
        return lit(t.text(), t);
      case HEX:
        k++;
        return lit(hexBytes(t.text()), t);
      case NUMBER:
        k++;
        return lit(number(t.text()), t);
      case QUOTED_IDENT:
        return columnPath();
      case IDENT:
        if (t.isKeyword("NULL")) {
          k++;
          return lit(null, t);
        }
        if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
          k++;
          return lit(t.isKeyword("TRUE"), t);
        }
        if (t.isKeyword("CASE")) {
          return parseCase();
        }
        if (peekAt(1).kind() == Token.Kind.STRING
            && (t.isKeyword("DATE") || t.isKeyword("TIMESTAMP") || t.isKeyword("TIMESTAMP_NTZ"))) {
          k += 2;
          return lit(typed(t, peekAt(-1)), t);
        }
        if (t.isIdentifier() && peekAt(1).kind() == Token.Kind.LPAREN) {
          return t.isKeyword("CAST") ? parseCast() : parseCall();
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

  private Ast parseCase() {
    Token kw = next();
    enter(kw);
    Ast operand = peek().isKeyword("WHEN") ? null : parseOr(false);
    List<Ast> whens = new ArrayList<>();
    List<Ast> thens = new ArrayList<>();
    if (!peek().isKeyword("WHEN")) {
      throw error("Expected WHEN in CASE but found " + peek().describe(), peek());
    }
    while (peek().isKeyword("WHEN")) {
      k++;
      whens.add(parseOr(false));
      if (!peek().isKeyword("THEN")) {
        throw error("Expected THEN after the WHEN condition but found " + peek().describe(), peek());
      }
      k++;
      thens.add(parseOr(false));
    }
    Ast otherwise = null;
    if (peek().isKeyword("ELSE")) {
      k++;
      otherwise = parseOr(false);
    }
    if (!peek().isKeyword("END")) {
      throw error("Expected WHEN, ELSE or END in CASE but found " + peek().describe(), peek());
    }
    k++;
    depth--;
    return at(new Ast.Case(operand, whens, thens, otherwise), kw);
  }

  private Ast parseCast() {
    Token kw = next();
    enter(kw);
    k++; // (
    Ast child = parseOr(false);
    if (!peek().isKeyword("AS")) {
      throw error("Expected AS and a type in CAST but found " + peek().describe(), peek());
    }
    k++;
    DataType type = parseType();
    expect(Token.Kind.RPAREN, "')' to close CAST");
    depth--;
    return at(new Ast.Cast(child, type), kw);
  }

  /** A primitive type name as in schema DDL (long, bigint, int, string, date, ...) or decimal(p[,s]). */
  private DataType parseType() {
    Token t = next();
    if (t.kind() != Token.Kind.IDENT) {
      throw error("Expected a type name but found " + t.describe(), t);
    }
    String name = t.text().toLowerCase(Locale.ROOT);
    if (name.equals("decimal") || name.equals("numeric") || name.equals("dec")) {
      int p = 10;
      int s = 0;
      if (accept(Token.Kind.LPAREN)) {
        p = smallInt();
        s = accept(Token.Kind.COMMA) ? smallInt() : 0;
        expect(Token.Kind.RPAREN, "')' after the decimal precision and scale");
      }
      try {
        return new DecimalType(p, s);
      } catch (RuntimeException e) {
        throw error(e.getMessage(), t);
      }
    }
    PrimitiveType p = PrimitiveType.fromName(name);
    if (p == null) {
      throw error("Unknown type '" + t.text() + "'; use boolean, byte, short, int, long, float, double, "
          + "decimal(p,s), string, binary, date, timestamp or timestamp_ntz", t);
    }
    return p;
  }

  private int smallInt() {
    Token t = next();
    if (t.kind() != Token.Kind.NUMBER || !t.text().chars().allMatch(Character::isDigit) || t.text().length() > 3) {
      throw error("Expected a whole number but found " + t.describe(), t);
    }
    return Integer.parseInt(t.text());
  }

  private Ast parseCall() {
    Token name = next();
    enter(name);
    k++; // (
    List<Ast> args = new ArrayList<>();
    if (!accept(Token.Kind.RPAREN)) {
      do {
        args.add(parseOr(false));
      } while (accept(Token.Kind.COMMA));
      expect(Token.Kind.RPAREN, "',' or ')' in the arguments of " + name.text());
    }
    depth--;
    return at(new Ast.Call(name.text().toLowerCase(Locale.ROOT), args), name);
  }

  private Ast columnPath() {
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
    return at(new Ast.Col(path), first);
  }

  private Ast lit(Object value, Token t) {
    return at(new Ast.Lit(Literal.of(value)), t);
  }

  private <T extends Ast> T at(T node, Token t) {
    positions.put(node, t.pos());
    return node;
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
      throw error(io.tidelake.format.predicate.internal.SqlText.quote(str.text()) + " is not a valid "
          + kw.text().toUpperCase(Locale.ROOT) + " literal; expected " + form, str);
    }
  }

  /** Whole numbers that fit stay Longs; everything else is an exact BigDecimal (1e3, 1.50). */
  static Object number(String s) {
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

  private void enter(Token at) {
    if (++depth > MAX_DEPTH) {
      throw error((predicateMode ? "Predicate" : "Expression") + " nested more than " + MAX_DEPTH + " levels deep", at);
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

  private ExpressionException error(String problem, Token at) {
    String p = predicateMode ? problem : problem.replace("the end of the predicate", "the end of the expression");
    return new ExpressionException(ExpressionException.Kind.SYNTAX, "Syntax error: " + p, text, at.pos());
  }
}
