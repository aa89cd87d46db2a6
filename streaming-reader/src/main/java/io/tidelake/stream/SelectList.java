package io.tidelake.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a select list ({@code "a, b, amount * 2 AS doubled"}) into its items: each item is one
 * expression of the expression language with an optional {@code AS name}. Commas inside parentheses
 * and quotes do not split; the expressions themselves are parsed by {@code Expressions.parse}.
 */
final class SelectList {
  private static final Pattern ALIAS = Pattern.compile("(?is)^(.*\\S)\\s+AS\\s+(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\\s*$");

  /** One item: its expression text and its alias (null when none was written). */
  record Item(String expression, String alias) {}

  private SelectList() {}

  static List<Item> parse(String text) {
    List<Item> out = new ArrayList<>();
    for (String part : split(text)) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new StreamingException("Empty item in select list '" + text + "' (two commas, or a trailing one?)");
      }
      Matcher m = ALIAS.matcher(p);
      if (m.matches() && balanced(m.group(1))) {
        String alias = m.group(2);
        if (alias.startsWith("`")) {
          alias = alias.substring(1, alias.length() - 1);
        }
        out.add(new Item(m.group(1).strip(), alias));
      } else {
        out.add(new Item(p, null));
      }
    }
    return out;
  }

  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int[] start = {0};
    scan(text, i -> {
      parts.add(text.substring(start[0], i));
      start[0] = i + 1;
    });
    parts.add(text.substring(start[0]));
    return parts;
  }

  /** Whether an AS found at the end is outside every parenthesis and quote (not CAST's). */
  private static boolean balanced(String s) {
    return scan(s, i -> {});
  }

  /**
   * Walks {@code s} tracking quotes and parentheses, reporting the index of each comma outside both;
   * returns whether every quote and parenthesis was closed.
   */
  private static boolean scan(String s, java.util.function.IntConsumer topLevelComma) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        topLevelComma.accept(i);
      }
    }
    return depth == 0 && quote == 0;
  }
}
