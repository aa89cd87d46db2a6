package io.tidelake.table.internal.checkpoint;

import java.util.Locale;

/**
 * Delta's interval property values ({@code "interval 7 days"}, {@code "interval 30 days"},
 * {@code "interval 1 hours"}): a number and a unit, with or without the leading word.
 */
public final class IntervalParser {
  private IntervalParser() {}

  /**
   * Milliseconds of an interval such as {@code interval 1 week 2 days}: every number/unit pair is added.
   * Text that does not parse gives {@code fallback}.
   */
  public static long toMillis(String value, long fallback) {
    String[] parts = value.trim().toLowerCase(Locale.ROOT).replaceFirst("^interval\\s+", "").split("\\s+");
    if (parts.length == 0 || parts.length % 2 != 0) {
      return fallback;
    }
    long total = 0;
    for (int i = 0; i < parts.length; i += 2) {
      long n;
      try {
        n = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        return fallback;
      }
      long unitMs = unitMillis(parts[i + 1]);
      if (unitMs < 0) {
        return fallback;
      }
      try {
        total = Math.addExact(total, Math.multiplyExact(n, unitMs));
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return total;
  }

  private static long unitMillis(String word) {
    String unit = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    switch (unit) {
      case "millisecond": return 1L;
      case "second": return 1000L;
      case "minute": return 60_000L;
      case "hour": return 3_600_000L;
      case "day": return 86_400_000L;
      case "week": return 7 * 86_400_000L;
      default: return -1;
    }
  }
}
