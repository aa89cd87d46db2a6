package io.tidelake.cli;

import io.tidelake.format.predicate.PredicateException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds the likely fix to a predicate error, for the mistakes people make on a command line: text or a
 * date without quotes ({@code country = DE} reads DE as a column, {@code day >= 2025-01-01} as
 * arithmetic) and double quotes (SQL's quotes for text are single). The predicate parser's own message
 * stays as it is; only its text is extended, so the parser and binder need no CLI knowledge.
 */
final class PredicateHints {
  private static final Pattern UNKNOWN_COLUMN = Pattern.compile("^Unknown column '([^']*)'( \\(did you mean '[^']*'\\?\\))?");
  private static final Pattern BARE_DATE = Pattern.compile("(?<![\\w'])(\\d{4}-\\d{2}-\\d{2}(?:[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?)(?![\\w'])");
  private static final Pattern IN_LIST_COLUMN = Pattern.compile("IN lists take values, not columns: found column (\\S+)");
  private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"([^\"]*)\"");

  private PredicateHints() {}

  /** Runs {@code parse}; a PredicateException comes back with a hint when one applies. */
  static <T> T withHints(String option, String predicate, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (PredicateException e) {
      String hint = hint(predicate, TideCli.oneLine(e.getMessage()));
      if (hint == null) {
        throw e;
      }
      throw new CliException(option + ": " + hint, e);
    }
  }

  /** The message with its fix, or null when no hint applies. */
  static String hint(String predicate, String message) {
    String outsideQuotes = predicate.replaceAll("'(?:[^']|'')*'", "''");
    Matcher dq = DOUBLE_QUOTED.matcher(outsideQuotes);
    if (dq.find()) {
      return message + "; text and dates take single quotes in predicates: did you mean '" + dq.group(1) + "'?";
    }
    Matcher date = BARE_DATE.matcher(outsideQuotes);
    if (date.find()) {
      return message + "; did you mean '" + date.group(1) + "'? (dates and timestamps take single quotes)";
    }
    Matcher inList = IN_LIST_COLUMN.matcher(message);
    if (inList.find()) {
      return message + "; did you mean '" + inList.group(1) + "'? (text values take single quotes)";
    }
    Matcher unknown = UNKNOWN_COLUMN.matcher(message);
    if (unknown.find()) {
      String word = unknown.group(1);
      // the unknown "column" stands where a value would: after a comparison, or in an IN list
      Pattern asValue = Pattern.compile("(=|<|>|\\bIN\\s*\\(|,)\\s*" + Pattern.quote(word) + "\\b",
          Pattern.CASE_INSENSITIVE);
      if (asValue.matcher(outsideQuotes).find()) {
        String rest = message.substring(unknown.end());
        return "Unknown column '" + word + "': did you mean '" + word + "'? (text values take single quotes)" + rest;
      }
    }
    return null;
  }
}
