package io.tidelake.format.predicate.internal;

import io.tidelake.format.predicate.PredicateException;
import java.util.ArrayList;
import java.util.List;

/** Splits predicate text into {@link Token}s, reporting malformed input with its position. */
public final class Lexer {
  private final String text;
  private int i;
  private final List<Token> out = new ArrayList<>();

  private Lexer(String text) {
    this.text = text;
  }

  public static List<Token> tokenize(String text) {
    Lexer lx = new Lexer(text);
    lx.run();
    return lx.out;
  }

  static boolean isIdentStart(char c) {
    return c == '_' || Character.isLetter(c);
  }

  static boolean isIdentPart(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private void run() {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        add(Token.Kind.STRING, quoted('\'', "string"), start);
      } else if (c == '`') {
        String name = quoted('`', "quoted name");
        if (name.isEmpty()) {
          throw error("Empty quoted name ``", start);
        }
        add(Token.Kind.QUOTED_IDENT, name, start);
      } else if ((c == 'x' || c == 'X') && i + 1 < n && text.charAt(i + 1) == '\'') {
        i++;
        add(Token.Kind.HEX, hex(quoted('\'', "binary literal"), start), start);
      } else if (isIdentStart(c)) {
        while (i < n && isIdentPart(text.charAt(i))) {
          i++;
        }
        add(Token.Kind.IDENT, text.substring(start, i), start);
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text.charAt(i + 1))
          && !afterName())) {
        add(Token.Kind.NUMBER, number(), start);
      } else if (c == '=' || c == '<' || c == '>' || c == '!') {
        add(Token.Kind.OP, operator(), start);
      } else if ("(),.-+*/%".indexOf(c) >= 0) {
        Token.Kind k = c == '(' ? Token.Kind.LPAREN : c == ')' ? Token.Kind.RPAREN : c == ',' ? Token.Kind.COMMA
            : c == '.' ? Token.Kind.DOT : c == '-' ? Token.Kind.MINUS : c == '+' ? Token.Kind.PLUS
            : c == '*' ? Token.Kind.STAR : c == '/' ? Token.Kind.SLASH : Token.Kind.PERCENT;
        i++;
        add(k, String.valueOf(c), start);
      } else {
        throw error("Unexpected character '" + c + "'", start);
      }
    }
    add(Token.Kind.EOF, "", n);
  }

  /** A '.' right after a name separates struct fields (a.b); elsewhere ".5" is a number. */
  private boolean afterName() {
    if (out.isEmpty()) {
      return false;
    }
    Token.Kind k = out.get(out.size() - 1).kind();
    return k == Token.Kind.IDENT || k == Token.Kind.QUOTED_IDENT;
  }

  private void add(Token.Kind kind, String s, int pos) {
    out.add(new Token(kind, s, pos));
  }

  /** Reads a quoted run starting at the opening quote; a doubled quote stands for one. */
  private String quoted(char q, String what) {
    int start = i;
    i++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (i >= text.length()) {
        throw error("Unterminated " + what + ": missing closing " + q, start);
      }
      char c = text.charAt(i++);
      if (c == q) {
        if (i < text.length() && text.charAt(i) == q) {
          sb.append(q);
          i++;
        } else {
          return sb.toString();
        }
      } else {
        sb.append(c);
      }
    }
  }

  private String hex(String digits, int start) {
    if (digits.length() % 2 != 0) {
      throw error("Binary literal X'" + digits + "' needs an even number of hex digits", start);
    }
    for (int k = 0; k < digits.length(); k++) {
      if (Character.digit(digits.charAt(k), 16) < 0) {
        throw error("Binary literal X'" + digits + "' may only contain hex digits", start);
      }
    }
    return digits;
  }

  /** digits [. digits] [e [+-] digits]; a letter glued to the end (12abc) is an error, not two tokens. */
  private String number() {
    int start = i;
    int n = text.length();
    digits();
    if (i < n && text.charAt(i) == '.') {
      i++;
      digits();
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int expStart = i;
      digits();
      if (i == expStart) {
        throw error("Malformed number '" + text.substring(start, i) + "': the exponent needs digits", start);
      }
    }
    if (i < n && isIdentPart(text.charAt(i))) {
      throw error("Malformed number '" + text.substring(start, i + 1) + "'", start);
    }
    return text.substring(start, i);
  }

  /** ASCII only: other scripts' digits would parse but render back differently. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void digits() {
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
  }

  private String operator() {
    int start = i;
    char c = text.charAt(i++);
    char next = i < text.length() ? text.charAt(i) : '\0';
    if (c == '<' && next == '=' && i + 1 < text.length() && text.charAt(i + 1) == '>') {
      i += 2; // <=> (null-safe equality)
    } else if ((c == '<' && (next == '=' || next == '>')) || (c != '<' && next == '=')) {
      i++;
    } else if (c == '!') {
      throw error("Unexpected '!': did you mean '!='?", start);
    }
    return text.substring(start, i);
  }

  private PredicateException error(String problem, int pos) {
    return new PredicateException("Syntax error: " + problem, text, pos);
  }
}
