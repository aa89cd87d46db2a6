package io.tidelake.cli;

import java.util.Collection;
import io.tidelake.format.DidYouMean;

/** "Did you mean" for names the user typed: the closest known name within a small edit distance. */
final class Suggest {
  private Suggest() {}

  /** The closest candidate (case-insensitive Levenshtein distance at most a third of the length, min 2), or null. */
  static String closest(String typed, Collection<String> candidates) {
    return DidYouMean.closest(typed, candidates, Math.max(2, typed.length() / 3) + 1);
  }

  /** " (did you mean 'x'?)" or "". */
  static String hint(String typed, Collection<String> candidates) {
    String c = closest(typed, candidates);
    return c == null ? "" : " (did you mean '" + c + "'?)";
  }
}
