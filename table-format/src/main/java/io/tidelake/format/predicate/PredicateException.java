package io.tidelake.format.predicate;

import io.tidelake.format.TidelakeException;

/**
 * A predicate that cannot be parsed or bound: a syntax error, an unknown column, a value that does not
 * fit its column's type. When the predicate came from text, the message shows where, with a caret
 * under the offending spot, and {@link #position()} gives the 0-based character offset.
 */
public class PredicateException extends TidelakeException {
  private static final int WINDOW = 40;
  private final int position;

  public PredicateException(String message) {
    super(message);
    this.position = -1;
  }

  public PredicateException(String message, Throwable cause) {
    super(message, cause);
    this.position = -1;
  }

  /**
   * @param problem what is wrong and how to fix it
   * @param text the predicate text, or null when the predicate was built in code
   * @param position 0-based offset into {@code text}, or -1
   */
  public PredicateException(String problem, String text, int position) {
    super(format(problem, text, position));
    this.position = text == null ? -1 : position;
  }

  /** 0-based character offset of the problem in the predicate text, or -1 when not known. */
  public int position() {
    return position;
  }

  private static String format(String problem, String text, int position) {
    if (text == null || position < 0) {
      return problem;
    }
    int pos = Math.min(position, text.length());
    // A window around the spot keeps the message short for long predicates; the caret lines up because
    // control characters (tabs, newlines) are shown as single spaces.
    int from = Math.max(0, pos - WINDOW);
    int to = Math.min(text.length(), pos + WINDOW);
    String prefix = from > 0 ? "..." : "";
    String excerpt = prefix + text.substring(from, to).replaceAll("\\p{Cntrl}", " ") + (to < text.length() ? "..." : "");
    String caret = " ".repeat(prefix.length() + pos - from) + "^";
    return problem + " (at character " + (pos + 1) + ")\n  " + excerpt + "\n  " + caret;
  }
}
