package io.tidelake.format.predicate.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern: {@code %} any run of characters, {@code _} one character (code point), and a
 * backslash makes the next character literal. Also exposes the literal prefix that stats skipping
 * uses: every match of {@code 'abc%x'} starts with {@code abc}.
 */
public final class LikePattern {
  private static final int CACHE_LIMIT = 512;
  private static final ConcurrentHashMap<String, LikePattern> CACHE = new ConcurrentHashMap<>();

  private final String prefix;
  private final boolean exact;
  private final boolean prefixOnly;
  private final Pattern regex;

  private LikePattern(String pattern) {
    StringBuilder literal = new StringBuilder();
    StringBuilder re = new StringBuilder();
    String firstWildcardRest = null;
    boolean sawWildcard = false;
    int i = 0;
    while (i < pattern.length()) {
      int cp = pattern.codePointAt(i);
      int len = Character.charCount(cp);
      if (cp == '\\' && i + len < pattern.length()) {
        int next = pattern.codePointAt(i + len);
        appendLiteral(next, sawWildcard ? null : literal, re);
        i += len + Character.charCount(next);
        continue;
      }
      if (cp == '%' || cp == '_') {
        if (!sawWildcard) {
          sawWildcard = true;
          firstWildcardRest = pattern.substring(i);
        }
        re.append(cp == '%' ? ".*" : ".");
      } else {
        appendLiteral(cp, sawWildcard ? null : literal, re);
      }
      i += len;
    }
    this.prefix = literal.toString();
    this.exact = !sawWildcard;
    // 'abc%' and 'abc%%': every string starting with abc matches, which lets NOT LIKE skip too.
    this.prefixOnly = sawWildcard && firstWildcardRest.chars().allMatch(c -> c == '%');
    this.regex = Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static void appendLiteral(int cp, StringBuilder literal, StringBuilder re) {
    if (literal != null) {
      literal.appendCodePoint(cp);
    }
    re.append(Pattern.quote(new String(Character.toChars(cp))));
  }

  public static LikePattern of(String pattern) {
    LikePattern p = CACHE.get(pattern);
    if (p == null) {
      p = new LikePattern(pattern);
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(pattern, p);
    }
    return p;
  }

  /** The literal text before the first wildcard (all of it when {@link #isExact()}). */
  public String prefix() {
    return prefix;
  }

  /** No wildcards: LIKE is plain equality with {@link #prefix()}. */
  public boolean isExact() {
    return exact;
  }

  /** The pattern is {@link #prefix()} followed only by {@code %}: LIKE means "starts with". */
  public boolean isPrefixOnly() {
    return prefixOnly;
  }

  public boolean matches(String s) {
    if (exact) {
      return s.equals(prefix);
    }
    if (prefixOnly) {
      return s.startsWith(prefix);
    }
    return regex.matcher(s).matches();
  }
}
