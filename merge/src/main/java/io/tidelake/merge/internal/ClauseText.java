package io.tidelake.merge.internal;

import io.tidelake.merge.MergeClause;
import io.tidelake.merge.MergeClause.Action;
import io.tidelake.merge.MergeClause.Kind;
import io.tidelake.merge.MergeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the SQL text of a WHEN clause into kind, condition and action. Only the clause's frame is read
 * here (keywords, top-level commas and parentheses); conditions and values stay text for the one
 * expression grammar ({@code io.tidelake.format.expr}) to parse and bind against the MERGE's aliases.
 */
public final class ClauseText {
  private static final String FORMS = "Write MATCHED [AND cond] THEN UPDATE SET * | UPDATE SET a = expr, ... | DELETE, "
      + "NOT MATCHED [AND cond] THEN INSERT * | INSERT (a, b) VALUES (expr, expr), or "
      + "NOT MATCHED BY SOURCE [AND cond] THEN UPDATE SET a = expr, ... | DELETE";
  private static final Pattern KIND = Pattern.compile(
      "^\\s*(?:WHEN\\s+)?(NOT\\s+MATCHED\\s+BY\\s+SOURCE|NOT\\s+MATCHED(?:\\s+BY\\s+TARGET)?|MATCHED)\\b\\s*(.*)$",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern INSERT_LIST = Pattern.compile("^INSERT\\s*\\((.*?)\\)\\s*VALUES\\s*\\((.*)\\)$",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private ClauseText() {}

  public static MergeClause parse(String text) {
    if (text == null) {
      throw new MergeException("A MERGE clause must not be null. " + FORMS);
    }
    Matcher m = KIND.matcher(text);
    if (!m.matches()) {
      throw new MergeException("Cannot read MERGE clause '" + text + "': it must start with MATCHED, NOT MATCHED or "
          + "NOT MATCHED BY SOURCE. " + FORMS);
    }
    String k = m.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    Kind kind = k.equals("MATCHED") ? Kind.MATCHED : k.endsWith("SOURCE") ? Kind.NOT_MATCHED_BY_SOURCE : Kind.NOT_MATCHED;
    String rest = m.group(2).trim();
    String condition = null;
    int then = topLevelKeyword(rest, "THEN");
    if (then < 0) {
      throw new MergeException("MERGE clause '" + text + "' has no THEN. " + FORMS);
    }
    String head = rest.substring(0, then).trim();
    if (!head.isEmpty()) {
      if (!head.regionMatches(true, 0, "AND", 0, 3) || head.length() < 4 || !Character.isWhitespace(head.charAt(3))) {
        throw new MergeException("MERGE clause '" + text + "': expected AND <condition> or THEN after " + kind.sql()
            + ", found '" + head + "'. " + FORMS);
      }
      condition = head.substring(4).trim();
    }
    String action = rest.substring(then + 4).trim();
    String upper = action.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    try {
      if (upper.equals("DELETE")) {
        return new MergeClause(kind, condition, Action.DELETE, null);
      }
      if (upper.equals("UPDATE SET *")) {
        return new MergeClause(kind, condition, Action.UPDATE, null);
      }
      if (upper.equals("INSERT *")) {
        return new MergeClause(kind, condition, Action.INSERT, null);
      }
      if (upper.startsWith("UPDATE SET ")) {
        String list = action.substring(action.toUpperCase(Locale.ROOT).indexOf("SET") + 3).trim();
        LinkedHashMap<String, String> set = new LinkedHashMap<>();
        for (String a : splitTopLevel(list)) {
          int eq = a.indexOf('=');
          if (eq <= 0) {
            throw new MergeException("MERGE clause '" + text + "': '" + a.trim() + "' is not an assignment 'column = expr'");
          }
          put(set, a.substring(0, eq).trim(), a.substring(eq + 1).trim(), text);
        }
        return new MergeClause(kind, condition, Action.UPDATE, set);
      }
      Matcher ins = INSERT_LIST.matcher(action);
      if (ins.matches()) {
        List<String> cols = splitTopLevel(ins.group(1));
        List<String> values = splitTopLevel(ins.group(2));
        if (cols.size() != values.size()) {
          throw new MergeException("MERGE clause '" + text + "': INSERT names " + cols.size() + " columns but gives "
              + values.size() + " values");
        }
        LinkedHashMap<String, String> set = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
          put(set, cols.get(i).trim(), values.get(i).trim(), text);
        }
        return new MergeClause(kind, condition, Action.INSERT, set);
      }
    } catch (MergeException e) {
      throw e.getMessage().contains(text) ? e : new MergeException("MERGE clause '" + text + "': " + e.getMessage(), e);
    }
    throw new MergeException("MERGE clause '" + text + "': cannot read the action '" + action + "'. " + FORMS);
  }

  private static void put(LinkedHashMap<String, String> set, String col, String value, String text) {
    if (col.isEmpty() || value.isEmpty()) {
      throw new MergeException("MERGE clause '" + text + "': empty column or value in '" + col + " = " + value + "'");
    }
    if (set.put(col, value) != null) {
      throw new MergeException("MERGE clause '" + text + "': column " + col + " is assigned twice");
    }
  }

  /** Splits on commas outside quotes, backquotes and parentheses. */
  static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    boolean[] top = topLevel(s);
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (top[i] && s.charAt(i) == ',') {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /** Index of a keyword outside quotes, parentheses and CASE ... END, as a whole word; -1 if absent. */
  static int topLevelKeyword(String s, String keyword) {
    boolean[] top = topLevel(s);
    int caseDepth = 0;
    for (int i = 0; i < s.length(); i++) {
      if (top[i] && Character.isLetter(s.charAt(i)) && (i == 0 || !isWordChar(s.charAt(i - 1)))) {
        int end = i;
        while (end < s.length() && isWordChar(s.charAt(end))) {
          end++;
        }
        String word = s.substring(i, end).toUpperCase(Locale.ROOT);
        if (word.equals("CASE")) {
          caseDepth++;
        } else if (word.equals("END") && caseDepth > 0) {
          caseDepth--;
        } else if (word.equals(keyword) && caseDepth == 0) {
          return i;
        }
        i = end - 1;
      }
    }
    return -1;
  }

  /** Which characters are outside quotes ('', `` and "" escape their quote) and parentheses. */
  private static boolean[] topLevel(String s) {
    boolean[] top = new boolean[s.length()];
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
            i++;
          } else {
            quote = 0;
          }
        }
      } else if (c == '\'' || c == '`' || c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else {
        top[i] = depth == 0;
      }
    }
    return top;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
