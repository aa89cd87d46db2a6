package io.tidelake.format.predicate.internal;

import java.util.Locale;

/**
 * One lexical token. {@code text} is the identifier name (backquotes removed), the string's value
 * (quotes and '' escapes removed), the hex digits of X'..', the number as written, or the operator.
 */
public record Token(Kind kind, String text, int pos) {

  public enum Kind {
    IDENT,
    QUOTED_IDENT,
    STRING,
    HEX,
    NUMBER,
    OP,
    LPAREN,
    RPAREN,
    COMMA,
    DOT,
    MINUS,
    PLUS,
    STAR,
    SLASH,
    PERCENT,
    EOF
  }

  /** Whether this is the bare (unquoted) keyword {@code word}; backquoted names are never keywords. */
  public boolean isKeyword(String word) {
    return kind == Kind.IDENT && text.equalsIgnoreCase(word);
  }

  public boolean isIdentifier() {
    return kind == Kind.QUOTED_IDENT
        || (kind == Kind.IDENT && !SqlText.RESERVED.contains(text.toUpperCase(Locale.ROOT)));
  }

  /** How the token reads in an error message. */
  public String describe() {
    switch (kind) {
      case EOF: return "the end of the predicate";
      case STRING: return "string " + SqlText.quote(text);
      case QUOTED_IDENT: return "`" + text + "`";
      case HEX: return "X'" + text + "'";
      default: return "'" + text + "'";
    }
  }
}
