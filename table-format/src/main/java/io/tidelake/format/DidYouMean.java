package io.tidelake.format;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean" for names a user typed (columns, properties, options): the closest known name by
 * case-insensitive Levenshtein distance, since typos are the usual cause of an unknown name.
 */
public final class DidYouMean {
  private DidYouMean() {}

  /** The candidate closest to {@code typed} at a distance below {@code limit}, or null; ties keep the first. */
  public static String closest(String typed, Collection<String> candidates, int limit) {
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = limit;
    for (String c : candidates) {
      int d = distance(t, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** {@code " (did you mean 'x'?)"} for a candidate below {@code limit}, else "". */
  public static String hint(String typed, Collection<String> candidates, int limit) {
    String c = closest(typed, candidates, limit);
    return c == null ? "" : " (did you mean '" + c + "'?)";
  }

  /** Levenshtein distance (insert, delete, substitute one character). */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
