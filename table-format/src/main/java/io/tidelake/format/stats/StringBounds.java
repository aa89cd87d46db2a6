package io.tidelake.format.stats;

/**
 * Truncation of string min/max statistics, as Delta-Spark 3.x does it ({@code StatisticsCollection
 * .truncateMinStringAgg / truncateMaxStringAgg}), so our stats bound the same way and cost the same log space.
 *
 * <ul>
 *   <li>min: the first {@code prefixLength} UTF-16 chars, never splitting a surrogate pair. A prefix is
 *       ≤ the value, so it stays a lower bound.
 *   <li>max: a prefix followed by a tie-breaker that makes it ≥ every value with that prefix in UTF-8 byte
 *       order: U+007F when the next char is below U+007F (one byte, keeps the bound short), else U+10FFFF
 *       (the largest code point). Chars that already are U+10FFFF are kept and skipped. If no bound fits in
 *       2 × prefixLength chars, there is no max (null).
 * </ul>
 * Lengths are counted in UTF-16 chars ({@code String.length()}), as Spark does.
 */
public final class StringBounds {
  /** Delta-Spark's default string prefix length (a Spark SQL setting there, not a table property). */
  public static final int DEFAULT_PREFIX_LENGTH = 32;

  private static final char ASCII_MAX = '\u007F';
  private static final String UTF8_MAX = new String(Character.toChars(Character.MAX_CODE_POINT));

  private StringBounds() {}

  public static String truncateMin(String s, int prefixLength) {
    if (s == null || s.length() <= prefixLength) {
      return s;
    }
    if (prefixLength <= 0) {
      return null;
    }
    if (Character.isHighSurrogate(s.charAt(prefixLength - 1)) && Character.isLowSurrogate(s.charAt(prefixLength))) {
      return s.substring(0, prefixLength + 1);
    }
    return s.substring(0, prefixLength);
  }

  public static String truncateMax(String s, int prefixLength) {
    if (s == null || s.length() <= prefixLength) {
      return s;
    }
    if (prefixLength <= 0) {
      return null;
    }
    int limit = 2 * prefixLength;
    int len = truncateMin(s, prefixLength).length();
    while (len <= limit) {
      if (len >= s.length()) {
        return s;
      }
      if (len + 1 < s.length() && s.startsWith(UTF8_MAX, len)) {
        len += 2; // already the largest code point: no tie-breaker can beat it, keep it and move on
      } else if (s.charAt(len) < ASCII_MAX) {
        return s.substring(0, len) + ASCII_MAX;
      } else {
        return s.substring(0, len) + UTF8_MAX;
      }
    }
    return null;
  }
}
