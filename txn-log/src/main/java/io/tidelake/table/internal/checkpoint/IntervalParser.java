package io.tidelake.table.internal.checkpoint;

import java.util.Locale;

/**
 * Delta's interval property values ({@code "interval 7 days"}, {@code "interval 30 days"},
 * {@code "interval 1 hours"}): a number and a unit, with or without the leading word.
 */
public final class IntervalParser {
  private IntervalParser() {}

  public static long toMillis(String value, long fallback) {
    String[] parts = value.trim().toLowerCase(Locale.ROOT).replaceFirst("^interval\\s+", "").split("\\s+");
    if (parts.length != 2) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      return fallback;
    }
    String unit = parts[1].endsWith("s") ? parts[1].substring(0, parts[1].length() - 1) : parts[1];
    switch (unit) {
      case "millisecond": return n;
      case "second": return n * 1000L;
      case "minute": return n * 60_000L;
      case "hour": return n * 3_600_000L;
      case "day": return n * 86_400_000L;
      case "week": return n * 7 * 86_400_000L;
      default: return fallback;
    }
  }
}
